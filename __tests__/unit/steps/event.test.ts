// The event the tags and labels come from, with the repository's description and licence read from
// the GitHub API: a fake API on 127.0.0.1 stands in for it (GITHUB_API_URL points at it).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import type { GitEvent } from '../../../src/model/event.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
const { readEvent } = await import('../../../src/steps/read-event.js');
const { parseInputs } = await import('../../../src/planning/parse-inputs.js');
const { runnerReader } = await import('../../../__fixtures__/inputs.js');

const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';
let server: Server;
let apiUrl = '';
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests.length = 0;
  coreFixture.info.mockClear();
  coreFixture.warning.mockClear();
  answer = {
    status: 200,
    body: {
      name: 'Hello-World',
      html_url: 'https://github.com/octocat/Hello-World',
      description: 'This your first repo!',
      license: { key: 'mit', spdx_id: 'MIT' }
    }
  };
});

const saved = { ...process.env };
/** The runner's variables for a push to main, read by @actions/github where the runner sets them. */
beforeEach(() => {
  for (const name of Object.keys(process.env)) if (/^(GITHUB|DOCKER_METADATA)_/.test(name)) delete process.env[name];
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'octocat/hello-world',
    GITHUB_API_URL: apiUrl
  });
});
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

function payloadFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(file, text);
  return file;
}
const inputs = (values: Record<string, string>) =>
  parseInputs(runnerReader({ image: 'ghcr.io/octocat/app', ...values }));

