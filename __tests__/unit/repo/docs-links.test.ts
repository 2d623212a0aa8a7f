// The README and the pages it sends readers to: every relative link resolves to a file in the
// repository, every #anchor to a heading of its target (GitHub's slug rules), every test file they
// name exists, and the README stays short, with every input and output of action.yml in its tables.
// External links are not fetched.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README_MAX_LINES = 300;
/** docs/ stays at about 9,000 words: performance.md (the benchmark's page) at most 1,500, the rest at most 7,500. */
const DOCS_MAX_WORDS_WITHOUT_PERFORMANCE = 7500;

const docsPages = readdirSync(path.join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => `docs/${name}`);
const markdownFiles = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...docsPages];

/** GitHub's heading anchor: lowercase, punctuation dropped except `-` and `_`, each space a `-`. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The text a heading renders to: links become their text, code spans and emphasis lose their marks. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`/g, '')
    .replace(/\*+/g, '')
    .trim();
}

/** The file with fenced code blocks blanked out, so that `#` comments and `[x](y)` in code count for nothing. */
function proseOf(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker;
      return '';
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    return line;
  });
}

/** Anchors of a markdown file's headings, with GitHub's `-1`, `-2` suffixes for repeated ones. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseOf(markdown)) {
    const match = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!match?.[1]) continue;
    const base = slug(headingText(match[1]));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Destinations of inline links, images and reference definitions, outside code. */
