// Reading rule lines (and the tags and flavor inputs that hold them): what metadata-action documents,
// and InputErrors for the rest.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseInputs } from '../../../../src/planning/parse-inputs.js';
import { runnerReader } from '../../../../__fixtures__/inputs.js';
import { isRuleLine, parseTagRule, sortRules, splitTagEntries } from '../../../../src/planning/tag-rules/parse.js';
import { acceptedOrInputError, inputErrorOf } from '../../../helpers/errors.js';

describe('the tags and flavor inputs', () => {
  const parse = (values: Record<string, string>) => parseInputs(runnerReader(values));
  const tags = 'type=semver,pattern={{version}}\nstable, edge\nghcr.io/acme/other:1';

  it('keeps rule lines whole beside plain tags, and reads the flavor', () => {
    const inputs = parse({ image: 'ghcr.io/acme/app', tags, flavor: 'latest=false\nsuffix=-slim,onlatest=true' });
    expect(inputs.tags.map(({ kind, text }) => [kind, text])).toEqual([
      ['rule', 'type=semver,pattern={{version}}'],
      ['tag', 'stable'],
      ['tag', 'edge'],
      ['reference', 'ghcr.io/acme/other:1']
    ]);
    expect(inputs.flavor).toEqual({
      latest: 'false',
      prefix: '',
      prefixOnLatest: false,
      suffix: '-slim',
      suffixOnLatest: true
    });
  });

  it.each<[string, Record<string, string>, string, string]>([
    [
      'a bad rule line',
      { image: 'ghcr.io/acme/app', tags: 'type=ref,event=push' },
      'tags',
      'event is branch, tag or pr'
    ],
    ['a flavor without rules', { image: 'ghcr.io/acme/app', tags: 'stable', flavor: 'latest=false' }, 'flavor', ''],
    [
      'rules without an image',
      { tags: 'type=ref,event=tag' },
      'tags',
      'a rule line gives bare tags, which need the image input'
    ]
  ])('%s fails while parsing, naming the input', (_name, values, input, detail) => {
    const error = inputErrorOf(() => parse(values));
    expect(error.input).toBe(input);
    if (detail) expect(error.detail).toBe(detail);
  });
});

describe('splitTagEntries', () => {
  it('keeps rule lines whole and splits plain lines on commas', () => {
    expect(
      splitTagEntries(
        [
          'type=semver,pattern={{version}}',
          'stable, edge',
          '# type=ref,event=branch',
          '',
          'ghcr.io/acme/app:1.0',
          'value=foo,enable=true'
        ].join('\n')
      )
    ).toEqual(['type=semver,pattern={{version}}', 'stable', 'edge', 'ghcr.io/acme/app:1.0', 'value=foo,enable=true']);
  });

  it.each<[string, boolean]>([
    ['type=sha', true],
    ['Type=sha', true],
    ['foo,priority=10', true],
    ['stable', false],
    ['ghcr.io/acme/app:{{version}}', false],
    // A plain template's tz='…' is not a rule attribute.
    ["nightly-{{date 'YYYYMMDD' tz='UTC'}}", false]
  ])('isRuleLine(%j) is %s', (line, expected) => {
    expect(isRuleLine(line)).toBe(expected);
  });
});

