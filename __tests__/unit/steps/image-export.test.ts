// How the built image leaves BuildKit: by digest where the builder can push so, else into the
// image's kept layout (only what changed is written), and a stream only when no kept layout can be had.
import { describe, expect, it } from '@jest/globals';
import type { Builder } from '../../../src/buildx/builder-config.js';
import type { ExportLayout } from '../../../src/registry/kept-layout.js';
import { LayoutOnDemand } from '../../../src/registry/kept-layout.js';
import { chooseExport } from '../../../src/steps/image-export.js';
import { planBuild } from '../../../src/planning/build-plan.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { event, inputsOf, pullRequest } from '../../helpers/plans.js';

const layoutOf = (kept: boolean): { layout: LayoutOnDemand; held: () => boolean } => {
  let held = false;
  const layout = new LayoutOnDemand((): ExportLayout => {
    held = true;
    return { dir: '/kept/app', kept, release: () => Promise.resolve(undefined) };
  });
  return { layout, held: () => held };
};

const planFor = (values: Record<string, string>, pr = false) =>
  planBuild(
    inputsOf({ tags: 'registry.example.com/acme/app:1', ...values }),
    pr ? pullRequest : event(),
    parsePlatform('linux/amd64')
  );

describe('chooseExport', () => {
  it.each<[string, Record<string, string>, boolean, Builder['driver'], boolean, unknown, boolean]>([
    [
      'a release on a builder that pushes by digest holds no layout',
      {},
      false,
      'docker-container',
      true,
      { kind: 'push-by-digest', repositories: ['registry.example.com/acme/app'] },
      false
    ],
    [
      'a release on the docker driver: the kept layout',
      {},
      false,
      'docker',
      true,
      { kind: 'layout', dir: '/kept/app' },
      true
    ],
    [
      'a pull request on the docker driver: the kept layout',
      {},
      true,
      'docker',
      true,
      { kind: 'layout', dir: '/kept/app' },
      true
    ],
    [
      'a pull request with a smoke run on the docker driver: the stream, and the image in the daemon',
      { 'smoke-test': 'true' },
      true,
      'docker',
      true,
      { kind: 'stream', localImage: 'job-x:checks' },
      false
    ],
    ['a pull request with no kept layout to be had: the stream', {}, true, 'docker', false, { kind: 'stream' }, true],
    [
      'a pull request on another driver: the kept layout, no image in a daemon',
      { 'smoke-test': 'true' },
      true,
      'docker-container',
      true,
      { kind: 'layout', dir: '/kept/app' },
      true
    ],
    [
      'a pull request with no check that reads the image: no export, no layout',
      { 'arch-audit': 'off' },
      true,
      'docker',
      true,
      undefined,
      false
    ]
  ])('%s', (_name, values, pr, driver, kept, expected, holds) => {
    const { layout, held } = layoutOf(kept);
    const exported = chooseExport(planFor(values, pr), { driver } as Builder, { name: 'job-x', layout });
    expect(exported).toEqual(expected);
    expect(held()).toBe(holds);
  });
});