function linksOf(markdown: string): string[] {
  const prose = proseOf(markdown)
    .join('\n')
    .replace(/(`+)[\s\S]*?\1/g, '');
  const inline = [...prose.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)];
  const definitions = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)];
  return [...inline, ...definitions].map((match) => match[1] ?? '');
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (!anchors) {
    anchors = anchorsOf(readFileSync(file, 'utf8'));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

/** What is wrong with one link of `from` (a path relative to the repository), or undefined. */
function brokenLink(from: string, link: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined; // https:, mailto:: not fetched
  if (link === '') return 'empty link';
  const hash = link.indexOf('#');
  const filePart = decodeURIComponent(hash === -1 ? link : link.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(link.slice(hash + 1));
  const target = filePart === '' ? path.join(ROOT, from) : path.resolve(ROOT, path.dirname(from), filePart);
  const relative = path.relative(ROOT, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return `${link}: outside the repository`;
  if (!existsSync(target)) return `${link}: no file ${relative}`;
  if (anchor === undefined || !target.endsWith('.md')) return undefined;
  if (!anchorsOfFile(target).has(anchor)) return `${link}: no heading #${anchor} in ${relative}`;
  return undefined;
}

function lineCount(text: string): number {
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

describe('slug and anchors', () => {
  it.each<[string, string]>([
    [
      'Quarantine, check, promote: how the image reaches the registry',
      'quarantine-check-promote-how-the-image-reaches-the-registry'
    ],
    ['`driver: auto` (the default)', 'driver-auto-the-default'],
    ["Tag rules in docker/metadata-action's syntax", 'tag-rules-in-dockermetadata-actions-syntax'],
    ['Release tags from `image`', 'release-tags-from-image'],
    [
      'Before and after: one image, two registries (Docker Hub and GHCR)',
      'before-and-after-one-image-two-registries-docker-hub-and-ghcr'
    ],
    ['snake_case and **bold** [a link](x.md)', 'snake_case-and-bold-a-link']
  ])('%j → %s', (heading, expected) => {
    expect(slug(headingText(heading))).toBe(expected);
  });

  it('numbers repeated headings and ignores headings inside code blocks', () => {
    const markdown = '# Usage\n## Usage\n```yaml\n# Usage\n```\n### Usage ##\n';
    expect([...anchorsOf(markdown)]).toEqual(['usage', 'usage-1', 'usage-2']);
  });

  it('finds inline links, images and definitions, but not those in code', () => {
    const markdown = [
      'See [the guide](docs/a.md#x), ![logo](img.png) and [a\nwrapped link](b.md "title").',
      'Not `[code](c.md)`.',
      '```md',
      '[fenced](d.md)',
      '```',
      '[ref]: e.md'
    ].join('\n');
    expect(linksOf(markdown)).toEqual(['docs/a.md#x', 'img.png', 'b.md', 'e.md']);
  });
});

describe('documentation links', () => {
  it('covers the README, CONTRIBUTING, CHANGELOG and the docs pages', () => {
    expect(docsPages.length).toBeGreaterThan(0);
    for (const file of markdownFiles) expect(existsSync(path.join(ROOT, file))).toBe(true);
  });

  it.each(markdownFiles)('every relative link in %s resolves, with its anchor', (file) => {
    const links = linksOf(readFileSync(path.join(ROOT, file), 'utf8'));
    const broken = links.map((link) => brokenLink(file, link)).filter((problem) => problem !== undefined);
    expect(broken).toEqual([]);
  });

  it('the README links to every docs page', () => {
    const linked = new Set(
      linksOf(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).map((link) => link.split('#')[0])
    );
    expect(docsPages.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe('test files named in the documentation', () => {
  /** Every test file of the repository, as a path from the root. */
  const testFiles = (readdirSync(path.join(ROOT, '__tests__'), { recursive: true }) as string[])
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `__tests__/${name.split(path.sep).join('/')}`);

  /** The `*.test.ts` names in a markdown file's code spans: a bare file name, or a path ending in one. */
  const namedTests = (markdown: string): string[] =>
    [...markdown.matchAll(/`([\w./-]+\.test\.ts)`/g)].map((match) => match[1] ?? '');

  it('finds bare names and paths, and only in code spans', () => {
    expect(namedTests('`a.test.ts` and `__tests__/unit/x/b.test.ts`, but not c.test.ts')).toEqual([
      'a.test.ts',
      '__tests__/unit/x/b.test.ts'
    ]);
  });

  it.each(markdownFiles)('every test file %s names exists', (file) => {
    const named = namedTests(readFileSync(path.join(ROOT, file), 'utf8'));
    const exists = (name: string): boolean => testFiles.some((test) => test === name || test.endsWith(`/${name}`));
    expect(named.filter((name) => !exists(name))).toEqual([]);
  });
});

describe('source paths named in the documentation', () => {
  /** The `src/…` paths in a markdown file's code spans, placeholders such as `src/<folder>/` left out. */
  const namedSources = (markdown: string): string[] =>
    [...markdown.matchAll(/`(src\/[\w./-]+)`/g)].map((match) => match[1] ?? '').filter((name) => !name.includes('<'));

  it('finds files and folders in code spans only', () => {
    expect(namedSources('`src/model/` and `src/steps/post.ts`, `src/<folder>/x.ts`, not src/a.ts')).toEqual([
      'src/model/',
      'src/steps/post.ts'
    ]);
  });

  it.each(markdownFiles)('every src/ path %s names exists', (file) => {
    const named = namedSources(readFileSync(path.join(ROOT, file), 'utf8'));
    expect(named.filter((name) => !existsSync(path.join(ROOT, name)))).toEqual([]);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it(`is at most ${README_MAX_LINES} lines`, () => {
    expect(lineCount(readme)).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('has a row for every input and every output of action.yml in its tables', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const section = (heading: string) => readme.split(heading)[1]?.split(/^#{1,3} /m)[0] ?? '';
    const rows = (text: string) => new Set([...text.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]));
    const inputRows = rows(section('\n### Inputs\n'));
    const outputRows = rows(section('\n### Outputs\n'));
    expect(Object.keys(action.inputs).filter((name) => !inputRows.has(name))).toEqual([]);
    expect(Object.keys(action.outputs).filter((name) => !outputRows.has(name))).toEqual([]);
    expect([...inputRows].filter((name) => name && !(name in action.inputs))).toEqual([]);
    expect([...outputRows].filter((name) => name && !(name in action.outputs))).toEqual([]);
  });
});

/** Words as `wc -w` counts them: runs of anything but white space. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

describe('docs/', () => {
  it.each<[string, number]>([
    ['', 0],
    ['  one\n', 1],
    ['| `a` | b-c |\n\ttwo', 6]
  ])('counts the words of %j as wc -w does: %d', (text, expected) => {
    expect(wordCount(text)).toBe(expected);
  });

  it(`pages other than performance.md hold at most ${DOCS_MAX_WORDS_WITHOUT_PERFORMANCE} words in all`, () => {
    const total = docsPages
      .filter((page) => page !== 'docs/performance.md')
      .reduce((sum, page) => sum + wordCount(readFileSync(path.join(ROOT, page), 'utf8')), 0);
    expect(total).toBeLessThanOrEqual(DOCS_MAX_WORDS_WITHOUT_PERFORMANCE);
  });
});
