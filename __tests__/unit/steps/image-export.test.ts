// How the built image leaves BuildKit: by digest where the builder can push so, else into the
// image's kept layout (only what changed is written), and a stream only when no kept layout can be had.
import { describe, expect, it } from '@jest/globals';
import type { Builder } from '../../../src/buildx/builder-config.js';
import type { ExportLayout } from '../../../src/registry/kept-layout.js';
import { LayoutOnDemand } from '../../../src/registry/kept-layout.js';
import { chooseExport, startTagRead } from '../../../src/steps/image-export.js';
import type { RegistrySession } from '../../../src/registry/session.js';
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

describe('startTagRead', () => {
  /** A session whose registries have no tag yet, recording what was asked; `broken` throws on any registry. */
  const sessionOf = (broken = false) => {
    const asked: string[] = [];
    const session = {
      registry: (host: string) => {
        if (broken) throw new Error(`no client for ${host}`);
        return {
          getManifest: (repository: string, reference: string) => {
            asked.push(`${host}/${repository}:${reference}`);
            return Promise.resolve(undefined);
          }
        };
      }
    } as unknown as RegistrySession;
    return { session, asked };
  };

  it.each<[string, Record<string, string>, boolean]>([
    ['a release on the docker driver', { driver: 'docker' }, true],
    ['a release whose driver is decided later (auto)', {}, true],
    ["a release on the user's builder (its driver is read later)", { builder: 'mine' }, true],
    ['a release on a driver that pushes by digest', { driver: 'docker-container' }, false],
    ['a release that loads the image into the daemon', { load: 'true' }, false],
    ["a release to the user's outputs", { outputs: 'type=local,dest=out' }, false]
  ])('%s: started %s', async (_name, values, started) => {
    const { session, asked } = sessionOf();
    const read = startTagRead(planFor(values), { session });
    expect(read !== undefined).toBe(started);
    if (!read) return expect(asked).toStrictEqual([]);
    await expect(read).resolves.toMatchObject({ layers: [] });
    // The user's tag, then the repository's latest (what a pull request's stand-ins fall back to).
    expect(asked).toStrictEqual(['registry.example.com/acme/app:1', 'registry.example.com/acme/app:latest']);
  });

  it('a build that pushes nothing reads no tag before its export is chosen', () => {
    const { session, asked } = sessionOf();
    expect(startTagRead(planFor({}, true), { session })).toBeUndefined();
    expect(asked).toStrictEqual([]);
  });

  it('never rejects: a read that cannot start gives no layers and says why', async () => {
    const read = startTagRead(planFor({}), sessionOf(true));
    await expect(read).resolves.toStrictEqual({
      layers: [],
      notes: ['tags not read (no client for registry.example.com)']
    });
  });
});
