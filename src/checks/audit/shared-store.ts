// Where shared scans travel between runners: the GitHub Actions cache, through @actions/cache, loaded
// only when the runner has the cache service, so other runs do not pay its start-up cost. One
// restore before the audit, at most one save after it. The cache service failing never fails the
// audit: it warns, and the layers are read from the image as without it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage } from '../../model/errors.js';
import { runAhead } from '../../seams/left-behind.js';
import { privateDir } from '../../seams/private-dir.js';

/** What the cache stores: this directory, as a tar @actions/cache makes and unpacks. */
const SHARED_PATH = '~/.cache/multiarch-build-push/audit-share';
const BUNDLE_FILE = 'scans.json';
/** A cache service that does not answer in this time is left behind: the audit goes on without it. */
const CACHE_WAIT_MS = 30_000;

export interface SharedStore {
  /** The newest bundle under the prefix, and its key; undefined when there is none. */
  restore(prefix: string): Promise<{ key: string; text: string } | undefined>;
  save(key: string, text: string): Promise<void>;
}

/** Why the GitHub Actions cache cannot be used here, or undefined when it can. */
export function cacheServiceMissing(env: NodeJS.ProcessEnv): string | undefined {
  if (!env['ACTIONS_RESULTS_URL'] && !env['ACTIONS_CACHE_URL'])
    return 'the runner has no cache service (ACTIONS_RESULTS_URL and ACTIONS_CACHE_URL are not set)';
  if (!env['ACTIONS_RUNTIME_TOKEN']) return 'the runner gave this step no ACTIONS_RUNTIME_TOKEN';
  return undefined;
}

/** Written by `npm run build` beside the bundle (scripts/code-identity.mjs): the identity below, and each file's size. */
const IDENTITY_FILE = 'code-identity.json';

/**
 * The identity the build recorded, when the bundle beside it is still the one it was recorded for:
 * the same .js files with the same sizes (a rebuild that skipped the script, or an edited file,
 * almost always changes one; then the bundle is hashed). Reading it costs a few stat calls.
 */
function recordedIdentity(dir: string, bundle: readonly string[]): string | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(dir, IDENTITY_FILE), 'utf8')) as {
      identity?: unknown;
      sizes?: Record<string, unknown>;
    } | null;
    const sizes = record?.sizes ?? {};
    if (typeof record?.identity !== 'string' || !/^[0-9a-f]{64}$/.test(record.identity)) return undefined;
    if (Object.keys(sizes).sort().join('\0') !== bundle.join('\0')) return undefined;
    return bundle.every((name) => statSync(path.join(dir, name)).size === sizes[name]) ? record.identity : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The running build of the action, as a hash of its bundled code: a scan is bound to the code that
 * made it. The build records it (so it is not hashed again on every audit); without a record that
 * matches the bundle, the bundle is hashed as the build hashes it. Undefined when the bundle cannot
 * be read: then nothing is shared, rather than bound wrongly.
 */
export function codeIdentity(entry: string | undefined = process.argv[1]): string | undefined {
  const hash = createHash('sha256');
  if (!entry) return undefined;
  const dir = path.dirname(entry);
  try {
    const bundle = readdirSync(dir)
      .filter((file) => file.endsWith('.js'))
      .sort();
    if (bundle.length === 0) return undefined;
    const recorded = recordedIdentity(dir, bundle);
    if (recorded) return recorded;
    for (const name of bundle)
      hash
        .update(name)
        .update('\0')
        .update(readFileSync(path.join(dir, name)));
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

function localDir(): string {
  const dir = path.join(os.homedir(), SHARED_PATH.slice(2));
  const problem = privateDir(dir, process.getuid?.() ?? -1);
  if (problem) throw new Error(problem);
  return dir;
}

/** Empties the directory the cache unpacks into, so only what this restore brings is read. */
function emptied(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(path.join(dir, name), { recursive: true, force: true });
}

/**
 * Settles with `work`, or rejects after `ms`. The work itself is left to finish on its own, noted as
 * running: main's end stops it after a short grace rather than wait for it.
 */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  void runAhead(what, work).catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The GitHub Actions cache as a SharedStore; @actions/cache is imported on first use. */
export function actionsCacheStore(waitMs = CACHE_WAIT_MS): SharedStore {
  const library = (): Promise<typeof import('@actions/cache')> => import('@actions/cache');
  return {
    async restore(prefix) {
      const dir = localDir();
      emptied(dir);
      const { restoreCache } = await library();
      const key = await within(restoreCache([SHARED_PATH], prefix, [prefix]), waitMs, 'restoring the shared scans');
      if (!key) return undefined;
      try {
        return { key, text: readFileSync(path.join(dir, BUNDLE_FILE), 'utf8') };
      } catch (error) {
        throw new Error(`the cache entry ${key} holds no readable ${BUNDLE_FILE}: ${errorMessage(error)}`, {
          cause: error
        });
      }
    },
    async save(key, text) {
      const dir = localDir();
      emptied(dir);
      writeFileSync(path.join(dir, BUNDLE_FILE), text, { mode: 0o600 });
      const { saveCache } = await library();
      await within(saveCache([SHARED_PATH], key), waitMs, 'saving the shared scans');
    }
  };
}
