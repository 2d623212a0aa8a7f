// buildx names the build context's upload `<context folder>:<node id>`, the node id being the random
// `.buildNodeID` in its config directory. BuildKit keeps the last upload under that name and then
// sends only the files that changed. The job's own Docker config would give buildx a new id in every
// job, so every build would upload its whole context again (150 MB and a second on the big bench
// image). The job takes the runner's id instead, as docker's own actions, which keep ~/.docker, do.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { privateCacheDir, privateDir } from '../seams/private-dir.js';
import { userBuildxDir } from './existing-builder.js';

const NODE_ID_FILE = '.buildNodeID';
// What buildx writes: 8 random bytes in hex. Anything else is left to buildx.
const nodeIdPattern = /^[0-9a-f]{16}$/;

export type NodeIdentitySource = 'user' | 'kept';

export interface NodeIdentityOptions {
  /** The job's DOCKER_CONFIG, whose buildx directory gets the id. */
  jobConfigDir: string;
  /** The user's own Docker config directory, only read. */
  userDir: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
}

function readNodeId(file: string): string | undefined {
  try {
    const id = readFileSync(file, 'utf8');
    return nodeIdPattern.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The id the user's own buildx builds with: in $BUILDX_CONFIG, else in their Docker config's buildx. */
function userNodeId(userDir: string, env: NodeJS.ProcessEnv): string | undefined {
  return readNodeId(path.join(userBuildxDir(userDir, env), NODE_ID_FILE));
}

/** This action's own id, kept between jobs in its private cache directory; made on first use. */
function keptNodeId(env: NodeJS.ProcessEnv, uid: number): string | undefined {
  const dir = privateCacheDir('buildx-node', env);
  if (!dir || privateDir(dir, uid)) return undefined;
  const file = path.join(dir, NODE_ID_FILE);
  const kept = readNodeId(file);
  if (kept) return kept;
  try {
    // 'wx': of two jobs making it at once, one writes and both then read the same id.
    writeFileSync(file, randomBytes(8).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  return readNodeId(file);
}

/**
 * Gives the job's buildx the runner's node id: the user's own when they have one, else one this
 * action keeps. Returns where it came from, or undefined when buildx is left to make a new one.
 */
export function shareNodeIdentity({
  jobConfigDir,
  userDir,
  env = process.env,
  uid = process.getuid?.() ?? -1
}: NodeIdentityOptions): NodeIdentitySource | undefined {
  try {
    const user = userNodeId(userDir, env);
    const id = user ?? keptNodeId(env, uid);
    if (!id) return undefined;
    const buildxDir = path.join(jobConfigDir, 'buildx');
    mkdirSync(buildxDir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(buildxDir, NODE_ID_FILE), id, { mode: 0o600, flag: 'wx' });
    return user ? 'user' : 'kept';
  } catch {
    // Only an incremental upload is lost: buildx makes its own id.
    return undefined;
  }
}
