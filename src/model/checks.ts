// What the checks report, per platform, and the levels and bounds they run under.

/** error fails the step, warn warns, off skips the check. */
export type CheckLevel = 'error' | 'warn' | 'off';
/** What the base-image preflight does about a platform a base image lacks. */
export type PlatformCheck = 'error' | 'trim' | 'warn' | 'off';

export interface AuditBounds {
  /** Tar entries of every kind per platform. */
  maxFiles: number;
  /** Decompressed bytes per platform. */
  maxBytes: number;
  /** For the whole audit. */
  timeoutMs: number;
}

/** A name from the architecture table's ELF column, 'ppc64' (big-endian POWER) or 'other'. */
export type ElfMachine = string;

/** The audit's bounds when arch-audit-limits leaves one out. */
export const defaultAuditBounds: AuditBounds = { maxFiles: 50_000, maxBytes: 2 * 1024 ** 3, timeoutMs: 120_000 };

/**
 * What bounds a smoke run's container, as `docker run` flags. The defaults are the strictest a
 * typical smoke command still passes under; smoke-test-flags loosens them.
 */
export interface SmokeIsolation {
  /** Capabilities given back after --cap-drop ALL (ALL gives Docker's defaults back). */
  capAdd: string[];
  /** --security-opt no-new-privileges: no setuid binary or file capability raises privileges. */
  noNewPrivileges: boolean;
  /** --pids-limit; 0 for none. */
  pidsLimit: number;
  /** --memory, in docker's format (512m, 1g); '' for none. */
  memory: string;
  /** --read-only root, with a small tmpfs at /tmp. */
  readOnly: boolean;
  /** More tmpfs mounts (path[:options]), the writable places a read-only root leaves. */
  tmpfs: string[];
}

export const defaultSmokeIsolation: SmokeIsolation = {
  capAdd: [],
  noNewPrivileges: true,
  pidsLimit: 256,
  memory: '1g',
  readOnly: true,
  tmpfs: []
};

export interface ElfInfo {
  machine: ElfMachine;
  bits: 32 | 64;
  littleEndian: boolean;
  type: 'executable' | 'shared' | 'relocatable' | 'core' | 'other';
}

export interface AuditFinding {
  path: string;
  info: ElfInfo;
}

export interface AuditResult {
  platform: string;
  /** Tar entries read across the layers, including ones a later layer deletes. */
  scannedEntries: number;
  /** Regular files among them. */
  scannedFiles: number;
  /** Decompressed bytes read. */
  scannedBytes: number;
  /** ELF files in the final filesystem (hard links counted once). */
  elfFiles: number;
  /** Executables and shared objects for another architecture, hard links reported once. */
  mismatches: AuditFinding[];
  /** Why the scan stopped early; mismatches then cover only what was read. */
  truncated?: string;
}

type AuditStatus = 'pass' | 'fail' | 'incomplete' | 'skipped';

export interface PlatformAudit {
  platform: string;
  /** incomplete: a bound cut the scan short or a layer could not be read; skipped: nothing to check (not Linux). */
  status: AuditStatus;
  result?: AuditResult;
  message: string;
  /** Layers scanned, and leading layers skipped as the base image's. */
  layers?: { scanned: number; skipped: number };
}

export interface SmokeResult {
  platform: string;
  status: 'pass' | 'fail';
  exitCode: number;
  output: string;
  advice?: string;
}

export interface FloatingTagLeftAlone {
  reference: string;
  carried: string;
}

/** A cell of the job summary's per-platform table: text, lines, or code (output of the image, never markup). */
type CheckCell = string | readonly string[] | { code: string };

/** What one check of the built image found: the same shape for every check, so the phase, the outputs and the summary need no change for a new one. */
export interface CheckResult {
  /** What failed: the step fails, and no tag moves. */
  failures: string[];
  /** Said as warnings, and as plain lines, once the checks that read the image finished. */
  warnings?: string[];
  notes?: string[];
  /** Per platform: its status (for the checks line) and the summary table's cells under the check's columns. */
  rows?: { platform: string; status: string; cells: CheckCell[] }[];
  /** The check's step output (JSON), when it has one. */
  output?: string;
}
