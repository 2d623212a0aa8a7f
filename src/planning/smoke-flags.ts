// smoke-test-flags: docker run flags that loosen the smoke run's bounds, written as for docker run
// (`--cap-add NET_BIND_SERVICE --memory 2g --read-only=false`). Only flags that loosen a default
// are taken: the smoke run is a check of the image, not a way to mount or reach the runner. Pure.
import { defaultSmokeIsolation, type SmokeIsolation } from '../model/checks.js';
import { InputError } from '../model/errors.js';
import { splitShellWords } from '../model/lists.js';

const INPUT = 'smoke-test-flags';
const ACCEPTED =
  'docker run flags that loosen the defaults: --cap-add CAP (ALL for Docker’s defaults), ' +
  '--security-opt no-new-privileges=false, --pids-limit N (0 for none), --memory SIZE (512m, 2g; 0 for none), ' +
  '--read-only=false, --tmpfs /path[:options]';

type Apply = (isolation: SmokeIsolation, value: string) => string | undefined;

const booleanValue = (value: string): boolean | undefined =>
  value === '' || value === 'true' ? true : value === 'false' ? false : undefined;

/** Each flag: whether it takes a value, and how it changes the bounds (a message when the value is wrong). */
const flags: Record<string, { takesValue: boolean; apply: Apply }> = {
  '--cap-add': {
    takesValue: true,
    apply: (isolation, value) => {
      if (!/^(?:CAP_)?[A-Z_]+$/i.test(value)) return 'a capability name such as NET_BIND_SERVICE, or ALL';
      isolation.capAdd.push(value.toUpperCase());
      return undefined;
    }
  },
  '--security-opt': {
    takesValue: true,
    apply: (isolation, value) => {
      const match = /^no-new-privileges(?:[=:](true|false))?$/.exec(value);
      if (!match) return 'only no-new-privileges=false (no other security option is the smoke run’s to change)';
      isolation.noNewPrivileges = match[1] !== 'false';
      return undefined;
    }
  },
  '--pids-limit': {
    takesValue: true,
    apply: (isolation, value) => {
      if (!/^(?:-1|\d+)$/.test(value)) return 'a whole number of processes, 0 or -1 for none';
      isolation.pidsLimit = Math.max(0, Number(value));
      return undefined;
    }
  },
  '--memory': {
    takesValue: true,
    apply: (isolation, value) => {
      if (!/^\d+[bkmg]?$/i.test(value)) return 'a size in docker’s format: 512m, 2g; 0 for none';
      isolation.memory = /^0+[bkmg]?$/i.test(value) ? '' : value.toLowerCase();
      return undefined;
    }
  },
  '--read-only': {
    takesValue: false,
    apply: (isolation, value) => {
      const readOnly = booleanValue(value);
      if (readOnly === undefined) return '--read-only=false or --read-only=true';
      isolation.readOnly = readOnly;
      return undefined;
    }
  },
  '--tmpfs': {
    takesValue: true,
    apply: (isolation, value) => {
      if (!/^\/[^\s:,]*(?::[a-z0-9=,]+)?$/i.test(value)) return 'an absolute path, with mount options after a colon';
      isolation.tmpfs.push(value);
      return undefined;
    }
  }
};
const aliases: Record<string, string> = { '-m': '--memory' };

/** The smoke run's bounds: the defaults, loosened by each flag in turn. */
export function parseSmokeFlags(raw: string): SmokeIsolation {
  const isolation: SmokeIsolation = { ...defaultSmokeIsolation, capAdd: [], tmpfs: [] };
  const words = splitShellWords(raw);
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const equals = word.indexOf('=');
    const given = equals > 0 ? word.slice(0, equals) : word;
    const name = aliases[given] ?? given;
    const flag = flags[name];
    if (!flag) throw new InputError(INPUT, word, ACCEPTED, `${given} is not a flag the smoke run takes`);
    let value = equals > 0 ? word.slice(equals + 1) : '';
    if (equals < 0 && flag.takesValue) {
      value = words[++index] ?? '';
      if (value === '') throw new InputError(INPUT, word, ACCEPTED, `${given} needs a value`);
    }
    const problem = flag.apply(isolation, value);
    if (problem) throw new InputError(INPUT, `${given} ${value}`.trim(), ACCEPTED, `${name} takes ${problem}`);
  }
  return isolation;
}
