import { InputError } from './errors.js';
import { splitList } from './lists.js';

/** A normalised OCI platform: os/architecture[/variant]. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** How the ELF header of a binary built for an architecture reads. */
export interface ElfTarget {
  /** e_machine. */
  code: number;
  /** The name the audit reports. */
  machine: string;
  bits: 32 | 64;
  littleEndian: boolean;
}

/** One architecture (and variant) under every name the tools around a build use for it. */
export interface ArchitectureRow {
  /** Go's GOARCH, as in OCI platforms. */
  arch: string;
  /** Go's GOARM/GOAMD64 level as OCI writes it; none for the baseline. */
  variant?: string;
  /** A variant spelling that means this row (arm64/v8, amd64/v1). */
  sameAs?: string;
  /** The row a bare arch means (arm → arm/v7, as buildx reports it). */
  isDefault?: true;
  elf: ElfTarget;
  /** QEMU's name, also the binfmt handler's suffix (qemu-<name>). */
  qemu: string;
  /** What `uname -m` prints on such a machine. */
  uname: string;
  debian?: string;
  /** Suffix of buildx's Linux release asset (buildx-v<version>.linux-<suffix>). */
  buildxAsset?: string;
  /** Node's process.arch on such a machine. */
  node?: string;
  /** Other spellings people use for it. */
  aliases?: readonly string[];
}

const elf = (code: number, machine: string, bits: 32 | 64, littleEndian = true): ElfTarget => ({
  code,
  machine,
  bits,
  littleEndian
});
const x86_64 = elf(62, 'x86-64', 64);
const arm32 = elf(40, 'arm', 32);

/** The one table of architectures; everything per architecture elsewhere is derived from it. */
export const architectureTable: readonly ArchitectureRow[] = [
  {
    arch: 'amd64',
    sameAs: 'v1',
    elf: x86_64,
    qemu: 'x86_64',
    uname: 'x86_64',
    debian: 'amd64',
    buildxAsset: 'amd64',
    node: 'x64',
    aliases: ['x64', 'x86-64']
  },
  { arch: 'amd64', variant: 'v2', elf: x86_64, qemu: 'x86_64', uname: 'x86_64' },
  { arch: 'amd64', variant: 'v3', elf: x86_64, qemu: 'x86_64', uname: 'x86_64' },
  { arch: 'amd64', variant: 'v4', elf: x86_64, qemu: 'x86_64', uname: 'x86_64' },
  { arch: '386', elf: elf(3, 'i386', 32), qemu: 'i386', uname: 'i686', debian: 'i386', node: 'ia32', aliases: ['x86'] },
  {
    arch: 'arm64',
    sameAs: 'v8',
    elf: elf(183, 'aarch64', 64),
    qemu: 'aarch64',
    uname: 'aarch64',
    debian: 'arm64',
    buildxAsset: 'arm64',
    node: 'arm64'
  },
  { arch: 'arm', variant: 'v5', elf: arm32, qemu: 'arm', uname: 'armv5tel', aliases: ['armv5'] },
  {
    arch: 'arm',
    variant: 'v6',
    elf: arm32,
    qemu: 'arm',
    uname: 'armv6l',
    debian: 'armel',
    buildxAsset: 'arm-v6',
    aliases: ['armv6']
  },
  {
    arch: 'arm',
    variant: 'v7',
    isDefault: true,
    elf: arm32,
    qemu: 'arm',
    uname: 'armv7l',
    debian: 'armhf',
    buildxAsset: 'arm-v7',
    node: 'arm',
    aliases: ['armv7']
  },
  {
    arch: 'riscv64',
    elf: elf(243, 'riscv64', 64),
    qemu: 'riscv64',
    uname: 'riscv64',
    debian: 'riscv64',
    buildxAsset: 'riscv64',
    node: 'riscv64'
  },
  // Node calls little-endian POWER ppc64.
  {
    arch: 'ppc64le',
    elf: elf(21, 'ppc64le', 64),
    qemu: 'ppc64le',
    uname: 'ppc64le',
    debian: 'ppc64el',
    buildxAsset: 'ppc64le',
    node: 'ppc64'
  },
  {
    arch: 's390x',
    elf: elf(22, 's390x', 64, false),
    qemu: 's390x',
    uname: 's390x',
    debian: 's390x',
    buildxAsset: 's390x',
    node: 's390x'
  },
  { arch: 'mips64le', elf: elf(8, 'mips', 64), qemu: 'mips64el', uname: 'mips64', debian: 'mips64el' },
  { arch: 'mips64', elf: elf(8, 'mips', 64, false), qemu: 'mips64', uname: 'mips64' },
  {
    arch: 'loong64',
    elf: elf(258, 'loongarch64', 64),
    qemu: 'loongarch64',
    uname: 'loongarch64',
    debian: 'loong64',
    node: 'loong64'
  }
];

