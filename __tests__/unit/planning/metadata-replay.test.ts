// docker/metadata-action's own test tables as the oracle: every case extracted from its __tests__
// (scripts/extract-metadata-cases.mjs, data in __fixtures__/metadata-action/) is replayed through
// this action's tag planning. A case either agrees, or is listed below under a reason that
// docs/migration.md's table of differences gives. A new difference, or a listed case that now
// agrees, fails the suite.
import { readFileSync } from 'node:fs';
import { imageEntries } from '../../../src/planning/image-names.js';
import { parseFlavor } from '../../../src/planning/tag-rules/flavor.js';
import { parseTagRule } from '../../../src/planning/tag-rules/parse.js';
import { differences, replay, replayCases, type ReplayCase } from '../../helpers/metadata-replay.js';

interface Reason {
  kind: 'difference' | 'unsupported';
  /** The row of docs/migration.md's table of differences that explains it. */
  docs: string;
  cases: string[];
  /** What every case of this reason has in common: the reason really is why it differs. */
  fits: (testCase: ReplayCase, found: string[]) => boolean;
}

const reasons: Record<string, Reason> = {
  'tags empty': {
    kind: 'difference',
    docs: "`tags` empty: the action's own event tags",
    cases: [
      'push/push01',
      'push/push03',
      'push/push05',
      'tag/tag01',
      'tag/tag02',
      'latest/latest05',
      'pr/pr01',
      'pr/pr02',
      'pr-head-sha/pr01',
      'pr-head-sha/pr02',
      'schedule/schedule01',
      'schedule/schedule04',
      'release/release01'
    ],
    fits: (testCase) => (testCase.inputs['tags'] ?? []).length === 0
  },
  'no image': {
    kind: 'difference',
    docs: 'No `image`: rule lines need one',
    cases: ['push/push21', 'tag/tag33', 'latest/latest10'],
    fits: (testCase, found) =>
      (testCase.inputs['images'] ?? []).length === 0 && found.some((line) => line.includes('need the image input'))
  },
  'label without =': {
    kind: 'difference',
    docs: 'A `labels` line without `=`',
    cases: ['json/json01', 'json/json07'],
    fits: (_testCase, found) => found.some((line) => /Input 'labels' .*\(no '='\)/.test(line))
  },
  bake: {
    kind: 'unsupported',
    docs: 'Bake files',
    cases: [
      'bakeFile/bakeFile01',
      'bakeFile/bakeFile02',
      'bakeFile/bakeFile03',
      'bakeFile/bakeFile04',
      'bakeFile/bakeFile05',
      'bakeFile/bakeFile06',
      'bakeFile/bakeFile07',
      'bakeFileTagsLabels/bakeFileTagsLabels01'
    ],
    fits: (testCase) => testCase.suite.startsWith('bakeFile')
  }
};

const fixtureData = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../../__fixtures__/metadata-action/${name}`, import.meta.url), 'utf8')) as T;

const idOf = (testCase: ReplayCase) => `${testCase.suite}/${testCase.name}`;
const reasonOf = new Map(Object.entries(reasons).flatMap(([name, reason]) => reason.cases.map((id) => [id, name])));
const guide = readFileSync(new URL('../../../docs/migration.md', import.meta.url), 'utf8');

describe("docker/metadata-action's test tables", () => {
  const results = replayCases.map((testCase) => ({ testCase, found: differences(testCase, replay(testCase)) }));

  it.each(results.map(({ testCase, found }) => [idOf(testCase), testCase, found] as const))(
    '%s agrees, or differs for a documented reason',
    (id, testCase, found) => {
      const reason = reasonOf.get(id);
      if (reason === undefined) {
        expect({ id, differences: found }).toEqual({ id, differences: [] });
        return;
      }
      // A listed case must still differ, and for its reason.
      expect({ id, reason, differs: found.length > 0 }).toEqual({ id, reason, differs: true });
      expect({ id, reason, fits: reasons[reason]?.fits(testCase, found) }).toEqual({ id, reason, fits: true });
    }
  );

  it('lists only cases that exist', () => {
    const ids = new Set(replayCases.map(idOf));
    expect([...reasonOf.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(Object.entries(reasons))('the migration guide explains "%s"', (_name, reason) => {
    // One row of the table: the reason and how many of the tables' cases it covers.
    const count = `${reason.cases.length} case${reason.cases.length === 1 ? '' : 's'}`;
    const rows = guide.split('\n').filter((line) => line.startsWith('|') && line.includes(reason.docs));
    expect(rows.some((line) => line.includes(count))).toBe(true);
  });

  it('counts', () => {
    const count = (kind: Reason['kind']) =>
      Object.values(reasons)
        .filter((reason) => reason.kind === kind)
        .reduce((sum, reason) => sum + reason.cases.length, 0);
    const agree = results.filter(({ found }) => found.length === 0).length;
    // Printed for the record; the per-case tests above are what fail.
    console.log(
      `metadata-action replay: ${agree} agree, ${count('difference')} documented differences, ${count('unsupported')} unsupported, of ${results.length}`
    );
    expect(agree + count('difference') + count('unsupported')).toBe(results.length);
  });
});

interface ImageCase {
  input: string[];
  expected: { name: string; enable: boolean }[] | null;
  invalid: boolean;
}

describe("docker/metadata-action's images table", () => {
  const cases = fixtureData<ImageCase[]>('images.json');

  it.each(cases.map((entry) => [entry.input.join(' | '), entry] as const))('%s', (_title, entry) => {
    const read = () => imageEntries(entry.input.join('\n'));
    if (entry.invalid) expect(read).toThrow(/Input 'image'/);
    else expect(read()).toEqual((entry.expected ?? []).filter(({ enable }) => enable).map(({ name }) => name));
  });
});

interface RuleCase {
  line: string;
  expected: { type?: string; attrs?: Record<string, string> };
  invalid: boolean;
}

describe("docker/metadata-action's tag rule table", () => {
  const cases = fixtureData<RuleCase[]>('tag-rules.json');

  it.each(cases.map((entry) => [entry.line, entry] as const))('%s', (line, entry) => {
    if (entry.invalid) {
      expect(() => parseTagRule(line)).toThrow(/Input 'tags'/);
      return;
    }
    const rule = parseTagRule(line);
    // metadata-action keeps the priority among the attributes, as text.
    expect({ type: rule.type, attrs: { ...rule.attrs, priority: String(rule.priority) } }).toEqual(entry.expected);
  });
});

interface FlavorCase {
  input: string[];
  expected: { latest?: string; prefix?: string; prefixLatest?: boolean; suffix?: string; suffixLatest?: boolean };
  invalid: boolean;
}

describe("docker/metadata-action's flavor table", () => {
  const cases = fixtureData<FlavorCase[]>('flavors.json');

  it.each(cases.map((entry) => [entry.input.join(' | '), entry] as const))('%s', (_title, entry) => {
    const read = () => parseFlavor(entry.input.join('\n'));
    if (entry.invalid) {
      expect(read).toThrow(/Input 'flavor'/);
      return;
    }
    const { latest, prefix, prefixOnLatest, suffix, suffixOnLatest } = read();
    expect({ latest, prefix, prefixLatest: prefixOnLatest, suffix, suffixLatest: suffixOnLatest }).toEqual(
      entry.expected
    );
  });
});
