// build-push-action's build inputs, with its names and formats, checked before anything runs.
import { isIP } from 'node:net';
import { InputError } from '../model/errors.js';
import { parseBoolean, splitLines, splitList, type KeyValue } from '../model/lists.js';
import { parseImageReference } from '../model/references.js';
import type { BuildInputs } from '../model/build.js';

export type BuildInputReader = (name: string) => string;

const secretIdPattern = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;
const envNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

function splitPair(line: string): [string, string] | undefined {
  const separator = line.indexOf('=');
  if (separator <= 0) return undefined;
  return [line.slice(0, separator).trim(), line.slice(separator + 1).trim()];
}

/** key=value lines where the value is a file, an env name, a context: never a secret, so it may be echoed. */
function parsePairs(input: string, entries: string[], accepted: string, valueOk: (value: string) => boolean) {
  const seen = new Map<string, KeyValue>();
  for (const entry of entries) {
    const pair = splitPair(entry);
    if (!pair || !secretIdPattern.test(pair[0]) || !valueOk(pair[1])) throw new InputError(input, entry, accepted);
    seen.set(pair[0], { key: pair[0], value: pair[1] });
  }
  return [...seen.values()];
}

function parseSsh(raw: string): string[] {
  const accepted = "'default', 'default=<agent socket>', or '<id>=<socket or key file>[,<key file>...]', one per line";
  return splitLines(raw).map((entry) => {
    if (entry === 'default') return entry;
    const pair = splitPair(entry);
    if (!pair || !/^[A-Za-z0-9_.-]+$/.test(pair[0]) || pair[1].split(',').some((path) => path.trim() === ''))
      throw new InputError('ssh', entry, accepted);
    return `${pair[0]}=${pair[1]}`;
  });
}

const namedContextSchemes = /^(?:docker-image|oci-layout|https?|git|ssh):\/\//;

function parseBuildContexts(raw: string): KeyValue[] {
  const accepted =
    'one name=value per line, the value a directory, docker-image://<image>, oci-layout://<dir>[:tag], target:<stage>, or a git/https URL';
  const contexts = parsePairs('build-contexts', splitLines(raw), accepted, (value) => value !== '');
  for (const { key, value } of contexts) {
    if (/\s/.test(key)) throw new InputError('build-contexts', `${key}=${value}`, accepted, 'a name has no spaces');
    if (value.startsWith('docker-image://'))
      parseImageReference(value.slice('docker-image://'.length), 'build-contexts');
    else if (/^[a-z-]+:\/\//.test(value) && !namedContextSchemes.test(value))
      throw new InputError('build-contexts', `${key}=${value}`, accepted, 'unknown scheme');
  }
  return contexts;
}

/** CSV key=value fields with a type=; the exporters that push are refused (tags + push do that, guarded and verified). */
function parseOutputs(raw: string): string[] {
  const accepted =
    'type=local,dest=<dir>, type=tar,dest=<file>, type=oci|docker,dest=<file>, type=image (not pushed) or type=cacheonly, one per line';
  return splitLines(raw).map((entry) => {
    const fields = entry.split(',').map((field) => splitPair(field.trim()));
    if (fields.some((field) => field === undefined))
      throw new InputError('outputs', entry, accepted, 'key=value fields');
    const attrs = new Map(fields as [string, string][]);
    const type = attrs.get('type');
    if (!type || !['local', 'tar', 'oci', 'docker', 'image', 'cacheonly'].includes(type))
      throw new InputError('outputs', entry, accepted, type ? `type '${type}'` : 'no type=');
    if (type === 'image' && /^(?:true|1)$/i.test(attrs.get('push') ?? ''))
      throw new InputError(
        'outputs',
        entry,
        accepted,
        'pushing outputs bypass the floating-tag guard and verification: use tags with push, or push-by-digest: true'
      );
    return entry;
  });
}

const attestTypes = ['sbom', 'provenance'];

function parseAttests(raw: string): string[] {
  const accepted = 'type=sbom or type=provenance, then ,key=value options (generator=..., mode=max); one per line';
  return splitLines(raw).map((entry) => {
    const type = entry
      .split(',')
      .map((field) => splitPair(field))
      .find((pair) => pair?.[0] === 'type')?.[1];
    if (!type || !attestTypes.includes(type)) throw new InputError('attests', entry, accepted);
    return entry;
  });
}

/** build-push's sbom: a boolean, or the options of --attest type=sbom (generator=...). */
function parseSbom(raw: string): string {
  const value = raw.trim();
  if (value === '') return value;
  if (/^[a-z_-]+=[^,]+(?:,[a-z_-]+=[^,]+)*$/i.test(value)) return value;
  return String(parseBoolean('sbom', value, false));
}

function parseAddHosts(raw: string): string[] {
  const accepted = 'host:ip or host=ip (ip an IPv4/IPv6 address or host-gateway), comma or newline separated';
  return splitList(raw).map((entry) => {
    const match = /^([A-Za-z0-9][A-Za-z0-9.-]*)[:=](.+)$/.exec(entry);
    const address = match?.[2]?.replace(/^\[(.*)\]$/, '$1') ?? '';
    if (!match || (address !== 'host-gateway' && isIP(address) === 0))
      throw new InputError('add-hosts', entry, accepted);
    return entry;
  });
}

function parseShmSize(raw: string): string {
  const value = raw.trim();
  // The size units docker accepts: 64m, 2g, 2GiB, 1048576.
  if (value !== '' && !/^\d+(?:\.\d+)? ?[kmgtp]?i?b?$/i.test(value))
    throw new InputError('shm-size', value, 'a size such as 64m, 2g or 2GiB');
  return value;
}

const ulimitNames = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack'
];

