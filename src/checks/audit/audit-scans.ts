// Where the audit finds a layer's scan before it reads the layer: this runner's scan cache, then the
// scans earlier runs on any runner shared (restored once, before the audit, and only when this
// runner lacks a layer the audit needs), and what the audit reads is shared in turn (saved once,
// after it). Both caches only spare reads: the verdicts are the audit's.
import { errorMessage } from '../../model/errors.js';
import type { LayerScan } from './layer-scan.js';
import type { ScanStore } from './layer-scanner.js';
import type { ScanCache } from './scan-cache.js';
import { auditRules, bundleKey, keyPrefix, mergeBundle, RestoredBundle, shareDecision } from './shared-scans.js';
import type { ScanLookup } from './shared-scans.js';
import { actionsCacheStore, cacheServiceMissing, codeIdentity, type SharedStore } from './shared-store.js';

/** The scans the audit used, by where they came from. */
export class AuditScanCache implements ScanStore {
  /** Every scan this audit composed, in the order it met them: what it shares. */
  readonly used = new Map<string, LayerScan>();
  /** Layers whose scan came from the shared scans. */
  sharedHits = 0;

  /** This runner's scans, each read from disk once. */
  private readonly localScans = new Map<string, LayerScan | undefined>();

  constructor(
    private readonly local: ScanCache | undefined,
    private shared: Pick<ScanLookup, 'get'> = new Map()
  ) {}

  /** The layers among `digests` this runner's scan cache does not have: what only the shared scans could spare. */
  missing(digests: Iterable<string>): string[] {
    return [...new Set(digests)].filter((digest) => !this.readLocal(digest));
  }

  /** The shared scans, once restored. */
  useShared(shared: Pick<ScanLookup, 'get'>): void {
    this.shared = shared;
  }

  private readLocal(digest: string): LayerScan | undefined {
    if (!this.localScans.has(digest)) this.localScans.set(digest, this.local?.read(digest));
    return this.localScans.get(digest);
  }

  read(digest: string): LayerScan | undefined {
    const local = this.readLocal(digest);
    const scan = local ?? this.shared.get(digest);
    if (!scan) return undefined;
    if (!local) {
      this.sharedHits++;
      // Kept on this runner too: a later run here needs no restore for it.
      this.local?.write(digest, scan);
    }
    this.used.set(digest, scan);
    return scan;
  }

  write(digest: string, scan: LayerScan): void {
    this.local?.write(digest, scan);
    this.localScans.set(digest, scan);
    this.used.set(digest, scan);
  }
}

export interface SharingOptions {
  /** arch-audit-cache: auto shares scans through the GitHub Actions cache when the runner has it. */
  share: boolean;
  env?: NodeJS.ProcessEnv;
  store?: SharedStore;
  /** The running action's code, as codeIdentity() hashes it; a scan is bound to it. */
  code?: string;
  info: (line: string) => void;
  warning: (line: string) => void;
}

/** The shared side of an audit: what it restored, and how it saves what it read. */
export interface SharedScans {
  scans: ScanLookup;
  /** A few words for the audit's log line: what was restored, and how many records were refused. */
  describe(): string;
  save(cache: AuditScanCache): Promise<void>;
}

const cacheAdvice = 'the layers are read from the image';

/** Restores the shared scans; never rejects: a cache service that fails costs reads, not the audit. */
export async function restoreSharedScans(options: SharingOptions): Promise<SharedScans | undefined> {
  const env = options.env ?? process.env;
  if (!options.share) return undefined;
  const missing = cacheServiceMissing(env);
  if (missing) {
    options.info(`Architecture audit: no shared scans (${missing})`);
    return undefined;
  }
  const code = options.code ?? codeIdentity();
  if (code === undefined) {
    options.info(`Architecture audit: no shared scans (the action's bundle could not be read to bind them to it)`);
    return undefined;
  }
  const rules = auditRules(code);
  const store = options.store ?? actionsCacheStore();
  let restored: { key: string; text: string } | undefined;
  let failed = false;
  try {
    restored = await store.restore(keyPrefix(rules));
  } catch (error) {
    failed = true;
    options.warning(
      `Architecture audit: the shared scans could not be restored (${errorMessage(error)}); ${cacheAdvice}`
    );
  }
  const scans = new RestoredBundle(restored?.text ?? '{"records":{}}', rules);
  const restoredBytes = restored?.text.length ?? 0;
  let unsaved = '';
  return {
    scans,
    describe: () =>
      (restored
        ? `${scans.size} shared scan(s) restored from ${restored.key}${scans.ignored > 0 ? `, ${scans.ignored} not trusted (not bound to their layer digest or to this audit's rules)` : ''}`
        : 'no shared scans yet') + unsaved,
    async save(cache) {
      // A service that failed once is not asked again in this run: each failure costs the step time.
      if (failed) return;
      const decision = shareDecision(cache.used, scans, restoredBytes);
      if (!decision.share) {
        if (decision.added > 0)
          unsaved = `; ${decision.added} new scan(s) not shared: ${decision.addedBytes} bytes to read again cost less than rewriting the ${restoredBytes}-byte bundle`;
        return;
      }
      const text = JSON.stringify(mergeBundle(rules, cache.used, scans.carried()));
      try {
        await store.save(bundleKey(rules, text), text);
      } catch (error) {
        options.warning(`Architecture audit: the scans could not be shared (${errorMessage(error)})`);
      }
    }
  };
}
