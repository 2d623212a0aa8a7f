// createBuilder: the buildx commands for nodes, remote (with TLS client files) and kubernetes, within a
// boot time limit, and what a failure leaves behind (nothing).
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { runnerReader } from '../../../__fixtures__/inputs.js';
import { buildx, configDirs, nodesYaml } from '../../helpers/builders.js';
import { rejectionOf } from '../../helpers/errors.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { BOOTSTRAP_TIMEOUT_MS, createBuilder } = await import('../../../src/buildx/builder-config.js');
const { parseInputs } = await import('../../../src/planning/parse-inputs.js');
const { builderPlan } = await import('../../../src/planning/build-plan.js');
const { DEFAULT_BUILDKIT_IMAGE } = await import('../../../src/buildx/builder-args.js');
const pin = `--driver-opt image=${DEFAULT_BUILDKIT_IMAGE}`;
const { ActionError } = await import('../../../src/model/errors.js');
const { parsePlatformList } = await import('../../../src/model/platforms.js');
const { StateKey } = await import('../../../src/model/post-state.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-builder-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const amd64 = parsePlatformList('linux/amd64')[0]!;
const keyBody = 'c2VjcmV0LWtleS1ib2R5LW5ldmVyLWxvZ2dlZA';
const pem = (kind: string, body: string) => `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----`;
const config = () => configDirs(root);
/** The builder's part of the plan, as planBuild makes it. */
const planOf = (values: Record<string, string>) => builderPlan(parseInputs(runnerReader(values)));
const settingsOf = (values: Record<string, string>) => {
  const plan = planOf(values);
  return { ...plan, driver: plan.driver === 'auto' ? ('docker-container' as const) : plan.driver };
};

beforeEach(() => {
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  coreFixture.state.clear();
});

describe('createBuilder with nodes', () => {
  it('saves the name, creates the first node pinned to the runner, appends each node, then boots them within a bound', async () => {
    buildx([
      { name: 'b0', endpoint: 'unix:///var/run/docker.sock', platforms: 'linux/amd64*, linux/arm64' },
      { name: 'arm', endpoint: 'ssh://ci@arm64-host', platforms: 'linux/arm64*' }
    ]);
    const wanted = parsePlatformList('linux/amd64,linux/arm64');
    const builder = await createBuilder({
      name: 'b',
      settings: settingsOf({ nodes: nodesYaml }),
      config: config(),
      wanted,
      runnable: [],
      native: amd64
    });
    expect(execFixture.commandLines()).toEqual([
      `docker buildx create --name b --driver docker-container ${pin} --platform linux/amd64`,
      `docker buildx create --append --name b --node arm ${pin} --platform linux/arm64 -- ssh://ci@arm64-host`,
      'docker buildx inspect --bootstrap --builder b'
    ]);
    expect(execFixture.runOptions()[2]).toMatchObject({ timeoutMs: BOOTSTRAP_TIMEOUT_MS });
    expect(builder.nodes.map((node) => node.name)).toEqual(['b0', 'arm']);
    // Saved before the first command, so post removes a half-made builder.
    expect(coreFixture.state.get(StateKey.Builder)).toBe('b');
    expect(coreFixture.saveState.mock.invocationCallOrder[0]!).toBeLessThan(
      execFixture.run.mock.invocationCallOrder[0]!
    );
  });

  it('a node that cannot be reached: the builder goes at once, and the error names the node and its endpoint', async () => {
    buildx([], {
      when: '--append',
      stderr: 'ERROR: failed to initialize builder b (arm): Cannot connect to the Docker daemon at ssh://ci@arm64-host.'
    });
    const error = await rejectionOf(
      ActionError,
      createBuilder({
        name: 'b',
        settings: settingsOf({ nodes: nodesYaml }),
        config: config(),
        wanted: [amd64],
        runnable: [],
        native: amd64
      })
    );
    expect(error.message).toContain('arm (ssh://ci@arm64-host)');
    expect(execFixture.commandLines().slice(-1)).toEqual(['docker buildx rm --force b']);
    expect(execFixture.commandLines().some((line) => line.includes('inspect'))).toBe(false);
    // Removed already: the post step is not sent after it again.
    expect(coreFixture.state.get(StateKey.Builder)).toBe('');
  });

  it('a boot that runs out of time removes the builder and names every node', async () => {
    buildx([], {
      when: 'inspect --bootstrap',
      stderr: `#1 waiting for connection\n(stopped after the ${BOOTSTRAP_TIMEOUT_MS} ms time limit)`
    });
    const error = await rejectionOf(
      Error,
      createBuilder({
        name: 'b',
        settings: settingsOf({ nodes: nodesYaml }),
        config: config(),
        wanted: [amd64],
        runnable: [],
        native: amd64
      })
    );
    expect(error.message).toMatch(/nodes b0, arm \(ssh:\/\/ci@arm64-host\)/);
    expect(error.message).toContain('reachable');
    expect(execFixture.commandLines().slice(-1)).toEqual(['docker buildx rm --force b']);
  });
});

describe('a BuildKit image that cannot be pulled', () => {
  const pullError =
    'ERROR: Error response from daemon: failed to resolve reference "docker.io/moby/buildkit:v0.29.0": dial tcp: lookup registry-1.docker.io: no such host';

  it.each<[string, Record<string, string>, string]>([
    ['the default image, pinned', {}, DEFAULT_BUILDKIT_IMAGE],
    [
      'a mirror given in driver-opts',
      { 'driver-opts': 'image=mirror.example/moby/buildkit:v0.16.0' },
      'mirror.example/moby/buildkit:v0.16.0'
    ]
  ])('names %s and offers a mirror or the docker driver', async (_what, values, image) => {
    buildx([], { when: 'inspect --bootstrap', stderr: pullError });
    const error = await rejectionOf(
      Error,
      createBuilder({
        name: 'b',
        settings: settingsOf(values),
        config: config(),
        wanted: [amd64],
        runnable: [],
        native: amd64
      })
    );
    expect(error.message).toContain(`could not pull the BuildKit image ${image}`);
    expect(error.message).toContain('driver-opts: image=<mirror>');
    expect(error.message).toContain('driver: docker');
    expect(execFixture.commandLines().slice(-1)).toEqual(['docker buildx rm --force b']);
  });
});

describe('remote with TLS client files', () => {
  const values = {
    driver: 'remote',
    endpoint: 'tcp://buildkitd.example:1234',
    'remote-cacert': pem('CERTIFICATE', 'Y2EtY2VydA'),
    'remote-cert': pem('CERTIFICATE', 'Y2xpZW50LWNlcnQ'),
    'remote-key': pem('PRIVATE KEY', keyBody)
  };

  it('writes them 0600 in the job directory, masks them first, and passes their paths as driver options', async () => {
    buildx([{ name: 'b0', endpoint: 'tcp://buildkitd.example:1234', platforms: 'linux/amd64' }]);
    const job = config();
    await createBuilder({
      name: 'b',
      settings: settingsOf(values),
      config: job,
      wanted: [amd64],
      runnable: [],
      native: amd64
    });
    const dir = path.join(job.dir, 'buildkit');
    expect(execFixture.commandLines()[0]).toBe(
      `docker buildx create --name b --driver remote --driver-opt cacert=${dir}/cacert.pem --driver-opt cert=${dir}/cert.pem --driver-opt key=${dir}/key.pem -- tcp://buildkitd.example:1234`
    );
    expect(readFileSync(path.join(dir, 'key.pem'), 'utf8')).toBe(`${values['remote-key']}\n`);
    for (const name of ['cacert.pem', 'cert.pem', 'key.pem'])
      expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(coreFixture.setSecret).toHaveBeenCalledWith(keyBody);
    expect(coreFixture.setSecret.mock.invocationCallOrder[0]!).toBeLessThan(
      execFixture.run.mock.invocationCallOrder[0]!
    );
    expect(execFixture.commandLines().join('\n')).not.toContain(keyBody);
  });

  it('appended remote nodes share the TLS files unless they bring their own', async () => {
    buildx([{ name: 'b0', endpoint: 'tcp://buildkitd.example:1234', platforms: 'linux/amd64' }]);
    const job = config();
    const nodes =
      '- endpoint: tcp://arm.example:1234\n- endpoint: tcp://s390x.example:1234\n  driver-opts: [cacert=/etc/ca.pem]';
    await createBuilder({
      name: 'b',
      settings: settingsOf({ ...values, nodes }),
      config: job,
      wanted: [amd64],
      runnable: [],
      native: amd64
    });
    const dir = path.join(job.dir, 'buildkit');
    expect(execFixture.commandLines()[1]).toContain(`--driver-opt key=${dir}/key.pem -- tcp://arm.example:1234`);
    expect(execFixture.commandLines()[2]).toBe(
      'docker buildx create --append --name b --driver-opt cacert=/etc/ca.pem -- tcp://s390x.example:1234'
    );
  });
});

describe('kubernetes and buildkitd config', () => {
  it('passes driver-opts through, appends pod nodes placed by nodeselector, and gives every node the inline config', async () => {
    buildx([{ name: 'amd', endpoint: 'kubernetes:///b?deployment=b0', platforms: 'linux/amd64*' }]);
    const job = config();
    const toml = '[registry."docker.io"]\n  mirrors = ["mirror.example"]\n';
    await createBuilder({
      name: 'b',
      settings: settingsOf({
        driver: 'kubernetes',
        'driver-opts': 'namespace=buildkit\nnodeselector=kubernetes.io/arch=amd64',
        nodes:
          '- name: arm\n  platforms: linux/arm64\n  driver-opts: [namespace=buildkit, nodeselector=kubernetes.io/arch=arm64]',
        'buildkitd-config-inline': toml
      }),
      config: job,
      wanted: parsePlatformList('linux/amd64,linux/arm64'),
      runnable: [],
      native: amd64
    });
    const file = path.join(job.dir, 'buildkit', 'buildkitd.toml');
    expect(readFileSync(file, 'utf8')).toBe(toml);
    expect(execFixture.commandLines().slice(0, 2)).toEqual([
      `docker buildx create --name b --driver kubernetes ${pin} --driver-opt namespace=buildkit --driver-opt nodeselector=kubernetes.io/arch=amd64 --buildkitd-config ${file} --platform linux/amd64`,
      `docker buildx create --append --name b --node arm ${pin} --driver-opt namespace=buildkit --driver-opt nodeselector=kubernetes.io/arch=arm64 --buildkitd-config ${file} --platform linux/arm64`
    ]);
  });
});
