// `docker buildx …` runs the buildx plugin itself, found where the docker CLI would look first, with
// the same arguments and the variable that tells it a CLI started it; anything else stays docker's.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pluginCommand } from '../../../src/seams/cli-plugin.js';
import { run } from '../../../src/seams/exec.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-cli-plugin-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory holding `docker-buildx` (a script printing its arguments and the CLI variable), or not. */
function pluginDir(name: string, plugin: 'executable' | 'not executable' | 'directory' | 'none'): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'docker-buildx');
  if (plugin === 'directory') mkdirSync(file);
  else if (plugin !== 'none') {
    writeFileSync(file, '#!/bin/sh\necho "$DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND $*"\n');
    chmodSync(file, plugin === 'executable' ? 0o755 : 0o644);
  }
  return dir;
}

/** A Docker config directory whose cli-plugins holds the given plugin, with an optional config.json. */
function configDir(name: string, plugin: Parameters<typeof pluginDir>[1], configJson?: string): string {
  const dir = path.join(root, name);
  pluginDir(path.join(name, 'cli-plugins'), plugin);
  if (configJson !== undefined) writeFileSync(path.join(dir, 'config.json'), configJson);
  return dir;
}

const system = pluginDir('system', 'executable');
const emptySystem = pluginDir('empty-system', 'none');

/**
 * A PATH whose docker is a program (an ELF that fails: run reports it if it is started), a launcher
 * (a link to an ELF of another name, as snap's), or a script.
 */
function dockerPath(docker: 'program' | 'launcher' | 'script'): string {
  const bin = mkdtempSync(path.join(root, 'bin-'));
  const file = path.join(bin, 'docker');
  if (docker === 'program') {
    copyFileSync('/bin/false', file);
    chmodSync(file, 0o755);
  } else if (docker === 'launcher') symlinkSync('/bin/false', file);
  else writeFileSync(file, '#!/bin/sh\nexec /usr/bin/docker "$@"\n', { mode: 0o755 });
  return `${mkdtempSync(path.join(root, 'no-docker-'))}:${bin}:/usr/bin:/bin`;
}
const PATH = dockerPath('program');

describe('pluginCommand', () => {
  it.each([
    ['the job config has it', 'job', 'executable', ['buildx', 'build', '.'], [system], 'job'],
    ['with --context first', 'ctx', 'executable', ['--context', 'mab-x', 'buildx', 'version'], [system], 'ctx'],
    ['the job config lacks it: the system one', 'lacks', 'none', ['buildx', 'version'], [system], 'system'],
    ['not executable: the next one', 'noexec', 'not executable', ['buildx', 'version'], [system], 'system'],
    ['a directory of that name: the next one', 'dir', 'directory', ['buildx', 'version'], [system], 'system'],
    ['nowhere: docker runs it', 'nowhere', 'none', ['buildx', 'version'], [emptySystem], undefined],
    ['not a plugin command', 'login', 'executable', ['login', '--username', 'u'], [system], undefined],
    ['another plugin', 'compose', 'executable', ['compose', 'up'], [system], undefined],
    ['a global option this action never passes', 'opt', 'executable', ['--debug', 'buildx', 'ls'], [system], undefined]
  ] as const)('%s', (_, name, plugin, args, systemDirs, expected) => {
    const dir = configDir(`case-${name}`, plugin);
    const found = pluginCommand('docker', args, { DOCKER_CONFIG: dir, PATH }, systemDirs);
    if (expected === undefined) {
      expect(found).toBeUndefined();
      return;
    }
    const where = expected === 'system' ? system : path.join(dir, 'cli-plugins');
    expect(found).toEqual({
      command: path.join(where, 'docker-buildx'),
      args,
      env: { DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND: 'docker' }
    });
  });

  it('leaves commands other than docker alone', () => {
    const dir = configDir('other-command', 'executable');
    expect(pluginCommand('sudo', ['buildx', 'version'], { DOCKER_CONFIG: dir, PATH }, [system])).toBeUndefined();
  });

  it('leaves the search to the CLI when the config names extra plugin directories', () => {
    const dir = configDir('extra-dirs', 'executable', JSON.stringify({ cliPluginsExtraDirs: ['/opt/plugins'] }));
    expect(pluginCommand('docker', ['buildx', 'version'], { DOCKER_CONFIG: dir, PATH }, [system])).toBeUndefined();
  });

  it('leaves it to a docker on PATH that is a script or a launcher standing in for the CLI, or to no docker at all', () => {
    const dir = configDir('wrapped', 'executable');
    for (const searchPath of [dockerPath('script'), dockerPath('launcher'), root, ''])
      expect(
        pluginCommand('docker', ['buildx', 'version'], { DOCKER_CONFIG: dir, PATH: searchPath }, [system])
      ).toBeUndefined();
  });

  it('without DOCKER_CONFIG, looks in ~/.docker first', () => {
    const home = path.join(root, 'home');
    configDir(path.join('home', '.docker'), 'executable');
    expect(pluginCommand('docker', ['buildx', 'version'], { HOME: home, PATH }, [system])?.command).toBe(
      path.join(home, '.docker', 'cli-plugins', 'docker-buildx')
    );
  });
});

describe('run, for a docker buildx command', () => {
  it('starts the plugin with the same arguments and the CLI variable, not docker (which would fail)', async () => {
    const dir = configDir('run', 'executable');
    const result = await run('docker', ['--context', 'mab-job', 'buildx', 'version'], {
      env: { DOCKER_CONFIG: dir, PATH }
    });
    expect(result.stdout.trim()).toBe('docker --context mab-job buildx version');
  });
});
