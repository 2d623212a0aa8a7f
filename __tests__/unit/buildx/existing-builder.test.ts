// A builder the user made is found where their buildx keeps it: under $BUILDX_CONFIG when they set
// it (as setup-buildx-action's buildx then does), else beside their Docker config; and copied into
// the job's config, which the job's commands read.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adoptUserBuilder, userBuildxDir } from '../../../src/buildx/existing-builder.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-existing-builder-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function builderRecord(buildxDir: string, name: string): void {
  mkdirSync(path.join(buildxDir, 'instances'), { recursive: true });
  const record = { Name: name, Driver: 'docker-container', Nodes: [{ Name: `${name}0`, Endpoint: 'default' }] };
  writeFileSync(path.join(buildxDir, 'instances', name), JSON.stringify(record));
}

describe('userBuildxDir', () => {
  it.each([
    [{ BUILDX_CONFIG: '/opt/buildx' }, '/opt/buildx'],
    [{ BUILDX_CONFIG: '' }, '/home/u/.docker/buildx'],
    [{}, '/home/u/.docker/buildx']
  ])('%j gives %s', (env, expected) => {
    expect(userBuildxDir('/home/u/.docker', env)).toBe(expected);
  });
});

describe('adoptUserBuilder', () => {
  it.each([
    ['beside the Docker config', false],
    ['under BUILDX_CONFIG', true]
  ])('finds a builder %s and copies its record into the job config', (_, viaBuildxConfig) => {
    const base = mkdtempSync(path.join(root, 'case-'));
    const userDir = path.join(base, 'docker');
    const buildxConfig = path.join(base, 'buildx-config');
    builderRecord(viaBuildxConfig ? buildxConfig : path.join(userDir, 'buildx'), 'ci');
    const jobDir = path.join(base, 'job');
    mkdirSync(jobDir);
    const env = viaBuildxConfig ? { BUILDX_CONFIG: buildxConfig } : {};
    expect(adoptUserBuilder('ci', userDir, jobDir, env)).toEqual({ name: 'ci', driver: 'docker-container' });
    expect(existsSync(path.join(jobDir, 'buildx', 'instances', 'ci'))).toBe(true);
  });

  it('names both places it looked when the builder is in neither', () => {
    const base = mkdtempSync(path.join(root, 'missing-'));
    const userDir = path.join(base, 'docker');
    expect(() => adoptUserBuilder('ci', userDir, base, { BUILDX_CONFIG: '/opt/buildx' })).toThrow(
      `Builder ci does not exist: there is no buildx builder of that name in /opt/buildx and no docker context of that name in ${userDir}.`
    );
  });
});