describe('readEvent', () => {
  it('reads the event the runner describes, each time: variables and payload', async () => {
    Object.assign(process.env, {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/15/merge',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_EVENT_PATH: payloadFile(
        JSON.stringify({ number: 15, pull_request: { number: 15, base: { ref: 'main' }, head: { ref: 'fix' } } })
      )
    });
    const pullRequest = await readEvent(inputs({ 'github-token': '' }));
    expect(pullRequest).toMatchObject({
      eventName: 'pull_request',
      ref: 'refs/pull/15/merge',
      sha: SHA,
      prNumber: 15,
      baseRef: 'main',
      headRef: 'fix',
      repositoryName: 'hello-world',
      runUrl: 'https://github.com/octocat/hello-world/actions/runs/4242/attempts/2'
    });
    process.env['GITHUB_EVENT_NAME'] = 'push';
    process.env['GITHUB_REF'] = 'refs/tags/v1.2.3';
    delete process.env['GITHUB_EVENT_PATH'];
    const push = await readEvent(inputs({ 'github-token': '' }));
    expect(push).toMatchObject({ eventName: 'push', ref: 'refs/tags/v1.2.3' });
    expect(push.prNumber).toBeUndefined();
  });

  it('a payload that is not JSON: an error naming GITHUB_EVENT_PATH', async () => {
    const file = payloadFile('{ not json');
    process.env['GITHUB_EVENT_PATH'] = file;
    await expect(readEvent(inputs({ 'github-token': '' }))).rejects.toThrow(
      `The event payload ${file} (GITHUB_EVENT_PATH) could not be read`
    );
  });

  // A GitHub Enterprise server: the run's page and the repository's are on it.
  const enterprise = {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SERVER_URL: 'https://ghe.example.com',
    GITHUB_RUN_ID: '7',
    GITHUB_RUN_ATTEMPT: '1'
  };
  const withoutTime = ({ createdAt, ...event }: GitEvent): Omit<GitEvent, 'createdAt'> => {
    expect(Date.parse(createdAt)).not.toBeNaN();
    return event;
  };

  it('a GitHub Enterprise server: the run’s URL on it, the payload’s repository and visibility', async () => {
    const repository = {
      default_branch: 'main',
      html_url: 'https://ghe.example.com/acme/app',
      name: 'app',
      private: true
    };
    Object.assign(process.env, enterprise, { GITHUB_EVENT_PATH: payloadFile(JSON.stringify({ repository })) });
    expect(withoutTime(await readEvent(inputs({ 'github-token': '' })))).toEqual({
      eventName: 'push',
      ref: 'refs/tags/v1.2.3',
      sha: SHA,
      defaultBranch: 'main',
      repositoryUrl: 'https://ghe.example.com/acme/app',
      repositoryName: 'app',
      repositoryPrivate: true,
      runUrl: 'https://ghe.example.com/acme/app/actions/runs/7/attempts/1'
    });
  });

  it('a payload file that is absent: the event from the variables alone, the repository on the server', async () => {
    const absent = path.join(path.dirname(payloadFile('{}')), 'absent.json');
    Object.assign(process.env, enterprise, { GITHUB_EVENT_PATH: absent });
    expect(withoutTime(await readEvent(inputs({ 'github-token': '' })))).toEqual({
      eventName: 'push',
      ref: 'refs/tags/v1.2.3',
      sha: SHA,
      repositoryUrl: 'https://ghe.example.com/acme/app',
      repositoryName: 'app',
      runUrl: 'https://ghe.example.com/acme/app/actions/runs/7/attempts/1'
    });
  });

  it('DOCKER_METADATA_PR_HEAD_SHA and DOCKER_METADATA_SHORT_SHA_LENGTH, as parsed with the inputs', async () => {
    const HEAD = '3370e228f2209994d57af4427fe64e71bb79ac96';
    const pullRequest = {
      number: 15,
      pull_request: { number: 15, base: { ref: 'main' }, head: { ref: 'fix', sha: HEAD } }
    };
    Object.assign(process.env, {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/15/merge',
      GITHUB_EVENT_PATH: payloadFile(JSON.stringify(pullRequest))
    });
    const metadataEnv = { DOCKER_METADATA_PR_HEAD_SHA: 'true', DOCKER_METADATA_SHORT_SHA_LENGTH: '10' };
    const event = await readEvent(parseInputs(runnerReader({ image: 'ghcr.io/octocat/app' }), metadataEnv));
    expect([event.sha, event.shortShaLength]).toEqual([HEAD, 10]);
    // Without them: the merge commit, and the default length.
    const merge = await readEvent(inputs({ 'github-token': '' }));
    expect([merge.sha, merge.shortShaLength]).toEqual([SHA, undefined]);
  });

  it('with a token: the repository from the API, for description, licenses, title and url', async () => {
    const event = await readEvent(inputs({ 'github-token': 'ghs_fake' }));
    expect(event).toMatchObject({
      repositoryName: 'Hello-World',
      repositoryUrl: 'https://github.com/octocat/Hello-World',
      description: 'This your first repo!',
      licenses: 'MIT'
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('/repos/octocat/hello-world');
    expect(requests[0]?.headers.authorization).toBe('token ghs_fake');
  });

  it('without a token: no request, no description or licenses, and one line saying so', async () => {
    const event = await readEvent(inputs({ 'github-token': '' }));
    expect(requests).toHaveLength(0);
    expect(event.description).toBeUndefined();
    expect(event.licenses).toBeUndefined();
    expect(coreFixture.info.mock.calls.map(([line]) => line)).toEqual([
      'Labels: description and licenses left out (no github-token to read the repository from the GitHub API).'
    ]);
  });

  it('an API that refuses: a warning, and the run goes on without them', async () => {
    answer = { status: 404, body: { message: 'Not Found' } };
    const event = await readEvent(inputs({ 'github-token': 'ghs_fake' }));
    expect(event.description).toBeUndefined();
    expect(String(coreFixture.warning.mock.calls[0]?.[0])).toMatch(
      /^Labels: description and licenses left out: the GitHub API did not describe octocat\/hello-world: Not Found/
    );
  });

  it('no image (no generated labels): the API is not asked', async () => {
    await readEvent(parseInputs(runnerReader({ 'github-token': 'ghs_fake', tags: 'ghcr.io/octocat/app:1' })));
    expect(requests).toHaveLength(0);
  });

  it('a repository without a licence: description only', async () => {
    answer = {
      status: 200,
      body: { name: 'app', html_url: 'https://github.com/o/app', description: null, license: null }
    };
    const event = await readEvent(inputs({ 'github-token': 'ghs_fake' }));
    expect([event.description, event.licenses]).toEqual(['', undefined]);
  });
});
