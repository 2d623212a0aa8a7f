// A builder that exists before the job: found in the user's Docker config, used as it is, never removed.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ActionError } from '../model/errors.js';
import type { BuilderRef } from './buildx-args.js';
import type { Driver } from '../model/builder.js';

// docker keeps a context's files under the SHA-256 of its name.
const contextDigest = (name: string): string => createHash('sha256').update(name).digest('hex');

function contextDirs(configDir: string, name: string): string[] {
  return ['meta', 'tls'].map((kind) => path.join(configDir, 'contexts', kind, contextDigest(name)));
}

/** Where docker keeps a context's metadata (its name and endpoint) in a config directory. */
export function contextMetaFile(configDir: string, name: string): string {
  return path.join(contextDirs(configDir, name)[0] as string, 'meta.json');
}

function hasContext(configDir: string, name: string): boolean {
  return existsSync(contextMetaFile(configDir, name));
}

/** The Docker host a context in configDir points at, if that context exists. */
export function contextDockerHost(configDir: string, name: string): string | undefined {
  const metaRoot = path.join(configDir, 'contexts', 'meta');
  for (const entry of existsSync(metaRoot) ? readdirSync(metaRoot) : []) {
    try {
      const meta = JSON.parse(readFileSync(path.join(metaRoot, entry, 'meta.json'), 'utf8')) as {
        Name?: string;
        Endpoints?: { docker?: { Host?: string } };
      };
      if (meta.Name === name && meta.Endpoints?.docker?.Host) return meta.Endpoints.docker.Host;
    } catch {
      // skip unreadable context entries
    }
  }
  return undefined;
}

/** Where the user's buildx keeps its builders and node id: $BUILDX_CONFIG when set, else beside their Docker config. */
export function userBuildxDir(userDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['BUILDX_CONFIG'] || path.join(userDir, 'buildx');
}

/** Copies a context (and its TLS files) into the job's config, which the job's commands read. */
function copyContext(userDir: string, jobDir: string, name: string): void {
  const [fromDirs, toDirs] = [contextDirs(userDir, name), contextDirs(jobDir, name)];
  fromDirs.forEach((from, index) => {
    if (existsSync(from)) cpSync(from, toDirs[index] as string, { recursive: true });
  });
}

interface InstanceFile {
  Driver?: string;
  Nodes?: { Endpoint?: string }[];
}

/**
 * The job runs docker with its own DOCKER_CONFIG, so a builder the user made (setup-buildx-action
 * writes to ~/.docker) is copied in: its buildx record, and the contexts its nodes name. The copy
 * goes with the job's directory; the builder itself and its BuildKit containers stay untouched.
 */
export function adoptUserBuilder(
  name: string,
  userDir: string,
  jobDir: string,
  env: NodeJS.ProcessEnv = process.env
): BuilderRef {
  const instance = path.join(userBuildxDir(userDir, env), 'instances', name);
  if (existsSync(instance)) {
    const record = JSON.parse(readFileSync(instance, 'utf8')) as InstanceFile;
    mkdirSync(path.join(jobDir, 'buildx', 'instances'), { recursive: true, mode: 0o700 });
    cpSync(instance, path.join(jobDir, 'buildx', 'instances', name));
    for (const node of record.Nodes ?? []) {
      const endpoint = node.Endpoint ?? '';
      if (endpoint && !endpoint.includes('://') && endpoint !== 'default') copyContext(userDir, jobDir, endpoint);
    }
    return { name, driver: (record.Driver ?? 'docker-container') as Driver };
  }
  // A docker context is a builder of the docker driver under the same name.
  if (name === 'default' || hasContext(userDir, name)) {
    if (name !== 'default') copyContext(userDir, jobDir, name);
    return { name, driver: 'docker', dockerContext: name };
  }
  throw new ActionError(
    `Builder ${name} does not exist: there is no buildx builder of that name in ${userBuildxDir(userDir, env)} and no docker context of that name in ${userDir}.`,
    'create it before this step (docker/setup-buildx-action, or docker buildx create --name ' +
      `${name}) with the same DOCKER_CONFIG, or leave builder empty and the action makes one for the job.`
  );
}
