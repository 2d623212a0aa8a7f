import { DockerfileParser } from 'dockerfile-ast';
import { normalisePlatformText } from '../model/platforms.js';

/** An image a Dockerfile builds on (a FROM that is not scratch nor an earlier stage). */
export interface BaseImage {
  /** As written after ARG substitution, e.g. 'alpine:3.20'; the raw FROM text when `unresolved`. */
  reference: string;
  /** The stage's AS name, as written. */
  stage?: string;
  /** FROM --platform=$BUILDPLATFORM: only the runner's platform is pulled. */
  buildPlatformOnly: boolean;
  /** FROM --platform=<fixed value>, normalised when it is a known platform (amd64 → linux/amd64). */
  fixedPlatform?: string;
  /** The image name uses a variable with no value (or a per-target one such as $TARGETARCH). */
  unresolved?: true;
  /** 1-based line of the FROM instruction. */
  line: number;
}

// BuildKit defines these for FROM lines without any ARG; their values depend on the build.
const buildPlatformArgs = ['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'];
const targetPlatformArgs = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT'];
// NUL cannot occur in a Dockerfile value, so it marks "known only at build time" through any chain of ARGs.
const marker = (name: string): string => `\0${name}\0`;
const unknownValue = '\0';

type Lookup = (name: string) => string | undefined;

interface Expansion {
  value: string;
  unresolved: boolean;
}

/** Shell-style word expansion as BuildKit does it for FROM and ARG: quotes, escapes, $X, ${X}, ${X:-d}, ${X-d}, ${X:+a}, ${X+a}. */
class WordExpander {
  private position = 0;
  unresolved = false;

  constructor(
    private readonly text: string,
    private readonly lookup: Lookup,
    private readonly escape: string
  ) {}

  expand(insideBraces: boolean): string {
    let out = '';
    while (this.position < this.text.length) {
      const ch = this.text.charAt(this.position);
      if (insideBraces && ch === '}') return out;
      if (ch === this.escape) {
        out += this.text.charAt(this.position + 1);
        this.position += 2;
      } else if (ch === "'") {
        const end = this.text.indexOf("'", this.position + 1);
        const stop = end < 0 ? this.text.length : end;
        out += this.text.slice(this.position + 1, stop);
        this.position = stop + 1;
      } else if (ch === '"') {
        this.position++;
        out += this.doubleQuoted();
      } else if (ch === '$') {
        out += this.variable();
      } else {
        out += ch;
        this.position++;
      }
    }
    return out;
  }

  private doubleQuoted(): string {
    let out = '';
    while (this.position < this.text.length) {
      const ch = this.text.charAt(this.position);
      if (ch === '"') {
        this.position++;
        return out;
      }
      if (ch === this.escape && ['"', '$', this.escape].includes(this.text.charAt(this.position + 1))) {
        out += this.text.charAt(this.position + 1);
        this.position += 2;
      } else if (ch === '$') {
        out += this.variable();
      } else {
        out += ch;
        this.position++;
      }
    }
    return out;
  }

  private variable(): string {
    this.position++; // the $
    if (this.text.charAt(this.position) !== '{') {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position))?.[0];
      if (!name) return '$';
      this.position += name.length;
      return this.plain(name);
    }
    this.position++;
    const name = /^[A-Za-z0-9_]*/.exec(this.text.slice(this.position))?.[0] ?? '';
    this.position += name.length;
    const operator = /^(:-|:\+|-|\+)/.exec(this.text.slice(this.position))?.[0];
    if (name !== '' && this.text.charAt(this.position) === '}') {
      this.position++;
      return this.plain(name);
    }
    if (name === '' || operator === undefined) {
      // ${X:?msg}, ${X#pattern} and friends: not worth emulating; callers get a warning instead.
      this.skipPastBrace();
      this.unresolved = true;
      return '';
    }
    this.position += operator.length;
    const outerUnresolved = this.unresolved;
    this.unresolved = false;
    const word = this.expand(true);
    const wordUnresolved = this.unresolved;
    this.unresolved = outerUnresolved;
    this.position++; // the }
    const value = this.lookup(name);
    const useWord =
      operator === ':-'
        ? value === undefined || value === ''
        : operator === '-'
          ? value === undefined
          : operator === ':+'
            ? value !== undefined && value !== ''
            : value !== undefined;
    if (useWord) {
      if (wordUnresolved) this.unresolved = true;
      return word;
    }
    return operator.endsWith('+') ? '' : (value ?? '');
  }

  private plain(name: string): string {
    const value = this.lookup(name);
    if (value === undefined) this.unresolved = true;
    return value ?? '';
  }

  private skipPastBrace(): void {
    let depth = 1;
    while (this.position < this.text.length && depth > 0) {
      const ch = this.text.charAt(this.position++);
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
  }
}

