import { describe, expect, it } from '@jest/globals';
import { RegistryRefusal, type RegistryErrorEntry } from '../../../src/registry/http.js';
import { explainTagRefusal } from '../../../src/registry/tag-refusals.js';

const ecrRegistry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const ecrSentence = (tag: string, repository: string, what: 'repository' | 'tag'): string =>
  `The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten because the ${what} is immutable.`;
/** What the registry client throws: its message and the registry's error entries as sent. */
const refusal = (status: number, repository: string, errors: RegistryErrorEntry[], suffix = ''): RegistryRefusal =>
  new RegistryRefusal(
    `Registry ${ecrRegistry} answered HTTP ${status} to writing manifest ${ecrRegistry}/${repository}:1` +
      `${errors.length ? ` (${errors.map((entry) => `${entry.code}: ${entry.message}`).join('; ')})` : ''}${suffix}`,
    status,
    errors
  );

describe('explainTagRefusal', () => {
  it.each<[string, unknown]>([
    [
      'ECR, repository immutable',
      refusal(400, 'app', [{ code: 'TAG_INVALID', message: ecrSentence('1', 'app', 'repository') }])
    ],
    ['ECR, tag immutable', refusal(400, 'app', [{ code: 'TAG_INVALID', message: ecrSentence('1', 'app', 'tag') }])],
    [
      'ECR, a repository named immutable',
      refusal(400, 'team/immutable', [
        { code: 'TAG_INVALID', message: ecrSentence('1', 'team/immutable', 'repository') }
      ])
    ]
  ])("says plainly that the tags are immutable, keeping the registry's words: %s", (_, error) => {
    const explained = explainTagRefusal(error);
    expect(explained).toMatch(/^the repository's tags are immutable \(ECR: image tag mutability IMMUTABLE\)/);
    expect(explained).toMatch(/leave out floating tags such as latest/);
    expect(explained).toContain((error as Error).message);
  });

  it.each<[string, unknown]>([
    [
      '401 on a repository named immutable',
      refusal(
        401,
        'team/immutable',
        [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
        '; access was refused as bot'
      )
    ],
    ['403 on a repository named immutable, no body', refusal(403, 'immutable', [], '; access was refused as bot')],
    [
      "distribution's TAG_INVALID (tag not matching the URI) on a repository named immutable",
      refusal(400, 'immutable', [{ code: 'TAG_INVALID', message: 'manifest tag did not match URI' }])
    ],
    [
      "ECR's sentence under another code",
      refusal(400, 'app', [{ code: 'DENIED', message: ecrSentence('1', 'app', 'repository') }])
    ],
    [
      "ECR's sentence with more after it",
      refusal(400, 'app', [{ code: 'TAG_INVALID', message: `${ecrSentence('1', 'app', 'repository')} Or not.` }])
    ],
    [
      'the words in a plain error, not a registry answer',
      new Error(`TAG_INVALID: ${ecrSentence('1', 'app', 'repository')}`)
    ],
    [
      'the rewritten-manifest check',
      new Error('the registry stored it as sha256:1, not sha256:2: it rewrote the manifest')
    ]
  ])('leaves other refusals as they are: %s', (_, error) => {
    expect(explainTagRefusal(error)).toBe((error as Error).message);
  });
});
