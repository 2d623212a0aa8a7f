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
