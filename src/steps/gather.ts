// The gathering step: the files a plan needs, read once, before planning. Planning takes what is
// read here as typed values; the checks and the build report use the same text, never the disk.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Inputs } from '../model/inputs.js';
import type { Gathered } from '../model/plan.js';
import { dockerfilePath, isLocalContext } from '../planning/parse-inputs.js';

/** Reads the Dockerfile of a local context (its existence was checked with the inputs); {} when there is none to read. */
export function gatherFiles(inputs: Inputs): Gathered {
  if (inputs.mode !== 'build' || !isLocalContext(inputs.context)) return {};
  try {
    return { dockerfile: readFileSync(path.resolve(dockerfilePath(inputs)), 'utf8') };
  } catch {
    // Unreadable after all: the preflight names it; the audit and the build report go without it.
    return {};
  }
}
