// The base-image check when a login was left out for want of its secret (a fork's pull request): an
// image on that registry that cannot be read fails the check, naming the registry, the image and
// the empty secret; images elsewhere keep the warning they always had.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import type { PreflightPlan } from '../../../src/model/plan.js';
import { rejectionOf } from '../../helpers/errors.js';

const readable = new Map<string, string[] | undefined | Error>();
jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/registry/oci-reads.js', () => ({
  remotePlatforms: (_session: unknown, reference: string) => {
    const answer = readable.get(reference);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}));
const { checkBasePlatforms } = await import('../../../src/checks/preflight.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { RegistrySession } = await import('../../../src/registry/session.js');

const amd64 = { os: 'linux', architecture: 'amd64' };
const unauthorized = new Error(
  'Registry ghcr.io answered HTTP 401 to reading the manifest: it requires a login and there is none for it'
);

function plan(dockerfile: string, skippedLogins: PreflightPlan['skippedLogins']): PreflightPlan {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mab-preflight-')), 'Dockerfile');
  writeFileSync(file, dockerfile);
  return {
    level: 'error',
    dockerfile: { path: file, text: dockerfile, buildArgs: [], target: '', buildContexts: [] },
    ...(skippedLogins ? { skippedLogins } : {})
  };
}

const skipped = [{ registry: 'ghcr.io', secret: 'password' }];

describe('the base-image check after a skipped login', () => {
  beforeEach(() => {
    coreFixture.resetCoreMock();
    readable.clear();
  });

  it.each([
    ['refused', unauthorized, /HTTP 401 to reading the manifest/],
    ['not found (a private image looks absent to some registries)', undefined, /the registry has no such image/]
  ])(
    'fails for an image on that registry that is %s, naming registry, image and secret',
    async (_case, answer, why) => {
      readable.set('ghcr.io/acme/private-base:1', answer);
      const error = await rejectionOf(
        ActionError,
        checkBasePlatforms(new RegistrySession(), plan('FROM ghcr.io/acme/private-base:1\n', skipped), [amd64], amd64)
      );
      expect(error.message).toMatch(
        /^Platform check: the base image ghcr\.io\/acme\/private-base:1 \(Dockerfile line 1\) could not be read from ghcr\.io: /
      );
      expect(error.message).toMatch(why);
      expect(error.message).toContain('Its login was skipped: the password is empty');
    }
  );

  it('names the registry-auth entry whose password was empty', async () => {
    readable.set('ghcr.io/acme/private-base:1', unauthorized);
    const entry = [{ registry: 'ghcr.io', secret: 'password of registry-auth entry 2' }];
    const error = await rejectionOf(
      ActionError,
      checkBasePlatforms(new RegistrySession(), plan('FROM ghcr.io/acme/private-base:1\n', entry), [amd64], amd64)
    );
    expect(error.message).toContain('Its login was skipped: the password of registry-auth entry 2 is empty');
  });

  it('warns and goes on for an unreadable image on another registry, and for any without a skipped login', async () => {
    readable.set('quay.io/acme/base:1', unauthorized);
    readable.set('ghcr.io/acme/public-base:1', ['linux/amd64']);
    const dockerfile = 'FROM quay.io/acme/base:1 AS one\nFROM ghcr.io/acme/public-base:1\n';
    await expect(checkBasePlatforms(new RegistrySession(), plan(dockerfile, skipped), [amd64], amd64)).resolves.toEqual(
      [amd64]
    );
    readable.set('ghcr.io/acme/private-base:1', unauthorized);
    await expect(
      checkBasePlatforms(new RegistrySession(), plan('FROM ghcr.io/acme/private-base:1\n', undefined), [amd64], amd64)
    ).resolves.toEqual([amd64]);
    expect(coreFixture.warning.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringMatching(/^Platform check: could not read quay\.io\/acme\/base:1, so it is not checked: .*HTTP 401/),
      expect.stringMatching(/^Platform check: could not read ghcr\.io\/acme\/private-base:1, so it is not checked/)
    ]);
  });
});
