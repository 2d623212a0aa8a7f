// The daemon's facts (version, image store): from its unix socket's GET /info when it answers as the
// Engine API does, else from one `docker info`, never both.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { infoBody, startFakeEngine, type FakeEngine } from '../../helpers/fake-engine.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { readDaemonFacts } = await import('../../../src/buildx/daemon.js');

const cliAnswer = '26.1.5|[["driver-type","io.containerd.snapshotter.v1"]]\n';
let engine: FakeEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  execFixture.run.mockReset();
});

describe('readDaemonFacts', () => {
  it.each([
    ['the containerd store', infoBody('28.0.4', true), { dockerEngine: '28.0.4', containerdStore: true }],
    ['the classic store', infoBody('27.5.1', false), { dockerEngine: '27.5.1', containerdStore: false }],
    [
      'no DriverStatus at all',
      JSON.stringify({ ServerVersion: '28.1.0' }),
      { dockerEngine: '28.1.0', containerdStore: false }
    ]
  ])('reads %s from the socket, and starts no docker', async (_name, body, facts) => {
    engine = await startFakeEngine({ status: 200, body });
    expect(await readDaemonFacts({ host: engine.host })).toStrictEqual(facts);
    expect(engine.requests).toStrictEqual(['/info']);
    expect(execFixture.run).not.toHaveBeenCalled();
  });

  it.each([
    ['an error status', 500, infoBody('28.0.4', true)],
    ['a body that is not JSON', 200, 'not json'],
    ['JSON without a version', 200, JSON.stringify({ DriverStatus: [] })]
  ])('a socket that answers with %s: one docker info instead', async (_name, status, body) => {
    engine = await startFakeEngine({ status, body });
    execFixture.run.mockResolvedValue(execFixture.ok(cliAnswer));
    expect(await readDaemonFacts({ host: engine.host })).toStrictEqual({
      dockerEngine: '26.1.5',
      containerdStore: true
    });
    expect(execFixture.commandLines()).toStrictEqual([
      'docker info --format {{.ServerVersion}}|{{json .DriverStatus}}'
    ]);
  });

  it('a socket that is not there, a tcp host, or a context: docker info', async () => {
    execFixture.run.mockResolvedValue(execFixture.ok(cliAnswer));
    await readDaemonFacts({ host: 'unix:///nonexistent/docker.sock' });
    await readDaemonFacts({ host: 'tcp://127.0.0.1:2375' });
    await readDaemonFacts({ context: 'job-ctx' });
    expect(execFixture.commandLines()).toStrictEqual([
      'docker info --format {{.ServerVersion}}|{{json .DriverStatus}}',
      'docker info --format {{.ServerVersion}}|{{json .DriverStatus}}',
      'docker --context job-ctx info --format {{.ServerVersion}}|{{json .DriverStatus}}'
    ]);
  });
});
