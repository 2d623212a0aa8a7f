// The docker driver sends every blob of its OCI export to the client, but into a layout that already
// holds a blob BuildKit writes nothing. So the layout of an image's last release is kept on the
// runner (private to its user, one per image, one job at a time) and pruned to that release: the
// next release writes only what changed, where a fresh layout would be a full copy every time.
// On a fresh runner the layout is empty: stand-ins (stand-ins.ts) for the layers every target
// repository has keep BuildKit from writing those; they are gone when the layout is released, and
// a job that takes the layout over removes any that a killed step left, before using it.
import { createHash } from 'node:crypto';
import { openSync, readdirSync, readFileSync, rmSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../model/errors.js';
import { privateCacheDir, privateDir } from '../seams/private-dir.js';
import { collectContent, contentBlobs, layoutOrigin } from './image-content.js';
import { OciLayout } from './oci-layout.js';
import { StandIns, sweepStandIns } from './stand-ins.js';

/** Where the export goes, and what to do with it when the step is done. */
export interface ExportLayout {
  readonly dir: string;
  /** Whether it is a kept layout (reused by the next release), not the job's own throwaway one. */
  readonly kept: boolean;
  /** Why no kept layout could be had (a fresh one is used), when it was asked for. */
  readonly why?: string;
  /** Prunes a kept layout to its last image and lets the next job have it; removes a throwaway one. */
  release(): Promise<string | undefined>;
}

/** The folder of kept layouts: where the daemon's build cache would outlive the job too. */
export function keptLayoutRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return privateCacheDir('oci-layouts', env);
}

/** The job's own layout, removed when the step is done. */
export function throwawayLayout(dir: string, why?: string): ExportLayout {
  return {
    dir,
    kept: false,
    ...(why ? { why } : {}),
    release: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve(undefined);
    }
  };
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the lock file (this process's pid); a lock whose process is gone is taken over. */
function lock(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isSafeInteger(owner) && owner > 0 && isAlive(owner)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

/** Removes every blob the layout's image does not name (earlier releases' layers, unfinished writes), and every stand-in. */
export async function pruneLayout(dir: string): Promise<number> {
  rmSync(path.join(dir, 'ingest'), { recursive: true, force: true });
  sweepStandIns(dir);
  const layout = OciLayout.open(dir);
  const content = await collectContent(layout.topManifest(), () => layoutOrigin(layout));
  const named = new Set([
    layout.top.digest,
    ...content.manifests.map(({ item }) => item.digest),
    ...contentBlobs(content).map(({ item }) => item.digest)
  ]);
  const blobs = path.join(dir, 'blobs', 'sha256');
  let removed = 0;
  for (const hex of readdirSync(blobs)) {
    if (named.has(`sha256:${hex}`)) continue;
    unlinkSync(path.join(blobs, hex));
    removed++;
  }
  return removed;
}

/**
 * The export's layout, had when an export first needs it: a release whose builder pushes by digest
 * never asks, so it never locks the image's kept layout (another job's release on the docker driver
 * may have it meanwhile) and never makes a directory.
 */
export class LayoutOnDemand {
  private held: ExportLayout | undefined;
  private placed: StandIns | undefined;

  constructor(private readonly hold: () => ExportLayout) {}

  /** The layout; the first call holds it (a kept layout's lock is taken then), later ones get the same. */
  get(): ExportLayout {
    this.held ??= this.hold();
    return this.held;
  }

  /** Places stand-ins for these layers (every target repository has them) in the held layout, recorded in `recordFile`. */
  placeStandIns(layers: Iterable<string>, recordFile: string): StandIns {
    this.placed ??= StandIns.place(this.get().dir, layers, recordFile);
    return this.placed;
  }

  /** The stand-ins placed in the layout, if any. */
  get standIns(): StandIns | undefined {
    return this.placed;
  }

  /** Removes the stand-ins, then releases what was held (see ExportLayout.release); nothing when no export needed it. */
  async release(): Promise<string | undefined> {
    if (!this.held) return undefined;
    let removed: string | undefined;
    try {
      removed = this.placed ? `${this.placed.remove()} stand-in(s) removed` : undefined;
    } catch (error) {
      // A layout whose stand-ins cannot be removed is no use to anyone: it goes whole.
      rmSync(this.held.dir, { recursive: true, force: true });
      removed = `the layout removed, as its stand-ins could not be: ${errorMessage(error)}`;
    }
    const released = await this.held.release();
    return [released, removed].filter(Boolean).join('; ') || undefined;
  }
}

interface HoldOptions {
  /** What makes two releases the same image: its repositories and platforms. */
  key: string;
  /** The job's own layout, used when no kept one can be had. */
  fallbackDir: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
}

/** The kept layout for this image, or the job's own when none is private or another job holds it. */
export function holdKeptLayout({
  key,
  fallbackDir,
  env = process.env,
  uid = process.getuid?.() ?? -1
}: HoldOptions): ExportLayout {
  const root = keptLayoutRoot(env);
  if (!root) return throwawayLayout(fallbackDir, 'neither XDG_CACHE_HOME, HOME nor RUNNER_TOOL_CACHE is set');
  const dir = path.join(root, createHash('sha256').update(key).digest('hex').slice(0, 16));
  const lockFile = `${dir}.lock`;
  try {
    const problem = privateDir(dir, uid);
    if (problem) return throwawayLayout(fallbackDir, problem);
    if (!lock(lockFile)) return throwawayLayout(fallbackDir, 'another job on this runner is releasing this image');
  } catch (error) {
    return throwawayLayout(fallbackDir, errorMessage(error));
  }
  try {
    // A step that was killed may have left stand-ins: never taken for the layers they stand for.
    sweepStandIns(dir);
  } catch (error) {
    rmSync(lockFile, { force: true });
    return throwawayLayout(fallbackDir, errorMessage(error));
  }
  return {
    dir,
    kept: true,
    release: async () => {
      try {
        const removed = await pruneLayout(dir);
        return `kept layout ${dir}: ${removed} blob(s) of earlier releases removed`;
      } catch (error) {
        // A layout that cannot be read back is no use to the next release either.
        rmSync(dir, { recursive: true, force: true });
        return `kept layout ${dir} removed: ${errorMessage(error)}`;
      } finally {
        rmSync(lockFile, { force: true });
      }
    }
  };
}
