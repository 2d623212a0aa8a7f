import * as core from '../seams/runner.js';
import { findBaseImages, type BaseImage } from './dockerfile-bases.js';
import { ActionError, errorMessage } from '../model/errors.js';
import type { PlatformCheck } from '../model/checks.js';
import type { PreflightPlan } from '../model/plan.js';
import { formatPlatform, parsePlatform, type Platform } from '../model/platforms.js';
import { remotePlatforms } from '../registry/oci-reads.js';
import type { RegistrySession } from '../registry/session.js';
import type { KeyValue } from '../model/lists.js';
import type { SkippedLogin } from '../model/login.js';
import { canonicalRegistry, parseImageReference } from '../model/references.js';

interface BaseCoverage {
  base: BaseImage;
  /** Platforms this stage pulls the base image for. */
  needs: Platform[];
  /** What the registry offers; undefined when it could not be read. */
  offers?: string[];
  missing: Platform[];
}

const armLevel = (variant: string | undefined): number => Number((variant ?? 'v7').slice(1));

/** What preflight should read for a FROM that a build context may replace: the image it names, or nothing. */
export function baseReplacement(reference: string, buildContexts: readonly KeyValue[]): string | null | undefined {
  const lower = reference.toLowerCase();
  const bare = lower.replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
  const names = new Set([lower, bare, bare.replace(/:latest$/, '')]);
  const context = buildContexts.find(({ key }) => names.has(key.toLowerCase()));
  if (!context) return undefined;
  return context.value.startsWith('docker-image://') ? context.value.slice('docker-image://'.length) : null;
}

/** Does an offered platform serve a wanted one? arm/v7 machines also run v6 and v5 images, as containerd's matcher allows. */
function platformServes(offered: string, wanted: Platform): boolean {
  let offer: Platform;
  try {
    offer = parsePlatform(offered);
  } catch {
    return false;
  }
  if (offer.os !== wanted.os || offer.architecture !== wanted.architecture) return false;
  if (wanted.architecture === 'arm') return armLevel(offer.variant) <= armLevel(wanted.variant);
  return (offer.variant ?? '') === (wanted.variant ?? '') || wanted.architecture === 'amd64';
}

/** Pure: which platforms each base image lacks. */
function coverage(base: BaseImage, needs: Platform[], offers: string[] | undefined): BaseCoverage {
  const missing = offers
    ? needs.filter((platform) => !offers.some((offered) => platformServes(offered, platform)))
    : [];
  return offers ? { base, needs, offers, missing } : { base, needs, missing };
}

function platformsNeeded(base: BaseImage, requested: readonly Platform[], native: Platform): Platform[] {
  if (base.buildPlatformOnly) return [native];
  if (base.fixedPlatform) {
    try {
      return [parsePlatform(base.fixedPlatform)];
    } catch {
      return [];
    }
  }
  return [...requested];
}

const NOT_FOUND = 'the registry has no such image';

/** The login left out for the registry of a base image, if it was. */
function skippedLoginFor(reference: string, skipped: readonly SkippedLogin[]): SkippedLogin | undefined {
  let registry: string;
  try {
    registry = canonicalRegistry(parseImageReference(reference, 'Dockerfile').registry);
  } catch {
    return undefined;
  }
  return skipped.find((login) => canonicalRegistry(login.registry) === registry);
}

/** A base image that could not be read because its registry's login was left out for want of its secret. */
function needsSkippedLogin(base: BaseImage, reference: string, login: SkippedLogin, why: string): ActionError {
  return new ActionError(
    `Platform check: the base image ${reference} (Dockerfile line ${base.line}) could not be read from ${login.registry}: ${why}. ` +
      `Its login was skipped: the ${login.secret} is empty (GitHub gives no secrets to pull requests from forks or Dependabot).`,
    `give this run the secret behind the ${login.secret} (Dependabot's pull requests read Dependabot secrets), or use a base image that needs no login.`
  );
}

