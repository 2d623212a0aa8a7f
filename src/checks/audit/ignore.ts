// Paths whose foreign executables are expected, as globs (picomatch syntax, leading / optional).
import picomatch from 'picomatch';

/**
 * Places where foreign-architecture ELF files are expected: firmware blobs, cross sysroots,
 * Go's debug/elf test data, npm packages shipping prebuilt binaries for every platform.
 * Not applied by the audit itself; callers pass them along with the user's globs.
 */
export const suggestedIgnoreGlobs: readonly string[] = [
  '/lib/firmware/**',
  '/usr/lib/firmware/**',
  '/usr/share/qemu/**',
  '/usr/lib/gcc-cross/**',
  '/usr/*-linux-gnu*/**',
  '**/testdata/**',
  '**/node_modules/**/prebuilds/**',
  '**/lib/rustlib/**'
];

function absoluteGlob(glob: string): string {
  let pattern = glob.trim();
  if (!pattern.startsWith('/') && !pattern.startsWith('**')) pattern = `/${pattern}`;
  return pattern.length > 1 && pattern.endsWith('/') ? `${pattern}**` : pattern;
}

/** A matcher for absolute paths; a glob naming a directory also covers what is inside it. */
export function ignoreMatcher(globs: readonly string[]): (path: string) => boolean {
  const patterns = globs.filter((glob) => glob.trim() !== '').map(absoluteGlob);
  if (patterns.length === 0) return () => false;
  const matches = picomatch(patterns, { dot: true });
  return (path) => {
    const absolute = path.startsWith('/') ? path : `/${path}`;
    for (let current = absolute; current.length > 1; current = current.slice(0, current.lastIndexOf('/')) || '/') {
      if (matches(current)) return true;
    }
    return false;
  };
}

/** Whether an absolute path matches one glob. */
export function matchesGlob(path: string, glob: string): boolean {
  return ignoreMatcher([glob])(path);
}