/** The row an OCI platform's architecture and variant name; undefined for one this table lacks. */
function architectureRow(platform: Pick<Platform, 'architecture' | 'variant'>): ArchitectureRow | undefined {
  const rows = architectureTable.filter((row) => row.arch === platform.architecture);
  const wanted = platform.variant;
  return (
    rows.find((row) => row.variant === wanted || (wanted !== undefined && row.sameAs === wanted)) ??
    (wanted === undefined ? (rows.find((row) => row.isDefault) ?? rows[0]) : undefined)
  );
}

const canonical = (row: ArchitectureRow): string => (row.variant ? `${row.arch}/${row.variant}` : row.arch);
const goArchitectures = new Set(architectureTable.map((row) => row.arch));

// Spellings people use for the same thing, from uname, Debian, QEMU and Go's neighbours; the first row wins.
const aliases = new Map<string, string>();
for (const row of architectureTable) {
  for (const name of [row.uname, row.debian, row.qemu, ...(row.aliases ?? [])]) {
    if (name && !goArchitectures.has(name) && !aliases.has(name)) aliases.set(name, canonical(row));
  }
}

const supportedOperatingSystems = new Set(['linux', 'windows']);

const acceptedPlatforms =
  'os/arch[/variant] with os linux or windows and arch one of ' +
  [...goArchitectures].join(', ') +
  ' (shorthands such as arm64, arm/v7, armv7, amd64 are accepted)';

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** The variants an architecture takes, as written in the error message. */
function variantsOf(architecture: string): string[] {
  return architectureTable
    .filter((row) => row.arch === architecture)
    .flatMap((row) => [row.sameAs, row.variant])
    .filter((variant): variant is string => variant !== undefined);
}

/** Parses one platform, normalising shorthands: arm64 → linux/arm64, armv7 → linux/arm/v7, arm64/v8 → linux/arm64. */
export function parsePlatform(raw: string, input = 'platforms'): Platform {
  const text = raw.trim().toLowerCase();
  let parts = text.split('/');
  if (parts.length > 0 && !supportedOperatingSystems.has(parts[0] ?? '')) parts = ['linux', ...parts];
  const [os = '', rawArchitecture = '', ...rest] = parts;
  const aliased = aliases.get(rawArchitecture);
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
  if (!goArchitectures.has(architecture) || rest.length > 1 || text === '') {
    throw new InputError(input, raw, acceptedPlatforms, 'unknown platform');
  }
  const row = architectureRow({ architecture, ...(variant === undefined ? {} : { variant }) });
  if (!row) {
    const variants = variantsOf(architecture);
    const takes = variants.length ? `variants ${variants.join(', ')}` : 'no variant';
    throw new InputError(input, raw, acceptedPlatforms, `${architecture} takes ${takes}`);
  }
  // arm64/v8 and amd64/v1 are the same thing as no variant; keep one spelling.
  return row.variant ? { os, architecture, variant: row.variant } : { os, architecture };
}

/** A platform a registry named, already normalised as text (normalisePlatformText), split into its parts unchecked. */
export function splitPlatformText(text: string): Platform {
  const [os = '', architecture = '', variant] = text.split('/');
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

/**
 * One spelling of a platform already split into its parts (arm → arm/v7, arm64/v8 → arm64), as
 * parsePlatform gives; one this table does not know stays as it is.
 */
export function normalisePlatform(platform: Platform): Platform {
  const row = supportedOperatingSystems.has(platform.os) ? architectureRow(platform) : undefined;
  if (!row) return platform;
  return row.variant
    ? { os: platform.os, architecture: row.arch, variant: row.variant }
    : { os: platform.os, architecture: row.arch };
}

export function samePlatform(a: Platform, b: Platform): boolean {
  return formatPlatform(a) === formatPlatform(b);
}

/** The runner's own platform, from Node's process.arch. */
export function nativePlatform(nodeArch: string = process.arch): Platform {
  const row = architectureTable.find((entry) => entry.node === nodeArch);
  return parsePlatform(row ? canonical(row) : nodeArch);
}

/** The suffix of buildx's release asset for a runner's process.arch; undefined when buildx publishes none. */
export function buildxAssetSuffix(nodeArch: string): string | undefined {
  return architectureTable.find((row) => row.node === nodeArch)?.buildxAsset;
}

/** process.arch values buildx publishes a Linux release for. */
export const buildxNodeArchitectures: readonly string[] = architectureTable
  .filter((row) => row.node !== undefined && row.buildxAsset !== undefined)
  .map((row) => row.node as string);

/** Go's name for a QEMU architecture (tonistiigi/binfmt's --install takes these). */
export function goArchitectureOfQemu(qemu: string): string {
  return architectureTable.find((row) => row.qemu === qemu)?.arch ?? qemu;
}

/** The ELF header a Linux platform's binaries carry; undefined for other OSes and unknown architectures. */
export function elfTarget(platform: Platform): ElfTarget | undefined {
  return platform.os === 'linux' ? architectureRow(platform)?.elf : undefined;
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
    const row = architectureRow(platform);
    if (row) needed.add(row.qemu);
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
