import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { ActionError } from '../seams/errors.js';
import { run, type RunOptions } from '../seams/exec.js';
import type { Inputs } from '../planning/inputs.js';
import { builderSupports, formatPlatform, type Platform } from '../planning/platforms.js';
import {
  createBuilderArgs,
  createContextArgs,
  inspectBuilderArgs,
  parseInspectPlatforms,
  type BuilderRef
} from './buildx-args.js';

export interface Builder extends BuilderRef {
  platforms: string[];
}

/** The daemon the user's own docker CLI talks to, read from files so it costs no docker call. */
export function userDockerHost(userConfigDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env['DOCKER_HOST']) return env['DOCKER_HOST'];
  let contextName = env['DOCKER_CONTEXT'] ?? '';
  if (!contextName) {
    try {
      const config = JSON.parse(readFileSync(path.join(userConfigDir, 'config.json'), 'utf8')) as {
        currentContext?: string;
      };
      contextName = config.currentContext ?? '';
    } catch {
      contextName = '';
    }
  }
  if (contextName && contextName !== 'default') {
    const metaRoot = path.join(userConfigDir, 'contexts', 'meta');
    for (const entry of existsSync(metaRoot) ? readdirSync(metaRoot) : []) {
      try {
        const meta = JSON.parse(readFileSync(path.join(metaRoot, entry, 'meta.json'), 'utf8')) as {
          Name?: string;
          Endpoints?: { docker?: { Host?: string } };
        };
        if (meta.Name === contextName && meta.Endpoints?.docker?.Host) return meta.Endpoints.docker.Host;
      } catch {
        // skip unreadable context entries
      }
    }
  }
  return 'unix:///var/run/docker.sock';
}

/**
 * Creates the job's builder. The caller saves its name for the post step first, so a failure
 * halfway through creation is still cleaned up.
 */
export async function createBuilder(
  name: string,
  inputs: Inputs,
  userConfigDir: string,
  wanted: readonly Platform[],
  runnable: readonly Platform[]
): Promise<Builder> {
  let ref: BuilderRef;
  if (inputs.driver === 'docker') {
    // buildx refuses a second docker-driver instance; a job-scoped context is the named builder.
    const host = inputs.endpoint || userDockerHost(userConfigDir);
    await run('docker', createContextArgs(name, host));
    ref = { name, driver: 'docker', dockerContext: name };
  } else {
    await run('docker', createBuilderArgs(name, inputs), { stream: true });
    ref = { name, driver: 'docker-container' };
  }
  // The docker driver's daemon caches its emulator scan, so its list cannot add to what this step
  // already verified (native or emulated): skip that call when it covers every wanted platform.
  if (
    inputs.driver === 'docker' &&
    wanted.every((platform) => runnable.some((entry) => formatPlatform(entry) === formatPlatform(platform)))
  ) {
    core.info(
      `Builder ${name} (docker): the daemon's BuildKit, with ${wanted.map(formatPlatform).join(', ')} native or emulated`
    );
    return { ...ref, platforms: wanted.map(formatPlatform) };
  }
  // One inspect both boots a docker-container builder and reports the platforms it can build.
  const inspected = await run('docker', inspectBuilderArgs(ref, inputs.driver === 'docker-container'), {
    stream: inputs.driver === 'docker-container'
  });
  const builder = { ...ref, platforms: parseInspectPlatforms(inspected.stdout) };
  core.info(`Builder ${name} (${inputs.driver}) can build: ${builder.platforms.join(', ') || '(none reported)'}`);
  return builder;
}

/** Fails, listing what is missing, when the builder cannot build every wanted platform. */
export function checkBuilderPlatforms(builder: Builder, wanted: readonly Platform[]): void {
  const missing = wanted.filter((platform) => !builderSupports(builder.platforms, platform));
  if (missing.length === 0) return;
  throw new ActionError(
    `Builder ${builder.name} cannot build ${missing.map(formatPlatform).join(', ')}. It supports: ${builder.platforms.join(', ') || 'nothing reported'}.`,
    'a foreign platform needs its QEMU emulator (keep qemu: auto) or a builder node of that architecture (driver-opts / endpoint).'
  );
}

/**
 * Removes a docker-container builder and its BuildKit container. (A docker-driver builder is a
 * context inside the job's config and goes with it.) Returns what went wrong instead of throwing:
 * the post step only warns.
 */
export async function removeBuilder(name: string, options: RunOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const removed = await run('docker', ['buildx', 'rm', '--force', name], { ...options, allowFailure: true });
  if (removed.exitCode === 0 || /not found|no builder/i.test(removed.stderr)) return problems;
  // The builder's record may be gone with the config; remove its container and state volume by their names.
  const container = `buildx_buildkit_${name}0`;
  const forced = await run('docker', ['rm', '--force', '--volumes', container], { ...options, allowFailure: true });
  await run('docker', ['volume', 'rm', '--force', `${container}_state`], { ...options, allowFailure: true });
  if (forced.exitCode !== 0 && !/no such container/i.test(forced.stderr))
    problems.push(`docker rm ${container}: ${forced.stderr.trim()}`);
  return problems;
}
