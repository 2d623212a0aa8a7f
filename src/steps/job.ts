import * as path from 'node:path';
import { userDockerHost } from '../buildx/builder-config.js';
import { needsDaemonFacts, startBuildxVersion, startDaemonFacts } from '../buildx/builder-setup.js';
import { builderFactsRead } from '../buildx/cache-support.js';
import type { DaemonFacts } from '../buildx/daemon.js';
import { shareNodeIdentity } from '../buildx/node-identity.js';
import { createJobDockerConfig, jobScopedName, type JobDockerConfig } from '../registry/docker-config.js';
import { loginToRegistries } from '../registry/registry-login.js';
import { warmUpHttpClient } from '../registry/client.js';
import { holdKeptLayout, LayoutOnDemand, throwawayLayout } from '../registry/kept-layout.js';
import { LAYOUT_DIR } from '../registry/oci-layout.js';
import { formatPlatform } from '../model/platforms.js';
import { createSession, type RegistrySession } from '../registry/session.js';
import type { SkippedLogin } from '../model/login.js';
import type { Plan } from '../model/plan.js';
import * as core from '../seams/runner.js';
import { registryRetry } from '../seams/retry-policy.js';
import { savePostState } from '../seams/state.js';

export interface Job {
  /** Unique to this job on this machine: the builder's and the job config's name. */
  name: string;
  config: JobDockerConfig;
  /** Every registry read and write of the job goes through it. */
  session: RegistrySession;
  /**
   * Where buildx exports the image when it does not push it itself: the job's own, or the image's
   * kept layout, held on first use. Released when main ends: a kept layout is pruned to this
   * release, the job's own removed.
   */
  layout: LayoutOnDemand;
  /**
   * The daemon's `docker info`, started with the login so that its answer is there when read: by
   * driver: auto in the Emulators phase, and by the cache decision on the docker driver.
   */
  daemonFacts?: Promise<DaemonFacts>;
  /** `docker buildx version` for the gha cache decision, started with the login (after any buildx install). */
  buildxVersion?: Promise<string>;
}

/**
 * A build exports into the image's kept layout (a release on the docker driver; a build that pushes
 * nothing, for its checks), so that BuildKit writes only what changed since the last build of that
 * image on this runner; a merge, or a build with the user's outputs, gets the job's own directory.
 */
function exportLayout(plan: Plan, fallbackDir: string): LayoutOnDemand {
  if (plan.mode !== 'build' || plan.build.outputs.length > 0)
    return new LayoutOnDemand(() => throwawayLayout(fallbackDir));
  const key = JSON.stringify({ repositories: plan.repositories, platforms: plan.platforms.map(formatPlatform) });
  return new LayoutOnDemand(() => {
    const layout = holdKeptLayout({ key, fallbackDir });
    if (layout.why) core.info(`No kept OCI layout (${layout.why}): the export is written whole.`);
    return layout;
  });
}

/**
 * The builder facts later phases will read, to start while the job logs in: driver: auto's daemon,
 * and the cache decision's (on the docker driver at the user's own daemon, the one the job's
 * context names; an endpoint or an existing builder is read where it is).
 */
function builderFactsWanted(plan: Plan): { daemon: boolean; buildx: boolean } {
  if (plan.mode !== 'build') return { daemon: false, buildx: false };
  const cache = builderFactsRead(plan.cache, process.env);
  const ownDaemon = plan.builder.driver === 'docker' && !plan.builder.endpoint && !plan.builder.builder;
  return { daemon: needsDaemonFacts(plan.builder) || (cache.daemon && ownDaemon), buildx: cache.buildx };
}

/** Gives the job's buildx the runner's node id, so the context upload sends only what changed. */
function nodeIdentityLine({ dir, userDir }: JobDockerConfig): string {
  const source = shareNodeIdentity({ jobConfigDir: dir, userDir });
  if (source === 'user') return "buildx node id: the runner's own (a context upload sends only what changed)";
  if (source === 'kept')
    return 'buildx node id: the one this action keeps on the runner (a context upload sends only what changed)';
  return 'buildx node id: a new one (the whole context is uploaded)';
}

