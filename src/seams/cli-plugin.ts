// `docker buildx …` starts the docker CLI, which starts the plugin once to read its metadata, then
// again to run the command: about 130 ms before buildx even begins, on every buildx command. The
// action starts the plugin itself, the way the CLI would (the docker CLI plugin spec: the same
// arguments, global options included, and DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND set), and takes it
// from the directories the CLI would search, in its order. Anything it cannot resolve as surely as the
// CLI would is left to the CLI, and so is a `docker` on PATH that is a wrapper script, not the CLI.
import { accessSync, closeSync, constants, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The docker CLI's plugin directories on Linux, after the config directory's own cli-plugins. */
const SYSTEM_PLUGIN_DIRS: readonly string[] = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins'
];

/** Tells the plugin that a CLI started it: it then reads docker's global options and its own name first. */
const REEXEC_VARIABLE = 'DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND';

export interface PluginCommand {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
}

/** The plugin a docker command runs, for the shapes this action uses: `buildx …`, `--context <name> buildx …`. */
function pluginName(args: readonly string[]): string | undefined {
  const name = args[0] === '--context' ? args[2] : args[0];
  return name === 'buildx' ? name : undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function startsWithElfMagic(file: string): boolean {
  const head = Buffer.alloc(4);
  try {
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

/** Whether the first `docker` on PATH is the CLI's program (an ELF file named docker), not a script or launcher standing in for it. */
const dockerIsProgram = new Map<string, boolean>();
function firstDockerIsProgram(searchPath: string): boolean {
  const known = dockerIsProgram.get(searchPath);
  if (known !== undefined) return known;
  let answer = false;
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, 'docker');
    if (!isExecutableFile(file)) continue;
    // The CLI itself, not a launcher that runs another docker (snap's /snap/bin/docker is /usr/bin/snap).
    answer = path.basename(realpathSync(file)) === 'docker' && startsWithElfMagic(file);
    break;
  }
  dockerIsProgram.set(searchPath, answer);
  return answer;
}

/** Extra plugin directories in the config make the CLI's search order the CLI's business. */
function hasExtraPluginDirs(configDir: string): boolean {
  try {
    return readFileSync(path.join(configDir, 'config.json'), 'utf8').includes('cliPluginsExtraDirs');
  } catch {
    return false;
  }
}

/**
 * The plugin itself for a docker command that only runs a CLI plugin, or undefined to run docker.
 * `env` is the environment the command gets (DOCKER_CONFIG decides where the CLI looks first).
 */
export function pluginCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  systemDirs: readonly string[] = SYSTEM_PLUGIN_DIRS
): PluginCommand | undefined {
  const name = command === 'docker' ? pluginName(args) : undefined;
  if (!name || !firstDockerIsProgram(env['PATH'] ?? '')) return undefined;
  const configDir = env['DOCKER_CONFIG'] || path.join(env['HOME'] || os.homedir(), '.docker');
  if (hasExtraPluginDirs(configDir)) return undefined;
  for (const dir of [path.join(configDir, 'cli-plugins'), ...systemDirs]) {
    const file = path.join(dir, `docker-${name}`);
    if (isExecutableFile(file)) return { command: file, args, env: { [REEXEC_VARIABLE]: 'docker' } };
  }
  return undefined;
}
