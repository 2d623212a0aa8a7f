// Where the action keeps what outlives a job on a runner: one rule for the kept OCI layouts and the
// audit's scan cache.
import { describe, expect, it } from '@jest/globals';
import { keptLayoutRoot } from '../../../src/registry/kept-layout.js';
import { auditCacheDir } from '../../../src/checks/audit/scan-cache.js';
import { privateCacheDir } from '../../../src/seams/private-dir.js';

describe('privateCacheDir', () => {
  it.each<[string, NodeJS.ProcessEnv, string | undefined]>([
    ['XDG_CACHE_HOME, set on purpose, wins', { XDG_CACHE_HOME: '/x', RUNNER_TOOL_CACHE: '/t', HOME: '/h' }, '/x'],
    ['on a runner: RUNNER_TOOL_CACHE before the home', { RUNNER_TOOL_CACHE: '/t', HOME: '/h' }, '/t'],
    ['XDG_CACHE_HOME over the home alone', { XDG_CACHE_HOME: '/x', HOME: '/h' }, '/x'],
    ['outside a runner: the home’s .cache', { HOME: '/h' }, '/h/.cache'],
    ['empty values count as unset', { XDG_CACHE_HOME: '', RUNNER_TOOL_CACHE: '', HOME: '/h' }, '/h/.cache'],
    ['nothing set: none', {}, undefined]
  ])('%s', (_name, env, base) => {
    const expected = (kind: string): string | undefined => (base ? `${base}/multiarch-build-push/${kind}` : undefined);
    expect(privateCacheDir('some-kind', env)).toBe(expected('some-kind'));
    // The kept layouts and the audit's scan cache follow the same rule.
    expect(keptLayoutRoot(env)).toBe(expected('oci-layouts'));
    expect(auditCacheDir(env)).toBe(expected('arch-audit'));
  });
});