function parseUlimits(raw: string): string[] {
  const accepted = `<name>=<soft>[:<hard>] with a name of ${ulimitNames.join(', ')}; -1 for unlimited; one per line`;
  return splitLines(raw).map((entry) => {
    const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(entry);
    if (!match || !ulimitNames.includes(match[1] as string)) throw new InputError('ulimit', entry, accepted);
    return entry;
  });
}

function parseAllow(raw: string): string[] {
  const accepted = 'network.host, security.insecure (the builder must allow them), comma or newline separated';
  return splitList(raw).map((entry) => {
    if (!['network.host', 'security.insecure'].includes(entry) && !/^(?:fs|fs\.read|fs\.write|device)=\S+$/.test(entry))
      throw new InputError('allow', entry, accepted);
    return entry;
  });
}

function parseNoCacheFilters(raw: string): string[] {
  return splitList(raw).map((entry) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(entry))
      throw new InputError('no-cache-filters', entry, 'build stage names, comma or newline separated');
    return entry;
  });
}

const callMethods = ['build', 'check', 'outline', 'targets', 'subrequests.describe'];

function parseCall(raw: string): string {
  const value = raw.trim();
  if (value === '') return value;
  const [method, ...options] = value.split(',');
  if (!callMethods.includes(method as string) || options.some((option) => !/^[a-z]+=[^,=]+$/.test(option)))
    throw new InputError('call', value, `${callMethods.join(', ')}, optionally with ,key=value options`);
  return value;
}

/** Reads build-push-action's build inputs. Pure apart from `read`. */
export function parseBuildInputs(read: BuildInputReader): BuildInputs {
  const secretEnvAccepted =
    'id=ENV_NAME entries (the environment variable holding the value), comma or newline separated';
  return {
    secretFiles: parsePairs(
      'secret-files',
      splitLines(read('secret-files')),
      'one id=path per line, path a file holding the secret',
      (value) => value !== ''
    ),
    secretEnvs: parsePairs('secret-envs', splitList(read('secret-envs')), secretEnvAccepted, (value) =>
      envNamePattern.test(value)
    ),
    ssh: parseSsh(read('ssh')),
    buildContexts: parseBuildContexts(read('build-contexts')),
    outputs: parseOutputs(read('outputs')),
    sbom: parseSbom(read('sbom')),
    attests: parseAttests(read('attests')),
    addHosts: parseAddHosts(read('add-hosts')),
    shmSize: parseShmSize(read('shm-size')),
    ulimit: parseUlimits(read('ulimit')),
    allow: parseAllow(read('allow')),
    noCacheFilters: parseNoCacheFilters(read('no-cache-filters')),
    call: parseCall(read('call')),
    // The runner fills in action.yml's ${{ github.token }}; a run outside it passes the expression unevaluated, which is no token.
    githubToken: read('github-token')
      .trim()
      .replace(/^\$\{\{.*\}\}$/, '')
  };
}

/** Whether buildx makes an image the action pushes: outputs replace it, and call: check builds nothing. */
export function producesImage(inputs: Pick<BuildInputs, 'outputs' | 'call'>): boolean {
  return inputs.outputs.length === 0 && (inputs.call === '' || inputs.call.startsWith('build'));
}
