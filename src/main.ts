import * as path from 'node:path';
import * as core from '@actions/core';
import { checkBuilderPlatforms, createBuilder, userDockerHost } from './builder.js';
import { runBuild } from './build.js';
import { checkDaemon } from './daemon.js';
import { createJobDockerConfig, jobScopedName } from './docker-config.js';
import { InputError } from './errors.js';
import { checkInputPaths, parseInputs, type Inputs } from './inputs.js';
import { loginToRegistry, resolveRegistry } from './login.js';
import { foreignQemuArchitectures, formatPlatform, nativePlatform, type Platform } from './platforms.js';
import { ensureEmulators } from './qemu.js';
import { OutputKey, saveState, StateKey } from './state.js';
import { writeSummary } from './summary.js';

/** `push: auto` publishes except on pull requests, where the build is verified but nothing is pushed. */
export function shouldPush(push: Inputs['push'], eventName: string): boolean {
  if (push === 'auto') return !eventName.startsWith('pull_request');
  return push === 'true';
}

const secretLikeName = /TOKEN|PASSWORD|PASSWD|SECRET|API_?KEY|CREDENTIAL/i;

/** Build-args end up in the image's history and provenance; secrets belong in BuildKit secrets. */
export function secretLookingBuildArgs(inputs: Pick<Inputs, 'buildArgs'>): string[] {
  return inputs.buildArgs.filter(({ key }) => secretLikeName.test(key)).map(({ key }) => key);
}

export function readInputs(): Inputs {
  const inputs = parseInputs((name) => core.getInput(name));
  checkInputPaths(inputs);
  return inputs;
}

/** The main step: validate everything, then emulators, builder, login, build and push. */
export async function runMain(): Promise<void> {
  saveState(StateKey.IsPost, 'true');
  const inputs = readInputs();
  if (inputs.password) core.setSecret(inputs.password);
  for (const secret of inputs.secrets) core.setSecret(secret.value);
  for (const key of secretLookingBuildArgs(inputs)) {
    core.warning(`build-arg ${key} looks like a secret. Build args are stored in the image metadata; pass it with the secrets input instead (mounted with RUN --mount=type=secret,id=${key}).`);
  }
  const push = shouldPush(inputs.push, process.env['GITHUB_EVENT_NAME'] ?? '');
  const tags = inputs.tags;
  if (push && tags.length === 0) throw new InputError('tags', '', 'at least one full image reference (e.g. ghcr.io/acme/app:1.0) when push is on', 'nothing to push to');

  const name = jobScopedName();
  const config = createJobDockerConfig(name);
  saveState(StateKey.DockerConfig, config.dir);
  saveState(StateKey.Cleanup, String(inputs.cleanup));
  await checkDaemon(inputs.endpoint.startsWith('unix://') ? inputs.endpoint : userDockerHost(config.userDir));

  let emulated: Platform[] = [];
  if (inputs.qemu === 'auto') {
    const emulators = await ensureEmulators(inputs.platforms, inputs.qemuImage);
    emulated = inputs.platforms.filter((platform) => foreignQemuArchitectures([platform], nativePlatform()).length > 0);
    if (emulators.registered.length > 0) core.info(`QEMU: registered ${emulators.registered.map((arch) => `qemu-${arch}`).join(', ')} (${emulators.method})`);
    if (emulators.alreadyRegistered.length > 0) core.info(`QEMU: already registered ${emulators.alreadyRegistered.map((arch) => `qemu-${arch}`).join(', ')}`);
    if (emulators.needed.length === 0) core.info('QEMU: every requested platform runs natively here');
  }

  const builder = await createBuilder(name, inputs, config.userDir);
  checkBuilderPlatforms(builder, inputs.platforms, emulated);
  core.setOutput(OutputKey.Builder, builder.name);

  const registry = resolveRegistry(inputs.registry, tags);
  if (inputs.username) await loginToRegistry(registry, inputs);

  const platforms = inputs.platforms;
  const result = await runBuild(inputs, builder, {
    platforms,
    tags,
    labels: inputs.labels,
    annotations: inputs.annotations,
    push,
    metadataFile: path.join(config.dir, 'build-metadata.json')
  });

  const platformList = platforms.map(formatPlatform).join(',');
  core.setOutput(OutputKey.Digest, result.digest);
  core.setOutput(OutputKey.ImageId, result.imageId);
  core.setOutput(OutputKey.Metadata, JSON.stringify(result.metadata));
  core.setOutput(OutputKey.Platforms, platformList);
  core.info(push ? `Pushed ${tags.join(', ')} (${platformList}) as ${result.digest}` : `Built ${platformList} without pushing`);
  await writeSummary('Multi-arch image', [
    { label: 'Image', value: tags[0] ?? '(not tagged)' },
    { label: 'Tags', value: tags.join('<br>') || '(none)' },
    { label: 'Digest', value: result.digest || '(none)' },
    { label: 'Platforms', value: platformList },
    { label: 'Pushed', value: push ? 'yes' : 'no' }
  ]);
}
