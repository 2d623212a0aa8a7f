// removeBuilder with the real exec seam and a fake docker on PATH: a kubernetes or remote builder
// that buildx cannot remove in time is named, with what is left and how to remove it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeBuilder } from '../../../src/buildx/builder-removal.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-builder-removal-'));
const bin = path.join(root, 'bin');
const calls = path.join(root, 'calls.log');
const savedPath = process.env['PATH'];

/** A job config holding buildx's record of a builder, as `buildx create` writes it. */
function jobConfig(name: string, driver: string, nodes: { Name: string; Endpoint: string; DriverOpts?: object }[]) {
  const dir = mkdtempSync(path.join(root, 'config-'));
  mkdirSync(path.join(dir, 'buildx', 'instances'), { recursive: true });
  const record = {
    Name: name,
    Driver: driver,
    Nodes: nodes.map((node) => ({ Platforms: null, Flags: null, Files: null, DriverOpts: null, ...node })),
    Dynamic: false
  };
  writeFileSync(path.join(dir, 'buildx', 'instances', name), JSON.stringify(record));
  return dir;
}

beforeAll(() => {
  mkdirSync(bin);
  // A docker whose `buildx rm` hangs, as against a cluster that no longer answers, holding its output
  // open through a background child; every call is logged.
  writeFileSync(
    path.join(bin, 'docker'),
    `#!/bin/sh\necho "$*" >> ${calls}\nif [ "$1" = buildx ]; then sleep 30 & exec sleep 30; fi\nexit 0\n`,
    { mode: 0o755 }
  );
  process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
});
afterAll(() => {
  process.env['PATH'] = savedPath;
  rmSync(root, { recursive: true, force: true });
});

describe('removeBuilder, when buildx rm does not finish', () => {
  it('kubernetes: returns at the limit, naming each deployment, its namespace and the kubectl command', async () => {
    writeFileSync(calls, '');
    const configDir = jobConfig('mab-1-build-x', 'kubernetes', [
      {
        Name: 'mab-1-build-x0',
        Endpoint: 'kubernetes:///mab-1-build-x?deploymentName=mab-1-build-x0',
        DriverOpts: { namespace: 'buildkit' }
      },
      { Name: 'arm_64', Endpoint: 'kubernetes:///mab-1-build-x?deploymentName=arm-64' }
    ]);
    // The fake's buildx rm lasts 30 s, past this test's 20 s: a removal that waited for it fails here.
    const problems = await removeBuilder('mab-1-build-x', 300, { driver: 'kubernetes', configDir });
    expect(problems).toEqual([
      'builder mab-1-build-x (kubernetes) was not removed: docker buildx rm did not finish within 300 ms. ' +
        "Its BuildKit may still run in the cluster: mab-1-build-x0 (namespace buildkit), arm-64 (namespace of your kubeconfig's current context), " +
        'with its pods (label app=<deployment>) and ConfigMaps (<deployment>-*). Remove them with: ' +
        'kubectl delete deployment,statefulset mab-1-build-x0 --namespace buildkit --ignore-not-found; ' +
        'kubectl delete deployment,statefulset arm-64 --ignore-not-found'
    ]);
    // No docker-container fallback: there is no container of that name to remove.
    expect(readFileSync(calls, 'utf8')).toBe('buildx rm --force mab-1-build-x\n');
  }, 20_000);

  it('remote: says the record goes with the job config and the buildkitd at the endpoint is the user’s', async () => {
    writeFileSync(calls, '');
    const configDir = jobConfig('mab-1-build-y', 'remote', [
      { Name: 'mab-1-build-y0', Endpoint: 'tcp://buildkitd.internal:1234' }
    ]);
    const problems = await removeBuilder('mab-1-build-y', 300, { driver: 'remote', configDir });
    expect(problems).toEqual([
      expect.stringMatching(
        /^builder mab-1-build-y \(remote\) was not removed: docker buildx rm did not finish within 300 ms\. .*its record goes with the job's Docker config, and the buildkitd at tcp:\/\/buildkitd\.internal:1234 is yours and keeps running/
      )
    ]);
  }, 20_000);

  it('kubernetes without a record: names the first node’s deployment as buildx names it', async () => {
    const problems = await removeBuilder('mab-1-build-z', 300, {
      driver: 'kubernetes',
      configDir: path.join(root, 'gone')
    });
    expect(problems[0]).toContain('mab-1-build-z0 (namespace of your kubeconfig');
    expect(problems[0]).toContain('kubectl delete deployment,statefulset mab-1-build-z0 --ignore-not-found');
  }, 20_000);
});
