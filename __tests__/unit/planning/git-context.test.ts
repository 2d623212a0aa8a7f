// The event the rules read, from the runner's variables and payload; the metadata-action-shaped
// outputs; and properties over generated refs and rule values.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { gitEventFrom, type EventPayload, type RunnerContext } from '../../../src/planning/git-context.js';
import { isValidTag, parseImageReference } from '../../../src/model/references.js';
import { isDefaultBranch, ruleContext } from '../../../src/planning/tag-rules/context.js';
import { sanitizeRuleTag } from '../../../src/planning/tag-rules/evaluate.js';
import { metadataOutputs } from '../../../src/planning/tag-rules/outputs.js';
import type { GitEvent } from '../../../src/model/event.js';
import { planTags } from '../../../src/planning/tag-plan.js';

const SHA = '860c1904a1ce19322e91ac35af1ab07466440c37';
const NOW = new Date('2020-01-10T00:30:00.000Z');
const repository = { default_branch: 'main', html_url: 'https://github.com/acme/app', name: 'app' };

function runner(eventName: string, ref: string, payload: EventPayload): RunnerContext {
  return { eventName, ref, sha: SHA, serverUrl: 'https://github.com', repository: 'acme/app', payload };
}

const base = {
  eventName: 'push',
  sha: SHA,
  createdAt: NOW.toISOString(),
  defaultBranch: 'main',
  repositoryUrl: 'https://github.com/acme/app',
  repositoryName: 'app'
};

describe('gitEventFrom, per event kind', () => {
  it.each<[string, RunnerContext, GitEvent]>([
    [
      'push to a branch',
      runner('push', 'refs/heads/dev', {
        repository,
        base_ref: null,
        head_commit: { id: SHA, timestamp: '2020-01-09T10:00:00+01:00' }
      }),
      { ...base, ref: 'refs/heads/dev', commitDate: '2020-01-09T10:00:00+01:00' }
    ],
    [
      'push of a tag',
      runner('push', 'refs/tags/v1.2.3', { repository, base_ref: 'refs/heads/main' }),
      { ...base, ref: 'refs/tags/v1.2.3', baseRef: 'main' }
    ],
    [
      'push with the commit among several',
      runner('push', 'refs/heads/main', {
        repository,
        commits: [
          { id: 'other', timestamp: '2020-01-01T00:00:00Z' },
          { id: SHA, timestamp: '2020-01-02T00:00:00Z' }
        ],
        head_commit: { id: 'other', timestamp: '2020-01-01T00:00:00Z' }
      }),
      { ...base, ref: 'refs/heads/main', commitDate: '2020-01-02T00:00:00Z' }
    ],
    [
      'pull_request',
      runner('pull_request', 'refs/pull/15/merge', {
        repository,
        number: 15,
        pull_request: { number: 15, base: { ref: 'main' }, head: { ref: 'feature/x' } }
      }),
      {
        ...base,
        eventName: 'pull_request',
        ref: 'refs/pull/15/merge',
        prNumber: 15,
        baseRef: 'main',
        headRef: 'feature/x'
      }
    ],
    [
      'pull_request_target (number only at the top)',
      runner('pull_request_target', 'refs/heads/main', { repository, number: 16 }),
      { ...base, eventName: 'pull_request_target', ref: 'refs/heads/main', prNumber: 16 }
    ],
    [
      'schedule',
      runner('schedule', 'refs/heads/main', { repository, schedule: '0 10 * * *' }),
      { ...base, eventName: 'schedule', ref: 'refs/heads/main', schedule: '0 10 * * *' }
    ],
    [
      'workflow_dispatch',
      runner('workflow_dispatch', 'refs/heads/main', { repository }),
      { ...base, eventName: 'workflow_dispatch', ref: 'refs/heads/main' }
    ],
    [
      'release',
      runner('release', 'refs/tags/v1.2.3', { repository, release: { tag_name: 'v1.2.3' } }),
      { ...base, eventName: 'release', ref: 'refs/tags/v1.2.3', releaseTag: 'v1.2.3' }
    ],
    [
      'no payload at all',
      runner('push', 'refs/heads/main', {}),
      {
        eventName: 'push',
        sha: SHA,
        createdAt: NOW.toISOString(),
        ref: 'refs/heads/main',
        ...{ repositoryUrl: 'https://github.com/acme/app', repositoryName: 'app' }
      }
    ]
  ])('%s', (_name, context, expected) => {
    expect(gitEventFrom(context, NOW)).toEqual(expected);
  });
});

