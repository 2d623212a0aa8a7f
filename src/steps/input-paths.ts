// Part of the gathering step: what the inputs point to on the runner (files, directories, variables,
// the agent socket) is there, and reached through no symbolic link a pull request could slip in.
// Checked once, after parsing and before planning, so no command runs on a bad path; planning itself
// reads no file.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../model/errors.js';
import type { BuildInputs } from '../model/build.js';
import type { Inputs } from '../model/inputs.js';
import type { KeyValue } from '../model/lists.js';
import { dockerfilePath, isLocalContext } from '../planning/parse-inputs.js';
import { refuseLinkLeavingWorkspace, refuseLinks, trustedRoots } from './path-links.js';

/** Checks what the inputs point to on disk: the build inputs, buildkitd-config, the context and the Dockerfile. */
export function checkInputPaths(
  inputs: Inputs,
  workspace: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env
): void {
  if (inputs.mode === 'build') checkBuildInputSources(inputs, workspace, env);
  const config = inputs.buildkitdConfig && path.resolve(workspace, inputs.buildkitdConfig);
  if (config)
    refuseLinkLeavingWorkspace(
      { input: 'buildkitd-config', entry: inputs.buildkitdConfig, target: config },
      workspace,
      env
    );
  if (config && (!existsSync(config) || !statSync(config).isFile()))
    throw new InputError(
      'buildkitd-config',
      inputs.buildkitdConfig,
      'a buildkitd.toml that exists',
      `${config} is not a file`
    );
  if (inputs.mode !== 'build' || !isLocalContext(inputs.context)) return;
  const contextPath = path.resolve(workspace, inputs.context);
  refuseLinkLeavingWorkspace({ input: 'context', entry: inputs.context, target: contextPath }, workspace, env);
  if (!existsSync(contextPath) || !statSync(contextPath).isDirectory()) {
    throw new InputError(
      'context',
      inputs.context,
      'a directory that exists (relative to the workspace) or a git/https URL',
      `${contextPath} is not a directory`
    );
  }
  const file = path.resolve(workspace, dockerfilePath(inputs));
  refuseLinkLeavingWorkspace(
    { input: 'file', entry: inputs.file || dockerfilePath(inputs), target: file },
    workspace,
    env
  );
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new InputError(
      'file',
      inputs.file,
      'a Dockerfile that exists; the default is <context>/Dockerfile',
      `${file} does not exist`
    );
  }
}

/** Checks what the build inputs point to on the runner: files, variables, the agent socket, context directories. */
export function checkBuildInputSources(
  inputs: Pick<BuildInputs, 'secretFiles' | 'secretEnvs' | 'ssh' | 'buildContexts'>,
  workspace: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env
): void {
  const isFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();
  const where = { workspace, roots: trustedRoots(workspace, env) };
  for (const { key, value } of inputs.secretFiles) {
    refuseLinks('secret-files', `${key}=${value}`, [value], where);
    if (!isFile(path.resolve(workspace, value)))
      throw new InputError(
        'secret-files',
        `${key}=${value}`,
        'id=path with a file that exists',
        `${value} is not a file`
      );
  }
  for (const { key, value } of inputs.secretEnvs) {
    // Said without the value: only whether the variable is set.
    if (env[value] === undefined)
      throw new InputError(
        'secret-envs',
        `${key}=${value}`,
        "id=ENV_NAME naming a variable of the step (set it with the step's env:)",
        `${value} is not set`
      );
  }
  for (const entry of inputs.ssh) {
    if (entry === 'default' && !env['SSH_AUTH_SOCK'])
      throw new InputError(
        'ssh',
        entry,
        "'default' with an ssh-agent running (SSH_AUTH_SOCK), or id=<key file>",
        'SSH_AUTH_SOCK is not set'
      );
    const paths = entry === 'default' ? [] : entry.slice(entry.indexOf('=') + 1).split(',');
    refuseLinks(
      'ssh',
      entry,
      paths.map((item) => item.trim()),
      where
    );
    for (const file of paths.map((item) => item.trim())) {
      if (!existsSync(path.resolve(workspace, file)))
        throw new InputError('ssh', entry, 'id=<agent socket or key file> that exists', `${file} does not exist`);
    }
  }
  checkBuildContexts(inputs.buildContexts, workspace, env);
}

/** Local build contexts: directories that exist, reached through no link that leads out of the workspace. */
function checkBuildContexts(contexts: readonly KeyValue[], workspace: string, env: NodeJS.ProcessEnv): void {
  for (const { key, value } of contexts) {
    if (/^[a-z-]+:\/\//.test(value) || value.startsWith('target:') || /^git@/.test(value)) continue;
    const directory = path.resolve(workspace, value);
    refuseLinkLeavingWorkspace(
      { input: 'build-contexts', entry: `${key}=${value}`, target: directory },
      workspace,
      env
    );
    if (!existsSync(directory) || !statSync(directory).isDirectory())
      throw new InputError(
        'build-contexts',
        `${key}=${value}`,
        'name=<directory that exists> or an image/URL',
        `${directory} is not a directory`
      );
  }
}
