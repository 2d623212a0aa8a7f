// What must not show in the printed build command, and what can leave the command line for the environment.
import type { CacheEntry } from '../model/cache.js';
import type { KeyValue } from '../model/lists.js';
import { secretLookingBuildArgs } from '../model/build.js';

const REDACTED = '***';

/** Cache spec fields that carry credentials (s3, gha, azblob and the like). */
const credentialField = /secret|token|password|passwd|account_key|access_key|sas|sig|credential/i;

function splitField(field: string): [string, string] | undefined {
  const separator = field.indexOf('=');
  return separator > 0 ? [field.slice(0, separator), field.slice(separator + 1)] : undefined;
}

/** A URL's password and its signature-like query parameters (an azblob SAS) hidden; anything else unchanged. */
function redactUrl(value: string): string {
  if (!/^[a-z]+:\/\//i.test(value)) return value;
  return value
    .replace(/^([a-z]+:\/\/[^/@:]*):[^/@]*@/i, `$1:${REDACTED}@`)
    .replace(/([?&](?:sig|signature|token|code|key)[^=&]*=)[^&]*/gi, `$1${REDACTED}`);
}

/** One cache spec with every credential value replaced. */
export function redactCacheSpec(spec: string): string {
  return spec
    .split(',')
    .map((field) => {
      const pair = splitField(field);
      if (!pair) return field;
      const key = pair[0].trim();
      if (credentialField.test(key)) return `${pair[0]}=${REDACTED}`;
      return `${pair[0]}=${redactUrl(pair[1])}`;
    })
    .join(',');
}

/** The values of a cache entry's credential fields, for core.setSecret. */
export function cacheSpecSecrets(entry: CacheEntry): string[] {
  return (entry.fields ?? [])
    .filter(({ key, value }) => credentialField.test(key) && value !== '')
    .map(({ value }) => value);
}

const secretLikeBuildArg = (arg: string): boolean => {
  const name = arg.slice(0, Math.max(arg.indexOf('='), 0));
  return name !== '' && secretLookingBuildArgs({ buildArgs: [{ key: name, value: '' }] }).length > 0;
};

/**
 * The build command as it may be printed: values of secret-looking build args, credentials in
 * cache specs, and any known secret value replaced by ***. Pure.
 */
export function redactCommand(args: readonly string[], secrets: readonly string[] = []): string[] {
  const known = secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  return args.map((arg, index) => {
    const flag = args[index - 1];
    let shown = arg;
    if (flag === '--build-arg' && secretLikeBuildArg(arg)) shown = `${arg.slice(0, arg.indexOf('='))}=${REDACTED}`;
    if (flag === '--cache-from' || flag === '--cache-to') shown = redactCacheSpec(arg);
    for (const secret of known) shown = shown.split(secret).join(REDACTED);
    return shown;
  });
}

/** A value to mask, and each of its lines when it has several: the runner masks line by line. */
export function maskableParts(value: string): string[] {
  if (value.trim() === '') return [];
  const lines = value
    .split(/\r?\n/)
    .map((line) => line.trim())
    // Short lines ("}", "-----") would mask ordinary log text and hide nothing secret.
    .filter((line) => line.length >= 8);
  return [...new Set([value, ...(lines.length > 1 ? lines : [])])];
}

export interface CacheCredentials {
  cacheFrom: string[];
  cacheTo: string[];
  /** Variables buildx reads when the spec leaves the field out. */
  env: Record<string, string>;
}

// buildx fills a gha spec's token from ACTIONS_RUNTIME_TOKEN, and an s3 spec's keys from the AWS
// credential chain (AWS_* variables), when the spec does not carry them.
const movable: Record<string, Record<string, string>> = {
  gha: { token: 'ACTIONS_RUNTIME_TOKEN' },
  s3: {
    access_key_id: 'AWS_ACCESS_KEY_ID',
    secret_access_key: 'AWS_SECRET_ACCESS_KEY',
    session_token: 'AWS_SESSION_TOKEN'
  }
};

/** The fields a credential may move out of: none for quoted CSV or the shorthand, which pass as written. */
function specFields(entry: CacheEntry): KeyValue[] | undefined {
  return entry.quoted ? undefined : entry.fields;
}

/** The credentials of one cache type, when every spec of that type carries the same ones; else undefined. */
function sharedCredentials(specs: (KeyValue[] | undefined)[], type: string): Record<string, string> | undefined {
  const fields = movable[type] ?? {};
  const ofType = specs.filter((spec) => spec?.some(({ key, value }) => key === 'type' && value === type));
  if (ofType.length === 0 || ofType.some((spec) => spec === undefined)) return undefined;
  const credentials = (spec: KeyValue[]): string =>
    JSON.stringify(Object.keys(fields).map((name) => spec.find(({ key }) => key === name)?.value ?? null));
  const first = credentials(ofType[0] as KeyValue[]);
  if (ofType.some((spec) => credentials(spec as KeyValue[]) !== first)) return undefined;
  const values = JSON.parse(first) as (string | null)[];
  // s3 needs both keys in the environment; a lone field stays in the spec.
  if (type === 's3' && (values[0] === null || values[1] === null)) return undefined;
  if (values.every((value) => value === null)) return undefined;
  // Empty, not absent: a session token left in the runner's environment must not pair with the spec's keys.
  return Object.fromEntries(Object.values(fields).map((variable, index) => [variable, values[index] ?? '']));
}

/** Moves cache credentials from the specs (and so from argv) to the variables buildx reads instead. */
export function moveCacheCredentials(
  cacheFrom: readonly CacheEntry[],
  cacheTo: readonly CacheEntry[]
): CacheCredentials {
  const parsed = [...cacheFrom, ...cacheTo].map(specFields);
  const env: Record<string, string> = {};
  const strip = new Set<string>();
  for (const type of Object.keys(movable)) {
    const shared = sharedCredentials(parsed, type);
    if (!shared) continue;
    Object.assign(env, shared);
    for (const name of Object.keys(movable[type] ?? {})) strip.add(`${type}:${name}`);
  }
  const rewrite = (spec: CacheEntry): string => {
    const fields = specFields(spec);
    const type = fields?.find(({ key }) => key === 'type')?.value ?? '';
    const kept = fields?.filter(({ key }) => !strip.has(`${type}:${key}`));
    if (!fields || !kept || kept.length === fields.length) return spec.text;
    return kept.map(({ key, value }) => `${key}=${value}`).join(',');
  };
  return { cacheFrom: cacheFrom.map(rewrite), cacheTo: cacheTo.map(rewrite), env };
}
