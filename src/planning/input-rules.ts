// Pure: the rules that tie inputs together, by mode. Each one is written once, here, and throws an
// InputError before any command runs; a parser refuses only what is wrong with its own input. Rules
// that need the git event (tag targets, logins) run from the planners, and are written here too.
import { InputError } from '../model/errors.js';
import type { Inputs, Mode } from '../model/inputs.js';
import type { KeyValue } from '../model/lists.js';
import type { RegistryLogin } from '../model/login.js';
import type { RemoteTls } from '../model/builder.js';
import { canonicalRegistry, isBareTag, type TagTarget } from '../model/references.js';
import { producesImage } from './build-inputs.js';
import { acceptedEndpoints } from './builder-inputs.js';
import { DEFAULT_FLAVOR, flavorAccepted } from './tag-rules/flavor.js';

/** The inputs that configure a builder the action creates; none of them goes with an existing builder. */
export const builderConfigInputs = [
  'nodes',
  'endpoint',
  'driver-opts',
  'buildkitd-flags',
  'buildkitd-config',
  'buildkitd-config-inline'
] as const;
type BuilderConfigInput = (typeof builderConfigInputs)[number];

/** What the rules show when they name a raw input the parsed form no longer spells the same. */
export interface RawInputs {
  platforms: string;
  image: string;
  flavor: string;
  /** The builder's configuring inputs as given, trimmed; empty when not given. */
  builderConfig: Record<BuilderConfigInput, string>;
}

/** A bare tag is only meaningful with the image input, except for a build that never pushes. */
function checkBareTags(inputs: Pick<Inputs, 'mode' | 'push' | 'images' | 'tags'>): void {
  if (inputs.images.length > 0 || (inputs.mode === 'build' && inputs.push === 'false')) return;
  // Rule lines give bare tags too.
  const bare = inputs.tags.find(
    (entry) => entry.kind === 'rule' || entry.kind === 'tag' || (entry.kind === 'template' && isBareTag(entry.text))
  );
  if (bare === undefined) return;
  throw new InputError(
    'tags',
    bare.text,
    'full references such as ghcr.io/acme/app:1.0, or bare tags together with the image input',
    bare.kind === 'rule'
      ? 'a rule line gives bare tags, which need the image input'
      : 'a bare tag needs the image input'
  );
}

function checkPushByDigest(inputs: Inputs, raw: RawInputs): void {
  if (!inputs.pushByDigest) return;
  if (inputs.platforms.length !== 1)
    throw new InputError(
      'platforms',
      raw.platforms,
      'exactly one platform when push-by-digest is true (one matrix job per platform, then mode: merge)'
    );
  if (inputs.images.length !== 1)
    throw new InputError(
      'image',
      raw.image,
      'exactly one repository (e.g. ghcr.io/acme/app) when push-by-digest is true'
    );
}

function checkMergeSources(inputs: Pick<Inputs, 'mode' | 'sources'>): void {
  if (inputs.mode !== 'merge' || inputs.sources.length > 0) return;
  throw new InputError(
    'sources',
    '',
    'the image references (repo@sha256:... or repo:tag) of the per-platform builds, one per line',
    'mode merge needs sources'
  );
}

/**
 * A password needs a username. A username without a password is the plan's to judge (planLogins):
 * a run that pushes nothing goes on without that login.
 */
function checkCredentials({ username, password }: Pick<Inputs, 'username' | 'password'>): void {
  if (password !== '' && username === '')
    throw new InputError(
      'username',
      '',
      'a user name whenever password is set',
      'password is set but username is empty'
    );
}

function checkLoad({ load, platforms, driver }: Pick<Inputs, 'load' | 'platforms' | 'driver'>): void {
  // auto decides at run time, and refuses then if only docker-container fits.
  if (!load || platforms.length <= 1 || driver === 'docker' || driver === 'auto') return;
  throw new InputError(
    'load',
    'true',
    "load with one platform, or driver 'docker' (its containerd image store takes multi-platform images)",
    `the ${driver} driver cannot load ${platforms.length} platforms into the daemon`
  );
}

/** flavor shapes metadata-action's rule lines only: a flavor without any rule line in tags would be silently ignored. */
function checkFlavor({ flavor, tags }: Pick<Inputs, 'flavor' | 'tags'>, raw: RawInputs): void {
  const isDefault = (Object.keys(DEFAULT_FLAVOR) as (keyof typeof DEFAULT_FLAVOR)[]).every(
    (key) => flavor[key] === DEFAULT_FLAVOR[key]
  );
  if (isDefault || tags.some(({ kind }) => kind === 'rule')) return;
  throw new InputError(
    'flavor',
    raw.flavor.trim(),
    flavorAccepted,
    'flavor applies to metadata-action rule lines in tags (type=ref,event=branch, type=semver,pattern={{version}}, …); tags has none'
  );
}