function describe(entry: BaseCoverage): string {
  return `${entry.base.reference} (Dockerfile line ${entry.base.line}) has no ${entry.missing.map(formatPlatform).join(', ')}; it has ${entry.offers?.join(', ') || 'no platform'}`;
}

/**
 * Before any build: reads which platforms every external base image provides and compares them
 * with what the build needs. Returns the platforms to build (fewer only with platform-check: trim).
 */
export async function checkBasePlatforms(
  session: RegistrySession,
  preflight: PreflightPlan,
  platforms: readonly Platform[],
  native: Platform
): Promise<Platform[]> {
  const source = preflight.dockerfile;
  if (preflight.level === 'off' || !source) return [...platforms];
  if (source.text === undefined)
    throw new ActionError(`The base-image preflight could not read the Dockerfile ${source.path}.`);
  const bases = findBaseImages(source.text, source.buildArgs);
  if (bases.length === 0) return [...platforms];
  // One read per image, however many stages use it.
  const lookups = new Map<string, Promise<string[] | string>>();
  // The platforms the image offers, or why it could not be read.
  const lookup = (reference: string): Promise<string[] | string> => {
    let pending = lookups.get(reference);
    if (!pending) {
      pending = remotePlatforms(session, reference).then(
        (offers) => offers ?? NOT_FOUND,
        (error: unknown) => errorMessage(error).split('\n').slice(-1)[0] ?? 'it could not be read'
      );
      lookups.set(reference, pending);
    }
    return pending;
  };
  const results: BaseCoverage[] = [];
  for (const base of bases) {
    if (base.unresolved) {
      core.warning(
        `Platform check: the base image '${base.reference}' (line ${base.line}) depends on a value known only at build time; it is not checked.`
      );
      continue;
    }
    // A build context may stand in for the image: read its docker-image:// instead, or nothing for a directory.
    const replacement = baseReplacement(base.reference, source.buildContexts);
    if (replacement === null) continue;
    const reference = replacement ?? base.reference;
    const offers = await lookup(reference);
    if (typeof offers === 'string') {
      const skipped = skippedLoginFor(reference, preflight.skippedLogins ?? []);
      if (skipped) throw needsSkippedLogin(base, reference, skipped, offers);
      core.warning(
        offers === NOT_FOUND
          ? `Platform check: ${base.reference} was not found or could not be read; it is not checked.`
          : `Platform check: could not read ${reference}, so it is not checked: ${offers}`
      );
      continue;
    }
    results.push(coverage(base, platformsNeeded(base, platforms, native), offers));
  }
  return verdict(preflight.level, platforms, results);
}

/** What the coverage means under the platform-check level: the platforms to build, or an error. */
function verdict(level: PlatformCheck, platforms: readonly Platform[], results: readonly BaseCoverage[]): Platform[] {
  const lacking = results.filter((entry) => entry.missing.length > 0);
  core.info(`Platform check: ${results.length} base image(s) read, ${lacking.length} lacking a platform.`);
  if (lacking.length === 0) return [...platforms];
  const details = lacking.map(describe);
  if (level === 'error') {
    throw new ActionError(
      `Base images do not exist for every requested platform:\n- ${details.join('\n- ')}`,
      'choose a multi-arch base image, drop those platforms, or set platform-check: trim to build only the platforms the base images serve.'
    );
  }
  if (level === 'warn') {
    for (const detail of details)
      core.warning(`Platform check: ${detail}. The build will likely fail for those platforms.`);
    return [...platforms];
  }
  // trim: only per-target stages can rule a requested platform out.
  const unservable = new Set(lacking.flatMap((entry) => entry.missing.map(formatPlatform)));
  const kept = platforms.filter((platform) => !unservable.has(formatPlatform(platform)));
  if (kept.length === 0)
    throw new ActionError(`platform-check: trim left no platform to build:\n- ${details.join('\n- ')}`);
  core.warning(
    `Platform check: building ${kept.map(formatPlatform).join(', ')} only; dropped ${[...unservable].join(', ')} (${details.join('; ')}).`
  );
  return kept;
}
