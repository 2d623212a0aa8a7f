// What a build prints is the Dockerfile's, not the action's: the runner must act on none of it.
// And a context slipped in as a link to the runner's temp directory never reaches a build.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { busyboxDockerfile, fixtureContext, registryInputs, runLocal, uniqueRepository } from '../helpers/e2e.js';
import { actedOn } from '../helpers/workflow-commands.js';

const fresh = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36)}`;

describe('a build whose RUN steps and own text hold workflow commands', () => {
  const evil = path.join(tmpdir(), `mab-evil-config-${fresh()}`);
  // Each line is a command the runner would act on in a step's stdout: `##[…]` anywhere, `::…::` at a line's start.
  const forged = [
    'x ##[error title=Checks]forged error',
    `x ##[save-state name=restoreDockerConfig;]${evil}`,
    '::add-mask::forged-mask',
    '##[stop-commands]forged-stop',
    '::set-output name=digest::sha256:forged'
  ];
  // printf's lines start with the command; the RUN lines themselves are printed as the steps' names.
  const dockerfile = `${busyboxDockerfile}RUN echo ${fresh()} > /fresh && printf '%s\\n' ${forged.map((line) => `'${line}'`).join(' ')}
RUN echo 'x ##[warning]forged from the Dockerfile text' > /from-text
`;
  let run: Awaited<ReturnType<typeof runLocal>>;

  beforeAll(async () => {
    mkdirSync(path.join(evil, 'cli-plugins'), { recursive: true });
    run = await runLocal({
      context: fixtureContext(dockerfile),
      platforms: 'linux/amd64',
      tags: `${uniqueRepository('untrusted-output')}:1`,
      ...registryInputs()
    });
  });

  it('builds and pushes, and the log shows what the build printed', () => {
    expect(run.main.code).toBe(0);
    for (const line of forged) expect(run.main.stdout).toContain(line);
    expect(run.main.stdout).toContain('forged from the Dockerfile text');
  });

  it('the runner acts on none of it: no annotation, state, mask, stop or output from the build', () => {
    const acted = actedOn(run.main.stdout);
    expect(acted.filter(({ data }) => /forged|sha256:forged/.test(data))).toEqual([]);
    expect(
      acted.filter(({ command }) => ['save-state', 'set-output', 'stop-commands', 'error'].includes(command))
    ).toEqual([]);
    const masks = acted.filter(({ command }) => command === 'add-mask').map(({ data }) => data);
    expect([...new Set(masks)]).toEqual([registryInputs()['password']]);
    // The action's own commands are still read: its groups open and close.
    expect(acted.filter(({ command }) => command === 'group').length).toBeGreaterThan(2);
    expect(readFileSync(path.join(run.dir, 'state'), 'utf8')).not.toContain(evil);
  });

  it('the post step does as always: removes the credentials, points nothing at the planted config', () => {
    expect(run.post?.code).toBe(0);
    expect(actedOn(run.post?.stdout ?? '').filter(({ command }) => command === 'warning')).toEqual([]);
    expect(run.post?.stdout).toContain('Cleaned up');
    expect(run.jobEnvAfterPost['DOCKER_CONFIG']).not.toBe(evil);
    expect(readFileSync(path.join(run.dir, 'env-post'), 'utf8')).toBe('');
  });
});

describe('a symbolic link to the runner temp directory as the context', () => {
  it('is refused before any build, naming the input and where the link leads', async () => {
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'mab-run-'));
    const workspace = mkdtempSync(path.join(tmpdir(), 'mab-workspace-'));
    // Were it followed, the build would copy the job's config.json (with the login) into the image.
    writeFileSync(path.join(runnerTemp, 'Dockerfile'), 'FROM scratch\nCOPY . /stolen\n');
    symlinkSync(runnerTemp, path.join(workspace, 'app'));
    const run = await runLocal(
      {
        context: path.join(workspace, 'app'),
        platforms: 'linux/amd64',
        tags: `${uniqueRepository('linked')}:1`,
        ...registryInputs()
      },
      { workdir: runnerTemp, env: { GITHUB_WORKSPACE: workspace } }
    );
    expect(run.main.code).toBe(1);
    const errors = actedOn(run.main.stdout).filter(({ command }) => command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.data).toContain(
      `${path.join(workspace, 'app')} is a symbolic link leading outside the workspace`
    );
    expect(errors[0]?.data).toContain('context does not follow such links');
    // Nothing ran: no login, no builder, no build.
    expect(run.main.stdout).not.toMatch(/logged in|buildx build|\[internal\] load/);
    expect(run.post?.code).toBe(0);
  });
});
