// The words of a failed audit: what was found where, and the usual causes.
import { parsePlatform, type Platform } from '../../model/platforms.js';
import { expectedMachine, machineLabel } from './elf.js';
import type { AuditResult } from '../../model/checks.js';

function listPaths(paths: string[], limit = 10): string {
  const shown = paths.slice(0, limit).join(', ');
  return paths.length > limit ? `${shown} and ${paths.length - limit} more` : shown;
}

function platformOf(name: string): Platform {
  try {
    return parsePlatform(name);
  } catch {
    const [os = '', architecture = ''] = name.split('/');
    return { os, architecture };
  }
}

/** One message for an audit: what was found where, and the usual causes. */
export function describeMismatch(result: AuditResult): string {
  const stopped = result.truncated ? ` (scan stopped early: ${result.truncated})` : '';
  if (result.mismatches.length === 0) {
    return `${result.platform} image has no executables for another architecture among ${result.elfFiles} ELF files${stopped}.`;
  }
  const expected = expectedMachine(platformOf(result.platform));
  const labels = new Map<string, string[]>();
  for (const finding of result.mismatches) {
    const label = machineLabel(finding.info, expected);
    labels.set(label, [...(labels.get(label) ?? []), finding.path]);
  }
  const paths = result.mismatches.map((finding) => finding.path);
  const [onlyLabel] = labels.keys();
  const counts = [...labels.entries()].map(([label, found]) => `${label}: ${found.length}`).join(', ');
  const labelled = result.mismatches.map((finding) => `${finding.path} (${machineLabel(finding.info, expected)})`);
  const summary =
    labels.size === 1
      ? `${result.platform} image contains ${onlyLabel} executables: ${listPaths(paths)}`
      : `${result.platform} image contains executables for other architectures (${counts}): ${listPaths(labelled)}`;
  const hint =
    'Likely causes: a prebuilt binary downloaded or copied for one architecture (choose it with the TARGETARCH build argument), ' +
    'or a base image pinned to one architecture (FROM --platform=linux/amd64, or a single-platform digest).';
  return `${summary}${stopped}. ${hint}`;
}
