// The provenance a build asks buildx for (planning/provenance.ts), through planBuild: the input as
// given, else build-push-action's default (max on a public repository, min,inline-only on a private
// one, builder-id the run's URL) wherever the image is exported, and no flag where nothing is.
import { describe, expect, it } from '@jest/globals';
import { planBuild } from '../../../src/planning/build-plan.js';
import { defaultProvenance } from '../../../src/planning/provenance.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { event, inputsOf, pullRequest } from '../../helpers/plans.js';
import type { GitEvent } from '../../../src/model/event.js';

const RUN = 'https://github.com/acme/app/actions/runs/4242/attempts/2';
const publicPush = event({ repositoryPrivate: false, runUrl: RUN });
const privatePush = event({ repositoryPrivate: true, runUrl: RUN });
const MAX = `mode=max,builder-id=${RUN}`;
const MIN = `mode=min,builder-id=${RUN}`;
const MIN_INLINE = `mode=min,inline-only=true,builder-id=${RUN}`;
const tags = { tags: '127.0.0.1:5001/acme/app:1' };

const provenanceOf = (values: Record<string, string>, on: GitEvent): string =>
  planBuild(inputsOf({ ...tags, ...values }), on, parsePlatform('linux/amd64')).build.provenance;

describe('the default provenance of an event', () => {
  it.each<[string, GitEvent, boolean, string]>([
    ['a public repository: max, builder-id the run', publicPush, true, MAX],
    ['a private repository, pushed: min, attached to the pushed image', privatePush, true, MIN],
    ['a private repository, to outputs: min, inline only', privatePush, false, MIN_INLINE],
    ['a payload that does not say: min (build-push-action would take it as public)', event({ runUrl: RUN }), true, MIN],
    ['no run to point at: no builder-id', event({ repositoryPrivate: false }), true, 'mode=max']
  ])('%s', (_why, on, pushed, expected) => {
    expect(defaultProvenance(on, pushed)).toBe(expected);
  });
});

describe('planBuild: what --provenance gets', () => {
  it.each<[string, Record<string, string>, GitEvent, string]>([
    ['pushed, public repository', {}, publicPush, MAX],
    ['pushed, private repository', {}, privatePush, MIN],
    [
      'pushed and loaded: the pushed image keeps the default',
      { load: 'true', platforms: 'linux/amd64' },
      publicPush,
      MAX
    ],
    ['provenance: false turns it off', { provenance: 'false' }, publicPush, 'false'],
    ['any other value is passed as given, builder-id not added', { provenance: 'mode=max' }, privatePush, 'mode=max'],
    ['attests names a provenance: that one decides', { attests: 'type=provenance,mode=min' }, publicPush, ''],
    ['attests with an sbom only: the default stays', { attests: 'type=sbom' }, publicPush, MAX],
    [
      'a pull request (nothing pushed, nothing exported): no flag',
      {},
      { ...pullRequest, repositoryPrivate: false },
      ''
    ],
    ['push: false, nothing exported: no flag', { push: 'false' }, publicPush, ''],
    [
      'push: false with load (the docker image store): no flag, as build-push-action',
      { push: 'false', load: 'true', platforms: 'linux/amd64' },
      publicPush,
      ''
    ],
    [
      'outputs to a directory: the default, inline only, as build-push-action',
      { outputs: 'type=local,dest=out', tags: '' },
      privatePush,
      MIN_INLINE
    ],
    ['outputs type=docker: no flag', { outputs: 'type=docker,dest=img.tar', tags: '' }, publicPush, ''],
    ['call: check builds no image: no flag', { call: 'check', tags: '' }, publicPush, '']
  ])('%s', (_why, values, on, expected) => {
    expect(provenanceOf(values, on)).toBe(expected);
  });
});
