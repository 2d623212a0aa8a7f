// Main's post state, saved to the runner and recorded in the job's own directory, piece by piece.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/post-runner.js', () => coreFixture);
const { savePostState } = await import('../../../src/seams/state.js');
const { POST_RECORD_FILE, readRecordedState, readSavedState, isPostStep } =
  await import('../../../src/seams/saved-state.js');

beforeEach(() => coreFixture.resetCoreMock());

describe('savePostState', () => {
  it('records every piece main saves in the job config, as main saves them one after another', () => {
    savePostState({ isPost: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mab-1-build-x-docker-config-'));
    savePostState({ dockerConfig: dir, cleanup: false });
    savePostState({ builder: 'mab-1-build-x', driver: 'docker-container' });
    savePostState({ smokeContainers: ['mab-1-build-x-smoke-0', 'mab-1-build-x-smoke-1'] });
    savePostState({ localImage: 'mab-1-build-x:checks' });
    savePostState({ restoreDockerConfig: '/home/runner/.docker' });
    savePostState({ builder: '' });
    const expected = {
      dockerConfig: dir,
      builder: '',
      driver: 'docker-container',
      cleanup: false,
      smokeContainers: ['mab-1-build-x-smoke-0', 'mab-1-build-x-smoke-1'],
      localImage: 'mab-1-build-x:checks',
      restoreDockerConfig: '/home/runner/.docker'
    };
    expect(readRecordedState(dir)).toEqual(expected);
    expect(readSavedState()).toEqual(expected);
    expect(isPostStep()).toBe(true);
    // Only this user may read it: it names the user's own Docker config.
    expect(statSync(path.join(dir, POST_RECORD_FILE)).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, POST_RECORD_FILE), 'utf8'))).not.toHaveProperty('isPost');
  });

  it('a directory with no record reads as none', () => {
    expect(readRecordedState(mkdtempSync(path.join(os.tmpdir(), 'mab-no-record-')))).toBeUndefined();
  });

  it('a record whose values are not text reads them as empty', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mab-1-build-x-docker-config-'));
    writeFileSync(path.join(dir, POST_RECORD_FILE), JSON.stringify({ builder: 5, cleanup: 'false', driver: ['x'] }));
    expect(readRecordedState(dir)).toEqual({
      dockerConfig: '',
      builder: '',
      driver: '',
      cleanup: false,
      smokeContainers: [],
      localImage: '',
      restoreDockerConfig: ''
    });
  });
});

describe('savePostState: what goes to the runner and into the record', () => {
  const newConfigDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'mab-1-build-x-docker-config-'));
  const recordIn = (dir: string): unknown => JSON.parse(readFileSync(path.join(dir, POST_RECORD_FILE), 'utf8'));

  it('a piece given as undefined is neither saved to the runner nor recorded', () => {
    const dir = newConfigDir();
    savePostState({ dockerConfig: dir, builder: undefined, cleanup: true });
    savePostState({ localImage: undefined, smokeContainers: undefined });
    expect([...coreFixture.state.keys()]).toEqual(['dockerConfig', 'cleanup']);
    expect(coreFixture.saveState).toHaveBeenCalledTimes(2);
    expect(recordIn(dir)).toEqual({ dockerConfig: dir, cleanup: 'true' });
  });

  it('values go to the runner as text: lists joined by commas, booleans and empty text as they are', () => {
    const dir = newConfigDir();
    savePostState({ dockerConfig: dir, cleanup: false, smokeContainers: ['a-smoke-0', 'a-smoke-1'], builder: '' });
    expect(Object.fromEntries(coreFixture.state)).toEqual({
      dockerConfig: dir,
      cleanup: 'false',
      smokeContainers: 'a-smoke-0,a-smoke-1',
      builder: ''
    });
    expect(recordIn(dir)).toEqual(Object.fromEntries(coreFixture.state));
  });

  it('a second job config starts a record of its own; the first keeps what was saved before it', () => {
    const first = newConfigDir();
    savePostState({ dockerConfig: first, cleanup: true });
    savePostState({ builder: 'mab-1-build-x' });
    const second = newConfigDir();
    savePostState({ dockerConfig: second, cleanup: false });
    savePostState({ driver: 'docker' });
    expect(recordIn(first)).toEqual({ dockerConfig: first, cleanup: 'true', builder: 'mab-1-build-x' });
    expect(recordIn(second)).toEqual({ dockerConfig: second, cleanup: 'false', driver: 'docker' });
  });

  it('the same job config saved again keeps what is recorded in it', () => {
    const dir = newConfigDir();
    savePostState({ dockerConfig: dir, cleanup: true });
    savePostState({ builder: 'mab-1-build-x' });
    savePostState({ dockerConfig: dir, cleanup: false });
    expect(recordIn(dir)).toEqual({ dockerConfig: dir, cleanup: 'false', builder: 'mab-1-build-x' });
  });

  it('the record holds only what main saved: a file changed since the last save is written over, not merged', () => {
    const dir = newConfigDir();
    savePostState({ dockerConfig: dir, cleanup: true });
    writeFileSync(
      path.join(dir, POST_RECORD_FILE),
      JSON.stringify({ dockerConfig: dir, restoreDockerConfig: '/home/runner/work/repo/evil-config' })
    );
    savePostState({ builder: 'mab-1-build-x' });
    expect(recordIn(dir)).toEqual({ dockerConfig: dir, cleanup: 'true', builder: 'mab-1-build-x' });
  });
});