function expandWord(text: string, lookup: Lookup, escape: string): Expansion {
  const expander = new WordExpander(text, lookup, escape);
  const value = expander.expand(false);
  return { value, unresolved: expander.unresolved || value.includes('\0') };
}

type ParsedDockerfile = ReturnType<typeof DockerfileParser.parse>;
type FromInstruction = ReturnType<ParsedDockerfile['getFROMs']>[number];

/** Global ARGs (before the first FROM): build args win, else the expanded default. */
function resolveGlobalArgs(
  parsed: ParsedDockerfile,
  overrides: Map<string, string>,
  globals: Map<string, string>,
  lookup: Lookup
): void {
  const escape = parsed.getEscapeCharacter();
  for (const arg of parsed.getInitialARGs()) {
    for (const property of arg.getProperties()) {
      const name = property.getName();
      const override = overrides.get(name);
      const raw = property.getUnescapedValue();
      if (override !== undefined) {
        globals.set(name, override);
      } else if (raw !== null) {
        const expanded = expandWord(raw, lookup, escape);
        globals.set(name, expanded.unresolved ? unknownValue : expanded.value);
      }
    }
  }
}

/** What a FROM's --platform flag pins: the build platform only, or one fixed platform. */
function fromPlatform(
  from: FromInstruction,
  lookup: Lookup,
  escape: string
): { buildPlatformOnly: boolean; fixedPlatform: string | undefined } {
  const platformFlag = from
    .getFlags()
    .find((flag) => flag.getName() === 'platform')
    ?.getValue();
  if (!platformFlag) return { buildPlatformOnly: false, fixedPlatform: undefined };
  const platform = expandWord(platformFlag, lookup, escape);
  const usesBuild = buildPlatformArgs.some((name) => platform.value.includes(marker(name)));
  const usesTarget = targetPlatformArgs.some((name) => platform.value.includes(marker(name)));
  if (usesBuild && !usesTarget) return { buildPlatformOnly: true, fixedPlatform: undefined };
  const fixed = !platform.unresolved && platform.value.trim() !== '';
  return { buildPlatformOnly: false, fixedPlatform: fixed ? normalisePlatformText(platform.value.trim()) : undefined };
}

/**
 * The images a Dockerfile pulls, with global ARGs resolved the way BuildKit does:
 * defaults of ARGs before the first FROM, overridden by build args for ARGs declared there.
 */
export function findBaseImages(dockerfile: string, buildArgs: { key: string; value: string }[]): BaseImage[] {
  const parsed = DockerfileParser.parse(dockerfile);
  const escape = parsed.getEscapeCharacter();
  const overrides = new Map(buildArgs.map(({ key, value }) => [key, value]));
  const globals = new Map<string, string>();
  const lookup: Lookup = (name) => {
    const value = globals.get(name);
    if (value !== undefined) return value;
    return buildPlatformArgs.includes(name) || targetPlatformArgs.includes(name) ? marker(name) : undefined;
  };

  resolveGlobalArgs(parsed, overrides, globals, lookup);

  const stageNames: string[] = [];
  const seen = new Set<string>();
  const bases: BaseImage[] = [];
  parsed.getFROMs().forEach((from, index) => {
    const stage = from.getBuildStage() ?? undefined;
    const raw = from.getArguments()[0]?.getValue();
    const earlierStages = [...stageNames];
    stageNames.push((stage ?? '').toLowerCase());
    if (!raw) return;

    const image = expandWord(raw, lookup, escape);
    if (!image.unresolved) {
      const name = image.value.toLowerCase();
      if (name === 'scratch' || earlierStages.includes(name)) return;
      if (/^\d+$/.test(name) && Number(name) < index) return;
    }

    const { buildPlatformOnly, fixedPlatform } = fromPlatform(from, lookup, escape);

    const base: BaseImage = {
      reference: image.unresolved ? raw : image.value,
      buildPlatformOnly,
      line: from.getRange().start.line + 1
    };
    if (stage) base.stage = stage;
    if (fixedPlatform) base.fixedPlatform = fixedPlatform;
    if (image.unresolved) base.unresolved = true;
    const key = JSON.stringify([base.reference, buildPlatformOnly, fixedPlatform ?? '', base.unresolved ?? false]);
    if (seen.has(key)) return;
    seen.add(key);
    bases.push(base);
  });
  return bases;
}
