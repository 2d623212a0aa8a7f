// type=pep440: Python versions as metadata-action tags them, read with @renovatebot/pep440.
import type { GitEvent } from '../../../../src/model/event.js';
import { parseImageReference } from '../../../../src/model/references.js';
import { planTagTexts as planTags } from '../../../helpers/tag-plans.js';
import { readPep440 } from '../../../../src/planning/tag-rules/pep440.js';
import { event } from '../../../helpers/git-events.js';

const IMAGE = parseImageReference('ghcr.io/acme/app', 'image');
const tagPush = (tag: string): GitEvent => event({ ref: `refs/tags/${tag}` });

function plan(gitEvent: GitEvent, lines: string[]): { tags: string[]; version: string; floating: string[] } {
  const planned = planTags(gitEvent, [IMAGE], lines);
  return {
    tags: planned.references.map((reference) => reference.split(':')[1] ?? ''),
    version: planned.version,
    floating: planned.floating.map(({ tag }) => tag)
  };
}

describe('readPep440', () => {
  it.each<[string, { special: boolean; version: string; major: string; minor: string; patch: string } | undefined]>([
    ['1.2.3', { special: false, version: '1.2.3', major: '1', minor: '2', patch: '3' }],
    ['v1.2', { special: false, version: '1.2', major: '1', minor: '2', patch: '0' }],
    ['1.2.3rc2', { special: true, version: '1.2.3rc2', major: '1', minor: '2', patch: '3' }],
    ['1.0dev4', { special: true, version: '1.0.dev4', major: '1', minor: '0', patch: '0' }],
    ['1.2post1', { special: true, version: '1.2.post1', major: '1', minor: '2', patch: '0' }],
    ['1.1beta2', { special: true, version: '1.1b2', major: '1', minor: '1', patch: '0' }],
    ['release1', undefined],
    ['sometag', undefined]
  ])('%s', (raw, expected) => {
    const read = readPep440(raw);
    expect(read && { special: read.special, ...read.values, raw: undefined }).toEqual(
      expected && { ...expected, raw: undefined }
    );
  });
});

describe('type=pep440 rules', () => {
  it.each<[string, string, string[], string, string[]]>([
    // A final release: the pattern, latest, and {{major}}.{{minor}} floats.
    ['1.2.3', 'type=pep440,pattern={{version}}', ['1.2.3', 'latest'], '1.2.3', ['latest']],
    ['v1.2.3', 'type=pep440,pattern={{major}}.{{minor}}', ['1.2', 'latest'], '1.2', ['1.2', 'latest']],
    ['v1.2.3', 'type=pep440,pattern={{raw}}', ['v1.2.3', 'latest'], 'v1.2.3', ['latest']],
    // Pre-, post- and dev-releases: their normalised version only (or the tag for {{raw}}); no latest.
    ['1.2.3rc2', 'type=pep440,pattern={{major}}.{{minor}}', ['1.2.3rc2'], '1.2.3rc2', []],
    ['1.0dev4', 'type=pep440,pattern={{version}}', ['1.0.dev4'], '1.0.dev4', []],
    ['1.2post1', 'type=pep440,pattern={{version}}', ['1.2.post1'], '1.2.post1', []],
    ['1.1beta2', 'type=pep440,pattern={{raw}}', ['1.1beta2'], '1.1beta2', []],
    // Not a PEP 440 version: no tag, and an empty version.
    ['release1', 'type=pep440,pattern={{version}}', [], '', []]
  ])('tag %s with %s', (tag, line, tags, version, floating) => {
    expect(plan(tagPush(tag), [line])).toEqual({ tags, version, floating });
  });

  it('reads value= and match= on any event, and gives nothing on a branch without them', () => {
    const branch = event({ ref: 'refs/heads/main' });
    expect(plan(branch, ['type=pep440,pattern={{version}},value=p1/v1.2.3,"match=v(\\d.\\d.\\d)$"']).tags).toEqual([
      '1.2.3',
      'latest'
    ]);
    expect(plan(branch, ['type=pep440,pattern={{version}}']).tags).toEqual([]);
  });

  it('warns when the tag is not a PEP 440 version', () => {
    expect(planTags(tagPush('sometag'), [IMAGE], ['type=pep440,pattern={{version}}']).warnings).toEqual([
      "type=pep440,pattern={{version}}: 'sometag' is not a PEP 440 version, so this rule gives no tag"
    ]);
  });
});
