import { InputError } from '../seams/errors.js';
import { splitList } from './lists.js';

/** A normalised OCI platform: os/architecture[/variant]. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

interface ArchitectureInfo {
  /** QEMU's name for it, which is also the binfmt handler's suffix (qemu-<name>). */
  qemu: string;
  /** The variant buildx reports when none is given (arm alone means arm/v7). */
  defaultVariant?: string;
  variants?: readonly string[];
}

const architectures: Record<string, ArchitectureInfo> = {
  amd64: { qemu: 'x86_64', variants: ['v1', 'v2', 'v3', 'v4'] },
  '386': { qemu: 'i386' },
  arm64: { qemu: 'aarch64', variants: ['v8'] },
  arm: { qemu: 'arm', defaultVariant: 'v7', variants: ['v5', 'v6', 'v7'] },
  riscv64: { qemu: 'riscv64' },
  ppc64le: { qemu: 'ppc64le' },
  s390x: { qemu: 's390x' },
  mips64le: { qemu: 'mips64el' },
  mips64: { qemu: 'mips64' },
  loong64: { qemu: 'loongarch64' }
};

// Spellings people use for the same thing, from uname, Debian and Go.
const aliases: Record<string, string> = {
  x86_64: 'amd64',
  x64: 'amd64',
  'x86-64': 'amd64',
  i386: '386',
  i686: '386',
  x86: '386',
  aarch64: 'arm64',
  armhf: 'arm/v7',
  armv7: 'arm/v7',
  armv7l: 'arm/v7',
  armel: 'arm/v6',
  armv6: 'arm/v6',
  armv6l: 'arm/v6',
  armv5: 'arm/v5',
  ppc64el: 'ppc64le',
  loongarch64: 'loong64'
};

const supportedOperatingSystems = new Set(['linux', 'windows']);

export const acceptedPlatforms =
  'os/arch[/variant] with os linux or windows and arch one of ' +
  Object.keys(architectures).join(', ') +
  ' (shorthands such as arm64, arm/v7, armv7, amd64 are accepted)';

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Parses one platform, normalising shorthands: arm64 → linux/arm64, armv7 → linux/arm/v7, arm64/v8 → linux/arm64. */
export function parsePlatform(raw: string, input = 'platforms'): Platform {
  const text = raw.trim().toLowerCase();
  let parts = text.split('/');
  if (parts.length > 0 && !supportedOperatingSystems.has(parts[0] ?? '')) parts = ['linux', ...parts];
  const [os = '', rawArchitecture = '', ...rest] = parts;
  // Own properties only: 'constructor' or '__proto__' are not architectures.
  const aliased = Object.hasOwn(aliases, rawArchitecture) ? aliases[rawArchitecture] : undefined;
  let architecture = rawArchitecture;
  let variant = rest[0];
  if (aliased) {
    const [aliasArchitecture = '', aliasVariant] = aliased.split('/');
    architecture = aliasArchitecture;
    if (aliasVariant && variant && variant !== aliasVariant) {
      throw new InputError(input, raw, acceptedPlatforms, `${rawArchitecture} already means ${aliased}`);
    }
    variant = variant ?? aliasVariant;
  }
  const info = Object.hasOwn(architectures, architecture) ? architectures[architecture] : undefined;
  if (!info || rest.length > 1 || text === '') {
    throw new InputError(input, raw, acceptedPlatforms, 'unknown platform');
  }
  variant = variant ?? info.defaultVariant;
  if (variant !== undefined && !(info.variants ?? []).includes(variant)) {
    const variants = info.variants?.length ? `variants ${info.variants.join(', ')}` : 'no variant';
    throw new InputError(input, raw, acceptedPlatforms, `${architecture} takes ${variants}`);
  }
  // arm64/v8 and amd64/v1 are the same thing as no variant; keep one spelling.
  if ((architecture === 'arm64' && variant === 'v8') || (architecture === 'amd64' && variant === 'v1'))
    variant = undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Parses a comma/newline list; duplicates that normalise to the same platform are refused, since they mean a typo. */
export function parsePlatformList(raw: string, input = 'platforms'): Platform[] {
  const entries = splitList(raw);
  if (entries.length === 0) throw new InputError(input, raw, acceptedPlatforms, 'no platform given');
  const seen = new Map<string, string>();
  const platforms: Platform[] = [];
  for (const entry of entries) {
    const platform = parsePlatform(entry, input);
    const key = formatPlatform(platform);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(input, raw, 'each platform once', `'${earlier}' and '${entry}' are both ${key}`);
    }
    seen.set(key, entry);
    platforms.push(platform);
  }
  return platforms;
}

export function samePlatform(a: Platform, b: Platform): boolean {
  return formatPlatform(a) === formatPlatform(b);
}

/** The runner's own platform, from Node's process.arch. */
export function nativePlatform(nodeArch: string = process.arch): Platform {
  const byNodeArch: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm/v7',
    ia32: '386',
    riscv64: 'riscv64',
    ppc64: 'ppc64le',
    s390x: 's390x',
    loong64: 'loong64'
  };
  return parsePlatform((Object.hasOwn(byNodeArch, nodeArch) ? byNodeArch[nodeArch] : undefined) ?? nodeArch);
}

/** Platforms the runner's CPU runs without an emulator: its own, and i386 on x86-64. */
export function runsNatively(platform: Platform, native: Platform): boolean {
  if (platform.os !== 'linux' || native.os !== 'linux')
    return platform.os === native.os && platform.architecture === native.architecture;
  if (platform.architecture === native.architecture) return true;
  return native.architecture === 'amd64' && platform.architecture === '386';
}

/** QEMU architectures (binfmt handler suffixes) needed to build the given platforms on this runner. */
export function foreignQemuArchitectures(platforms: readonly Platform[], native: Platform): string[] {
  const needed = new Set<string>();
  for (const platform of platforms) {
    if (platform.os !== 'linux' || runsNatively(platform, native)) continue;
    const info = Object.hasOwn(architectures, platform.architecture) ? architectures[platform.architecture] : undefined;
    if (info) needed.add(info.qemu);
  }
  return [...needed];
}

/** One spelling per platform (arm → arm/v7, arm64/v8 → arm64); one this action does not know stays as written, since registries may hold it. */
export function normalisePlatformText(text: string): string {
  try {
    return formatPlatform(parsePlatform(text));
  } catch {
    return text;
  }
}

/** Whether a platform a builder reports covers a requested one (linux/arm/v7 covers arm/v7; arm64 is arm64/v8). */
export function builderSupports(builderPlatforms: readonly string[], wanted: Platform): boolean {
  return builderPlatforms.some((entry) => {
    try {
      return samePlatform(parsePlatform(entry), wanted);
    } catch {
      return false;
    }
  });
}