describe('what the rules see', () => {
  const event = (overrides: Partial<GitEvent>): GitEvent => ({ ...base, ref: 'refs/heads/main', ...overrides });
  it.each<[string, Partial<GitEvent>, string, boolean]>([
    ['default branch push', {}, 'refs/heads/main', true],
    ['other branch push', { ref: 'refs/heads/dev' }, 'refs/heads/dev', false],
    ['tag push', { ref: 'refs/tags/v1' }, 'refs/tags/v1', false],
    ['pull_request', { eventName: 'pull_request', ref: 'refs/pull/3/merge', prNumber: 3 }, 'refs/pull/3/merge', false],
    ['pull_request_target', { eventName: 'pull_request_target', prNumber: 3 }, 'refs/pull/3/merge', false],
    ['release without a tag ref', { eventName: 'release', ref: '', releaseTag: 'v2.0.0' }, 'refs/tags/v2.0.0', false],
    // Events that only run on the default branch count as it, whatever the payload says.
    ['schedule without a default branch', { eventName: 'schedule', defaultBranch: undefined }, 'refs/heads/main', true],
    ['create', { eventName: 'create', ref: 'refs/heads/x' }, 'refs/heads/x', true],
    ['no ref', { ref: '' }, '', false]
  ])('%s', (_name, overrides, ref, isDefault) => {
    const context = ruleContext(event(overrides));
    expect(context.ref).toBe(ref);
    expect(isDefaultBranch(context)).toBe(isDefault);
  });
});

describe('metadataOutputs', () => {
  it("shapes json, tag-names and annotations as metadata-action's", () => {
    const outputs = metadataOutputs({
      references: ['ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/app:latest', 'acme/app:1.2.3', 'localhost:5000/app'],
      labels: [
        { key: 'org.opencontainers.image.version', value: '1.2.3' },
        { key: 'maintainer', value: 'a=b' }
      ],
      annotations: [
        { key: 'index:org.opencontainers.image.version', value: '1.2.3' },
        { key: 'manifest[linux/amd64]:note', value: 'x' },
        { key: 'org.opencontainers.image.title', value: 'app' }
      ]
    });
    expect(JSON.parse(outputs.json)).toEqual({
      tags: ['ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/app:latest', 'acme/app:1.2.3', 'localhost:5000/app'],
      labels: { 'org.opencontainers.image.version': '1.2.3', maintainer: 'a=b' },
      annotations: [
        'index:org.opencontainers.image.version=1.2.3',
        'manifest[linux/amd64]:note=x',
        'manifest:org.opencontainers.image.title=app'
      ]
    });
    expect(outputs.tagNames).toBe('1.2.3\nlatest');
    expect(outputs.annotations).toBe(
      'index:org.opencontainers.image.version=1.2.3\nmanifest[linux/amd64]:note=x\nmanifest:org.opencontainers.image.title=app'
    );
  });

  it('is empty-shaped for nothing', () => {
    expect(metadataOutputs({ references: [], labels: [], annotations: [] })).toEqual({
      json: '{"tags":[],"labels":{},"annotations":[]}',
      tagNames: '',
      annotations: ''
    });
  });
});

describe('properties', () => {
  const image = parseImageReference('ghcr.io/acme/app', 'image');
  const refText = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.stringMatching(/^v?\d{1,3}\.\d{1,3}\.\d{1,3}(-[a-z0-9.]{1,10})?$/)
  );
  const rules = [
    'type=ref,event=branch',
    'type=ref,event=tag',
    'type=ref,event=pr',
    'type=semver,pattern={{version}}',
    'type=semver,pattern={{major}}.{{minor}}',
    'type=match,pattern=v(.*),group=1',
    'type=edge',
    'type=sha,prefix={{branch}}-',
    'type=raw,value={{tag}}-{{base_ref}}',
    'type=schedule'
  ];

  it('every tag a rule produces is a valid Docker tag, whatever the branch or tag is called', () => {
    fc.assert(
      fc.property(fc.constantFrom('heads', 'tags', 'pull'), refText, refText, (kind, name, baseRef) => {
        const event: GitEvent = { ...base, ref: `refs/${kind}/${name}`, baseRef };
        // A ref cannot break the rules: any throw fails the property.
        const plan = planTags(event, [image], rules);
        for (const reference of plan.references) expect(isValidTag(reference.split(':')[1] ?? '')).toBe(true);
      }),
      { numRuns: 400 }
    );
  });

  it('sanitizeRuleTag gives a valid tag or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ minLength: 120, maxLength: 300 })), (text) => {
        const tag = sanitizeRuleTag(text);
        expect(tag === '' || isValidTag(tag)).toBe(true);
      }),
      { numRuns: 500 }
    );
  });
});