/** One id per secret across secrets, secret-files and secret-envs. */
function checkSecretIds(inputs: Pick<Inputs, 'secrets' | 'secretFiles' | 'secretEnvs'>): void {
  const sources = new Map<string, string>();
  const lists: [string, readonly KeyValue[]][] = [
    ['secrets', inputs.secrets],
    ['secret-files', inputs.secretFiles],
    ['secret-envs', inputs.secretEnvs]
  ];
  for (const [input, entries] of lists) {
    for (const { key } of entries) {
      const earlier = sources.get(key);
      if (earlier !== undefined)
        throw new InputError(
          input,
          key,
          'each secret id once across secrets, secret-files and secret-envs',
          `also in ${earlier}`
        );
      sources.set(key, input);
    }
  }
}

/** No push where buildx exports no image: outputs replace it, and call: check builds nothing. */
function checkPushWithoutImage(inputs: Pick<Inputs, 'outputs' | 'call' | 'push' | 'pushByDigest'>): void {
  if (producesImage(inputs)) return;
  const cause =
    inputs.outputs.length > 0 ? 'outputs replace the image the action pushes' : `call: ${inputs.call} builds no image`;
  if (inputs.push === 'true')
    throw new InputError(
      'push',
      'true',
      'auto or false when outputs or call is set (the action pushes nothing then)',
      cause
    );
  if (inputs.pushByDigest) throw new InputError('push-by-digest', 'true', 'false when outputs or call is set', cause);
}

/** remote-cacert, remote-cert and remote-key: for the remote driver, cert and key together, not also in driver-opts. */
function checkRemoteTls({ driver, driverOpts, remoteTls }: Pick<Inputs, 'driver' | 'driverOpts' | 'remoteTls'>): void {
  const given = (Object.keys(remoteTls) as (keyof RemoteTls)[]).filter((key) => remoteTls[key] !== '');
  if (given.length === 0) return;
  if (driver !== 'remote')
    throw new InputError('driver', driver, 'remote when remote-cacert, remote-cert or remote-key is set');
  if ((remoteTls.cert === '') !== (remoteTls.key === ''))
    throw new InputError(remoteTls.cert ? 'remote-key' : 'remote-cert', '', 'remote-cert and remote-key together');
  const clash = driverOpts.find((option) => given.some((key) => option.startsWith(`${key}=`)));
  if (clash !== undefined)
    throw new InputError('driver-opts', clash, 'no cacert=, cert= or key= when the remote-* inputs give them');
}

/** Refuses what the chosen builder cannot take, so nothing is silently ignored. */
function checkBuilder(inputs: Inputs, raw: RawInputs): void {
  const configured = builderConfigInputs.find((name) => raw.builderConfig[name] !== '');
  if (inputs.builder !== '' && configured !== undefined)
    throw new InputError(
      configured,
      raw.builderConfig[configured],
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

/** The rules across inputs, for the mode the inputs ask for. */
export function checkInputRules(inputs: Inputs, raw: RawInputs): void {
  checkRemoteTls(inputs);
  checkBuilder(inputs, raw);
  checkFlavor(inputs, raw);
  checkSecretIds(inputs);
  checkPushWithoutImage(inputs);
  checkCredentials(inputs);
  checkLoad(inputs);
  checkBareTags(inputs);
  checkPushByDigest(inputs, raw);
  checkMergeSources(inputs);
}

/** A run that writes to a registry needs the password of the username/password login. */
export const missingPassword = (): InputError =>
  new InputError(
    'password',
    '',
    'a password or token whenever username is set',
    'username is set but password is empty'
  );

/** registry/username/password and registry-auth never log in to the same registry. */
export function checkLoginClash(first: RegistryLogin, registryAuth: readonly RegistryLogin[]): void {
  const clash = registryAuth.findIndex(
    (entry) => canonicalRegistry(entry.registry) === canonicalRegistry(first.registry)
  );
  if (clash >= 0)
    throw new InputError(
      'registry-auth',
      `<entry ${clash + 1}, registry ${first.registry}>`,
      'each registry once, in registry-auth or in registry/username/password',
      `username/password already log in to ${first.registry}`
    );
}

/**
 * Once the event has filled the tags: a push needs somewhere to go. A build pushed by digest names
 * its repository through the image input; a merge always tags, push or not, so the plan is complete.
 */
export function checkTagTargets(mode: Mode, targets: readonly TagTarget[], push: boolean, pushByDigest: boolean): void {
  if (targets.length > 0) return;
  if (mode === 'merge')
    throw new InputError(
      'tags',
      '',
      'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input',
      'nothing to tag the merged image with'
    );
  if (push && !pushByDigest)
    throw new InputError(
      'tags',
      '',
      'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input, when push is on',
      'nothing to push to'
    );
}
