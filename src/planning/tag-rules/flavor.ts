// The flavor input, in metadata-action's format: latest=auto|true|false, prefix= and suffix= (each
// optionally followed by onlatest=true|false on the same line). Pure.
import { InputError } from '../../model/errors.js';
import { splitLines } from '../../model/lists.js';
import { TemplateError, unknownNames } from './expressions.js';
import { globalNames, splitFields } from './parse.js';
import type { Flavor } from '../../model/tags.js';

export const DEFAULT_FLAVOR: Readonly<Flavor> = Object.freeze({
  latest: 'auto',
  prefix: '',
  prefixOnLatest: false,
  suffix: '',
  suffixOnLatest: false
});

export const flavorAccepted =
  "lines of latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false], as docker/metadata-action's flavor";

function applyField(
  flavor: Flavor,
  field: { key: string; value: string },
  lastAffix: string,
  fail: (d: string) => never
): string {
  const { key, value } = field;
  switch (key) {
    case 'latest':
      if (value !== 'auto' && value !== 'true' && value !== 'false') fail('latest is auto, true or false');
      flavor.latest = value;
      return lastAffix;
    case 'prefix':
    case 'suffix':
      try {
        const unknown = unknownNames(value, globalNames);
        if (unknown.length > 0) fail(`{{${unknown[0]}}} is not a global expression`);
      } catch (error) {
        if (error instanceof TemplateError) fail(error.message);
        throw error;
      }
      flavor[key] = value;
      return key;
    case 'onlatest':
      if (value !== 'true' && value !== 'false') fail('onlatest is true or false');
      if (lastAffix === 'prefix') flavor.prefixOnLatest = value === 'true';
      else if (lastAffix === 'suffix') flavor.suffixOnLatest = value === 'true';
      else fail('onlatest follows prefix= or suffix= on the same line');
      return lastAffix;
    default:
      return fail(`unknown key '${key}'`);
  }
}

/**
 * Parses the flavor input. It shapes metadata-action rule lines only: a flavor without any rule line
 * in tags is refused by the rules across inputs (input-rules.ts).
 */
export function parseFlavor(raw: string): Flavor {
  const flavor: Flavor = { ...DEFAULT_FLAVOR };
  for (const line of splitLines(raw)) {
    const fail = (detail: string): never => {
      throw new InputError('flavor', line, flavorAccepted, detail);
    };
    let fields: string[] = [];
    try {
      fields = splitFields(line);
    } catch (error) {
      fail((error as Error).message);
    }
    let lastAffix = '';
    for (const field of fields) {
      const separator = field.indexOf('=');
      if (separator < 0) fail(`'${field}' is not key=value`);
      const key = field.slice(0, separator).trim().toLowerCase();
      lastAffix = applyField(flavor, { key, value: field.slice(separator + 1).trim() }, lastAffix, fail);
    }
  }
  return flavor;
}