describe('parseTagRule', () => {
  it.each<[string, string, Record<string, string>, number]>([
    ['type=schedule', 'schedule', { pattern: 'nightly', enable: 'true' }, 1000],
    [
      'type=semver,pattern={{version}}',
      'semver',
      { pattern: '{{version}}', value: '', match: '', enable: 'true' },
      900
    ],
    ['type=match,pattern=v(.*),group=1', 'match', { pattern: 'v(.*)', group: '1', value: '', enable: 'true' }, 800],
    ['type=edge', 'edge', { branch: '', enable: 'true' }, 700],
    ['type=ref,event=pr', 'ref', { event: 'pr', prefix: 'pr-', enable: 'true' }, 600],
    ['type=ref,event=branch', 'ref', { event: 'branch', enable: 'true' }, 600],
    ['type=raw,value=foo', 'raw', { value: 'foo', enable: 'true' }, 200],
    ['type=raw,foo', 'raw', { value: 'foo', enable: 'true' }, 200],
    ['value=foo,priority=5', 'raw', { value: 'foo', priority: '5', enable: 'true' }, 5],
    ['type=sha', 'sha', { prefix: 'sha-', format: 'short', enable: 'true' }, 100],
    ['type=sha,format=long,prefix=', 'sha', { prefix: '', format: 'long', enable: 'true' }, 100],
    [' TYPE = raw , VALUE = x ', 'raw', { value: 'x', enable: 'true' }, 200],
    ['type=raw,"value={{date \'YYYY,MM\'}}"', 'raw', { value: "{{date 'YYYY,MM'}}", enable: 'true' }, 200],
    ['type=raw,value=x,priority=-1', 'raw', { value: 'x', priority: '-1', enable: 'true' }, -1]
  ])('%j', (line, type, attrs, priority) => {
    expect(parseTagRule(line)).toEqual({ type, attrs, priority, line });
  });

  it.each<[string, string]>([
    ['type=bogus', "unknown type 'bogus'"],
    ['type=pep440', 'type=pep440 needs pattern='],
    [
      'type=pep440,pattern={{date}}',
      'pattern offers {{raw}}, {{version}}, {{major}}, {{minor}}, {{patch}}, not {{date}}'
    ],
    ['type=semver', 'type=semver needs pattern='],
    ['type=match,value=x', 'type=match needs pattern='],
    ['type=match,pattern=x,group=one', 'group is a capture group number'],
    ['type=match,pattern=(', 'not a regular expression: Invalid regular expression: /(/: Unterminated group'],
    [
      'type=semver,pattern={{version}},match=[',
      'not a regular expression: Invalid regular expression: /[/: Unterminated character class'
    ],
    ['type=ref', 'type=ref needs event='],
    ['type=ref,event=push', 'event is branch, tag or pr'],
    ['type=raw', 'type=raw needs value='],
    ['type=sha,format=medium', 'format is short or long'],
    ['type=sha,pattern=x', "type=sha has no attribute 'pattern'"],
    ['type=raw,value=x,enable=yes', 'enable is true, false or an expression'],
    ['type=raw,value=x,priority=high', 'priority is a whole number'],
    ['type=raw,value={{branch', "value: unbalanced '{{'"],
    [
      'type=raw,value={{version}}',
      'value offers {{branch}}, {{tag}}, {{sha}}, {{base_ref}}, {{is_default_branch}}, {{is_not_default_branch}}, {{date}}, {{commit_date}}, not {{version}}'
    ],
    [
      'type=semver,pattern={{branch}}',
      'pattern offers {{raw}}, {{version}}, {{major}}, {{minor}}, {{patch}}, not {{branch}}'
    ],
    ['type=schedule,pattern={{sha}}', 'pattern offers {{date}}, {{commit_date}}, not {{sha}}'],
    ['type=raw,"value=x', 'unclosed double quote']
  ])('%j is an InputError: %s', (line, detail) => {
    const error = inputErrorOf(() => parseTagRule(line));
    expect(error.input).toBe('tags');
    expect(error.value).toBe(line);
    expect(error.detail).toBe(detail);
  });

  it('sorts by priority, highest first, keeping the written order among equals', () => {
    const lines = [
      'type=sha',
      'type=raw,value=a',
      'type=semver,pattern={{version}}',
      'type=raw,value=b',
      'type=schedule'
    ];
    expect(sortRules(lines.map(parseTagRule)).map(({ line }) => line)).toEqual([
      'type=schedule',
      'type=semver,pattern={{version}}',
      'type=raw,value=a',
      'type=raw,value=b',
      'type=sha'
    ]);
  });

  it('only ever throws InputError, whatever the line', () => {
    const piece = fc.constantFrom(
      'type=',
      'semver',
      'raw',
      'ref',
      'sha',
      ',',
      '=',
      '{{',
      '}}',
      'pattern=',
      'value=',
      '"',
      "'",
      'event=pr',
      'x'
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 12 }), (pieces) => {
        acceptedOrInputError(() => parseTagRule(pieces.join('')));
      }),
      { numRuns: 400 }
    );
  });
});