/** The one line (a notice) a login left out for want of its secret gets; returned for the phase's line too. */
function skippedLoginLine({ registry, secret }: SkippedLogin, missing = `the ${secret} is empty`): string {
  const line = `no login to ${registry}: ${missing} and nothing is pushed (pull request from a fork or Dependabot)`;
  core.notice(line);
  return line;
}

/** Pings the Docker daemon at a host; injected so unit tests need no daemon. */
export type DaemonCheck = (dockerHost: string) => Promise<void>;

/**
 * login-scope: job: every later step of the job (the post steps too) gets DOCKER_CONFIG, the job's
 * config with the logins, until the post step removes them and points DOCKER_CONFIG back at the
 * user's own config. Returns the line for the log.
 */
function shareWithLaterSteps(config: JobDockerConfig): string {
  // Saved before the export: whatever happens next, the post step gives later steps the user's config back.
  savePostState({ restoreDockerConfig: config.userDir });
  if (!core.exportVariable('DOCKER_CONFIG', config.dir)) {
    core.warning(
      "login-scope: job needs the runner's GITHUB_ENV file, which this step was not given: later steps do not see the logins."
    );
    return 'login-scope: job, but later steps do not see the logins (no GITHUB_ENV)';
  }
  return `later steps of the job use this config (DOCKER_CONFIG, login-scope: job) until the post step`;
}

/**
 * What every mode does first: the job's own Docker config (saved at once, so the post step removes
 * it whatever happens next), the daemon check when the mode needs a daemon, the pinned buildx,
 * and the registry login. Returns the job and a line for the log.
 */
export async function prepareJob(plan: Plan, checkDaemon: DaemonCheck): Promise<{ job: Job; line: string }> {
  const { job: wanted } = plan;
  const name = jobScopedName();
  const config = createJobDockerConfig(name, process.env, (dir) =>
    savePostState({ dockerConfig: dir, cleanup: wanted.cleanup })
  );
  const done = [`job Docker config ${config.dir}`];
  if (plan.mode === 'build') done.push(nodeIdentityLine(config));
  // The daemon the user's docker talks to, asked on its socket (docker info elsewhere); a stopped daemon is still named by the ping.
  const facts = builderFactsWanted(plan);
  const daemonFacts = facts.daemon ? startDaemonFacts(userDockerHost(config.userDir)) : undefined;
  if (wanted.daemon !== undefined) {
    const host = wanted.daemon || userDockerHost(config.userDir);
    await checkDaemon(host);
    done.push(`daemon at ${host} answers`);
  }
  if (wanted.buildx) {
    const { installBuildx } = await import('../buildx/buildx-install.js');
    const { version, downloadUrl } = wanted.buildx;
    await installBuildx(version, config.dir, downloadUrl ? { baseUrl: downloadUrl } : {});
    done.push(`buildx ${version} installed`);
  }
  let buildxVersion: Promise<string> | undefined;
  // While docker logs in (started first, as the login is what the next phase waits for): buildx
  // says its version for the cache decision, and Node's fetch, which every mode needs next, compiles.
  const made = await loginToRegistries(wanted.logins, {
    whileLoggingIn: () => {
      if (facts.buildx) buildxVersion = startBuildxVersion();
      warmUpHttpClient();
    },
    ...(wanted.writesNothing
      ? { onMissingSecret: ({ registry }, missing) => done.push(skippedLoginLine({ registry, secret: '' }, missing)) }
      : {})
  });
  for (const { registry, how } of made) done.push(`logged in to ${registry} ${how}`);
  for (const skipped of wanted.skippedLogins ?? []) done.push(skippedLoginLine(skipped));
  if (wanted.logins.length === 0 && !wanted.skippedLogins?.length)
    done.push('no login (username and registry-auth are empty)');
  if (wanted.loginScope === 'job') done.push(shareWithLaterSteps(config));
  // Logins the runner had before (copied into the job's config) still serve the registries not logged in to here.
  const session = createSession({
    logins: made,
    dockerConfigDir: config.dir,
    retry: { ...registryRetry, retryAfterMaxMs: wanted.retryAfterMaxMs }
  });
  const layout = exportLayout(plan, path.join(config.dir, LAYOUT_DIR));
  const started = { ...(daemonFacts ? { daemonFacts } : {}), ...(buildxVersion ? { buildxVersion } : {}) };
  return { job: { name, config, session, layout, ...started }, line: done.join('; ') };
}
