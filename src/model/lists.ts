import { InputError } from './errors.js';

/** Splits a list input on newlines and commas; blank entries and surrounding spaces are dropped. */
export function splitList(value: string): string[] {
  // Comment lines go first, so a comma inside a comment does not make an entry.
  return splitLines(value)
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
}

/** Splits on newlines only, for entries that may contain commas themselves (cache specs, labels). */
export function splitLines(value: string): string[] {
  return value
    .split('\n')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
}

/** Splits words as a shell does for simple quoting: "double" (with \\ escapes), 'single', or bare. */
export function splitShellWords(raw: string): string[] {
  const words: string[] = [];
  for (const match of raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
    words.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3] ?? '');
  return words;
}

export interface KeyValue {
  key: string;
  value: string;
}

const keyPattern = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
/** Annotation keys may name their level, as buildx takes them: index:, manifest[linux/arm64]:, ... */
export const annotationKeyPattern =
  /^(?:(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[a-z0-9/._-]+(?:,[a-z0-9/._-]+)*\])?:)?[A-Za-z_][A-Za-z0-9_.\-/]*$/;

/** Parses NAME=value lines. Values may hold '=', commas and spaces; keys may not be empty. */
export function parseKeyValueLines(input: string, raw: string, names: RegExp = keyPattern): KeyValue[] {
  const seen = new Map<string, KeyValue>();
  for (const [index, line] of splitLines(raw).entries()) {
    const separator = line.indexOf('=');
    const key = separator < 0 ? line : line.slice(0, separator).trim();
    if (separator < 0 || !names.test(key)) {
      // A malformed secrets line may be the secret itself: never echo it. The same goes for a build
      // arg (an error comes before any value is masked): its name at most, never its value.
      const shown =
        input === 'secrets'
          ? '(hidden)'
          : input === 'build-args'
            ? `line ${index + 1}${separator < 0 ? '' : `: ${key}=…`}`
            : line;
      throw new InputError(
        input,
        shown,
        'one NAME=value per line, NAME made of letters, digits, _ . - /',
        separator < 0 ? "no '='" : 'bad name'
      );
    }
    // A later line overrides an earlier one, as with repeated --build-arg flags.
    seen.set(key, { key, value: line.slice(separator + 1) });
  }
  return [...seen.values()];
}

const trueWords = new Set(['true', 'yes', '1', 'on']);
const falseWords = new Set(['false', 'no', '0', 'off']);

export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  if (trueWords.has(value)) return true;
  if (falseWords.has(value)) return false;
  throw new InputError(input, raw, 'true or false');
}

export function parseChoice<T extends string>(input: string, raw: string, choices: readonly T[], fallback: T): T {
  const value = raw.trim().toLowerCase();
  if (value === '') return fallback;
  const match = choices.find((choice) => choice === value);
  if (!match) throw new InputError(input, raw, choices.join(', '));
  return match;
}
