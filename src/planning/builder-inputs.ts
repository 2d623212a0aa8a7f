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

function acceptedEndpoints(driver: DriverChoice): string {
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

function parseRemoteTls(read: (name: string) => string, driver: DriverChoice, driverOpts: string[]): RemoteTls {
  const tls = {
    cacert: parsePem('remote-cacert', read('remote-cacert')),
    cert: parsePem('remote-cert', read('remote-cert')),
    key: parsePem('remote-key', read('remote-key'))
  };
  const given = (Object.keys(tls) as (keyof RemoteTls)[]).filter((key) => tls[key] !== '');
  if (given.length === 0) return tls;
  if (driver !== 'remote')
    throw new InputError('driver', driver, 'remote when remote-cacert, remote-cert or remote-key is set');
  if ((tls.cert === '') !== (tls.key === ''))
    throw new InputError(tls.cert ? 'remote-key' : 'remote-cert', '', 'remote-cert and remote-key together');
  const clash = driverOpts.find((option) => given.some((key) => option.startsWith(`${key}=`)));
  if (clash !== undefined)
    throw new InputError('driver-opts', clash, 'no cacert=, cert= or key= when the remote-* inputs give them');
  return tls;
}

/** Refuses what the chosen builder cannot take, so nothing is silently ignored. */
function checkCombinations(inputs: BuilderInputs, read: (name: string) => string): void {
  const configured = (
    ['nodes', 'endpoint', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline'] as const
  ).filter((name) => read(name).trim() !== '');
  if (inputs.builder !== '' && configured.length > 0)
    throw new InputError(
      configured[0] as string,
      read(configured[0] as string).trim(),
      `empty when builder is set (the existing builder ${inputs.builder} is used as it is)`
    );
  if (inputs.buildkitdConfig !== '' && inputs.buildkitdConfigInline !== '')
    throw new InputError('buildkitd-config-inline', '(set)', 'one of buildkitd-config and buildkitd-config-inline');
  const hasConfig = inputs.buildkitdConfig !== '' || inputs.buildkitdConfigInline !== '';
  if (hasConfig && (inputs.driver === 'docker' || inputs.driver === 'remote'))
    throw new InputError(
      'driver',
      inputs.driver,
      'auto, docker-container or kubernetes with a buildkitd config',
      inputs.driver === 'docker' ? "the daemon's BuildKit reads daemon.json" : 'a remote buildkitd reads its own config'
    );
  if (inputs.nodes.length > 0 && inputs.driver === 'docker')
    throw new InputError(
      'driver',
      'docker',
      'auto, docker-container, remote or kubernetes with nodes',
      'the docker driver has one node'
    );
  if (inputs.driver === 'remote' && inputs.endpoint === '')
    throw new InputError(
      'endpoint',
      '',
      acceptedEndpoints('remote'),
      'the remote driver needs the address of a buildkitd'
    );
}

/** Parses the builder inputs; throws InputError naming the first bad one. */
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
    remoteTls: parseRemoteTls(read, driver, driverOpts)
  };
  checkCombinations(inputs, read);
  return inputs;
}
