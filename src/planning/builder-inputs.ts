// The builder inputs: which BuildKit builds, where, and with what configuration. Pure: table-tested.
import { parse as parseYaml } from 'yaml';
import { InputError } from '../model/errors.js';
import { parseChoice, splitList, splitLines } from '../model/lists.js';
import { parsePlatformList } from '../model/platforms.js';
import type { BuilderInputs, BuilderNode, DriverChoice, RemoteTls } from '../model/builder.js';

const drivers: readonly DriverChoice[] = ['auto', 'docker-container', 'docker', 'remote', 'kubernetes'];

// docker's own rule for context names; a builder name follows it too.
const contextName = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/;
const nodeName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const dockerSchemes = ['unix', 'tcp', 'ssh', 'npipe'];
// BuildKit's client dials these, directly or through its connection helpers.
const remoteSchemes = [
  'tcp',
  'unix',
  'npipe',
  'ssh',
  'docker-container',
  'podman-container',
  'nerdctl-container',
  'kube-pod'
];

export function acceptedEndpoints(driver: DriverChoice): string {
  if (driver === 'remote') return `a BuildKit address: ${remoteSchemes.map((scheme) => `${scheme}://`).join(', ')}`;
  return `a Docker endpoint (${dockerSchemes.map((scheme) => `${scheme}://`).join(', ')}) or a docker context name`;
}

/**
 * An endpoint is a positional argument of `buildx create` and the `host=` value of `docker context
 * create --docker`: a leading '-' would be read as a flag and a comma or quote as another option.
 */
export function parseEndpoint(input: string, raw: string, driver: DriverChoice): string {
  const value = raw.trim();
  if (value === '') return value;
  const accepted = acceptedEndpoints(driver);
  if (/[\s,"']/.test(value) || value.startsWith('-'))
    throw new InputError(input, value, accepted, 'spaces, commas, quotes and a leading - are not allowed');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (driver === 'remote') throw new InputError(input, value, accepted, 'the remote driver needs an address');
    if (!contextName.test(value)) throw new InputError(input, value, accepted, 'not a context name');
    return value;
  }
  const schemes = driver === 'remote' ? remoteSchemes : dockerSchemes;
  if (!schemes.includes(scheme)) throw new InputError(input, value, accepted, `unknown scheme ${scheme}://`);
  if (value.length === scheme.length + 3) throw new InputError(input, value, accepted, 'no address after the scheme');
  return value;
}

function parseDriverOpts(input: string, raw: string | readonly string[]): string[] {
  const options = typeof raw === 'string' ? splitList(raw) : raw.map((entry) => entry.trim()).filter(Boolean);
  for (const option of options) {
    if (!/^[A-Za-z0-9_.-]+=/.test(option))
      throw new InputError(input, option, 'key=value entries such as image=moby/buildkit:v0.16.0 or network=host');
  }
  return options;
}

const nodeKeys = ['name', 'endpoint', 'platforms', 'driver-opts', 'buildkitd-flags'];
const nodesAccepted = `a YAML list of nodes, each with endpoint and optionally ${nodeKeys.filter((key) => key !== 'endpoint').join(', ')}`;

function textField(entry: Record<string, unknown>, key: string, where: string): string {
  const value = entry[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new InputError('nodes', where, nodesAccepted, `${key} must be a string`);
  return String(value).trim();
}

function listField(entry: Record<string, unknown>, key: string, where: string): string | string[] {
  const value = entry[key];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  if (Array.isArray(value)) throw new InputError('nodes', where, nodesAccepted, `${key} must list strings`);
  return textField(entry, key, where);
}

function parseNode(entry: unknown, index: number, driver: DriverChoice): BuilderNode {
  const where = `entry ${index + 1}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new InputError('nodes', where, nodesAccepted, 'not a mapping');
  const fields = entry as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !nodeKeys.includes(key));
  if (unknown.length > 0) throw new InputError('nodes', where, nodesAccepted, `unknown key ${unknown.join(', ')}`);
  const name = textField(fields, 'name', where);
  if (name !== '' && !nodeName.test(name)) throw new InputError('nodes', name, 'node names of letters, digits, _ . -');
  const endpoint = parseEndpoint('nodes', textField(fields, 'endpoint', where), driver);
  // A kubernetes node is placed by its driver-opts (nodeselector=...), not by an address.
  if (endpoint === '' && driver !== 'kubernetes') throw new InputError('nodes', where, nodesAccepted, 'no endpoint');
  const platformsRaw = listField(fields, 'platforms', where);
  const platformsText = typeof platformsRaw === 'string' ? platformsRaw : platformsRaw.join(',');
  return {
    name,
    endpoint,
    platforms: platformsText === '' ? [] : parsePlatformList(platformsText, 'nodes'),
    driverOpts: parseDriverOpts('nodes', listField(fields, 'driver-opts', where)),
    buildkitdFlags: textField(fields, 'buildkitd-flags', where)
  };
}

function parseNodes(raw: string, driver: DriverChoice): BuilderNode[] {
  if (raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = parseYaml(raw);
  } catch (error) {
    throw new InputError('nodes', raw, nodesAccepted, `not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(parsed)) throw new InputError('nodes', raw, nodesAccepted, 'not a list');
  const nodes = parsed.map((entry, index) => parseNode(entry, index, driver));
  const names = nodes.map(({ name }) => name).filter(Boolean);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new InputError('nodes', twice, 'each node name once');
  return nodes;
}

function parsePem(input: string, raw: string): string {
  const value = raw.trim();
  // Never echo the value: it is a secret, and a key pasted into the wrong input is one too.
  if (value !== '' && !/^-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----$/.test(value))
    throw new InputError(input, '(hidden)', 'PEM text (-----BEGIN ...-----), usually from a secret');
  return value === '' ? '' : `${value}\n`;
}

/** The remote driver's TLS material; which driver may take it is a rule across inputs (input-rules.ts). */
function parseRemoteTls(read: (name: string) => string): RemoteTls {
  return {
    cacert: parsePem('remote-cacert', read('remote-cacert')),
    cert: parsePem('remote-cert', read('remote-cert')),
    key: parsePem('remote-key', read('remote-key'))
  };
}

/** Parses the builder inputs, each on its own; throws InputError naming the first bad one. How they combine is input-rules.ts's. */
export function parseBuilderInputs(read: (name: string) => string): BuilderInputs {
  const driver = parseChoice<DriverChoice>('driver', read('driver'), drivers, 'auto');
  const builder = read('builder').trim();
  if (builder !== '' && !contextName.test(builder))
    throw new InputError('builder', builder, 'the name of an existing builder (docker buildx ls)');
  const driverOpts = parseDriverOpts('driver-opts', read('driver-opts'));
  const inputs: BuilderInputs = {
    driver,
    builder,
    nodes: parseNodes(read('nodes'), driver),
    driverOpts,
    buildkitdFlags: read('buildkitd-flags').trim(),
    endpoint: parseEndpoint('endpoint', read('endpoint'), driver),
    buildkitdConfig: read('buildkitd-config').trim(),
    buildkitdConfigInline:
      splitLines(read('buildkitd-config-inline')).length > 0 ? read('buildkitd-config-inline') : '',
    remoteTls: parseRemoteTls(read)
  };
  return inputs;
}
