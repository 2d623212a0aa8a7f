import { InputError } from './errors.js';

/** An image reference split the way the registry sees it. */
export interface ImageReference {
  /** Registry host, with port when given; docker.io when the reference names none. */
  registry: string;
  /** Repository path inside the registry (library/ is added for Docker Hub's official images). */
  repository: string;
  tag?: string;
}

/**
 * A tag the run pushes, parsed once (planning/tag-plan.ts) and carried as it is: its registry and
 * repository for the registry calls, its tag for the floating guard and the tag-names output, and its
 * text for the edges (--tag, the outputs, the log and the summary).
 */
export interface TagTarget extends ImageReference {
  /** As the user wrote it (its name lowercased, templates filled), or as formatted from the image input. */
  text: string;
  /** The tag: latest for a reference given without one, the entry itself for a bare tag given without an image. */
  tag: string;
}

/** What a registry read or write names: a repository and a tag or a digest. */
export interface RemoteTarget {
  registry: string;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

/** A name as the user gave it and as the action uses it. */
export interface Rename {
  from: string;
  to: string;
}

export const DOCKER_HUB = 'docker.io';
/** Every name Docker Hub answers to; docker itself files its login under https://index.docker.io/v1/. */
export const DOCKER_HUB_HOSTS: ReadonlySet<string> = new Set([
  DOCKER_HUB,
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com'
]);

/**
 * One name per registry, the one place registries are compared: a scheme and a path dropped (Docker
 * config keys may be URLs), lowercase, and docker.io for every Docker Hub alias.
 */
export function canonicalRegistry(hostOrKey: string): string {
  const host = (
    hostOrKey
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .split('/')[0] ?? ''
  ).toLowerCase();
  return DOCKER_HUB_HOSTS.has(host) ? DOCKER_HUB : host;
}
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const hostPattern =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const acceptedReference =
  '[registry[:port]/]repository[:tag] with a lowercase repository (a-z, 0-9, separators . _ __ -) and a tag of at most 128 characters [A-Za-z0-9_.-] not starting with . or -';

/**
 * The reference with its registry and repository lowercased, as docker/metadata-action does with
 * image names (`ghcr.io/${{ github.repository }}` may hold capitals); the tag keeps its case.
 */
export function lowercaseName(reference: string): string {
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  const end = colon > slash ? colon : reference.length;
  return reference.slice(0, end).toLowerCase() + reference.slice(end);
}

/** A tag alone (`1.0`, `{{version}}`), not a reference: no registry, repository nor port in it. */
export function isBareTag(entry: string): boolean {
  return !entry.includes('/') && !entry.includes(':');
}

export function isValidTag(tag: string): boolean {
  return tagPattern.test(tag);
}

/** A first path component is a registry host when it has a dot or a port, or is localhost (Docker's rule). */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

export function parseImageReference(raw: string, input = 'tags', requireTag = false): ImageReference {
  const text = raw.trim();
  const fail = (detail: string): never => {
    throw new InputError(input, raw, acceptedReference, detail);
  };
  if (text.includes('@')) fail('a digest cannot be a push target; give a tag');
  if (/\s/.test(text)) fail('contains whitespace');
  const slash = text.indexOf('/');
  let registry = DOCKER_HUB;
  let remainder = text;
  if (slash > 0 && looksLikeHost(text.slice(0, slash))) {
    registry = text.slice(0, slash);
    remainder = text.slice(slash + 1);
    if (!hostPattern.test(registry)) fail(`'${registry}' is not a registry host`);
  }
  const colon = remainder.lastIndexOf(':');
  let repository = remainder;
  let tag: string | undefined;
  if (colon >= 0) {
    repository = remainder.slice(0, colon);
    tag = remainder.slice(colon + 1);
    if (!isValidTag(tag)) fail(`'${tag}' is not a valid tag`);
  } else if (requireTag) {
    fail('no tag');
  }
  if (repository === '') fail('no repository');
  if (repository !== repository.toLowerCase()) fail('repository names must be lowercase');
  for (const component of repository.split('/')) {
    if (!pathComponent.test(component)) fail(`'${component}' is not a valid repository path component`);
  }
  if (registry.length + repository.length + 1 > 255) fail('name longer than 255 characters');
  if (DOCKER_HUB_HOSTS.has(registry.toLowerCase())) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return tag === undefined ? { registry, repository } : { registry, repository, tag };
}

/** The short form Docker prints: no docker.io/ nor library/ prefix. */
export function formatRepository(reference: ImageReference): string {
  if (reference.registry !== DOCKER_HUB) return `${reference.registry}/${reference.repository}`;
  // Shorten only where the short form reads back the same: library/x → x, but not library/a/b or a host-like first part.
  const short = reference.repository.replace(/^library\/(?=[^/]+$)/, '');
  return looksLikeHost(short.split('/')[0] ?? '') ? `${DOCKER_HUB}/${reference.repository}` : short;
}

export function formatReference(reference: ImageReference): string {
  return reference.tag === undefined ? formatRepository(reference) : `${formatRepository(reference)}:${reference.tag}`;
}

/** The registry to log in to: the registry input, else the first full reference's host, else Docker Hub. */
export function resolveRegistry(registryInput: string, targets: readonly TagTarget[]): string {
  if (registryInput) return registryInput;
  return targets.find((target) => !isBareTag(target.text))?.registry ?? DOCKER_HUB;
}

/** The targets as text, for the edges: command lines, outputs, logs and the summary. */
export function targetTexts(targets: readonly TagTarget[]): string[] {
  return targets.map(({ text }) => text);
}

/** Where a tag target is read or written in its registry. */
export function remoteTargetOf(target: TagTarget): RemoteTarget {
  return { registry: target.registry, repository: target.repository, reference: target.tag };
}
