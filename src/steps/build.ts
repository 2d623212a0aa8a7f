// The build's phases: base images, emulators, builder, build and push, checks. The executor
// (execute.ts) runs them in order, each in its own log group.
import * as path from 'node:path';
import * as core from '@actions/core';
import { runBuild } from '../build/build.js';
import type { Builder } from '../build/builder.js';
import { builderFirst, emulatorsBeforeBuilder, resolveDriver, setUpBuilder } from '../build/builder-setup.js';
import type { Driver } from '../planning/builder-inputs.js';
import type { EmulatorReport } from '../build/qemu.js';
import { guardFloatingTags } from '../checks/floating-tags.js';
import { checkBasePlatforms } from '../checks/preflight.js';
import { outputRepository } from '../planning/build-plan.js';
import type { BuildModePlan } from '../planning/plan.js';
import { formatPlatform, type Platform } from '../planning/platforms.js';
import { warmUpHttpClient } from '../registry/client.js';
import { runChecks } from './checks.js';
import type { Phase } from './execute.js';
import type { Job } from './job.js';
import type { Outcome } from './outputs.js';

/** Logs what the emulator step found and did; returns the same as one line for the job summary. */
function describeEmulators(report: EmulatorReport): string {
  const names = (arches: string[]): string => arches.map((arch) => `qemu-${arch}`).join(', ');
  const lines: string[] = [];
  if (report.needed.length === 0) lines.push('every requested platform runs natively here');
  if (report.alreadyRegistered.length > 0) lines.push(`already registered ${names(report.alreadyRegistered)}`);
  if (report.registered.length > 0) lines.push(`registered ${names(report.registered)} (${report.method})`);
  for (const line of lines) core.info(`QEMU: ${line}`);
  return lines.join('; ');
}

/** What the build phases hand each other. */
interface BuildRun {
  job: Job;
  platforms: Platform[];
  driver?: Driver;
  emulators?: EmulatorReport;
  builder?: Builder;
}

async function buildAndPush(plan: BuildModePlan, run: BuildRun, outcome: Outcome): Promise<string> {
  const builder = run.builder as Builder;
  let tags = plan.digestTarget?.tags ?? plan.tags.references;
  if (plan.push && !plan.digestTarget)
    ({ push: tags, heldBack: outcome.heldBack } = await guardFloatingTags(plan.tags));
  if (plan.push && (plan.checks.verify || plan.checks.audit !== 'off')) warmUpHttpClient();
  const result = await runBuild(plan.inputs, builder, {
    platforms: run.platforms,
    tags,
    labels: plan.labels,
    annotations: plan.annotations,
    push: plan.push,
    ...(plan.digestTarget?.digestRepository ? { digestRepository: plan.digestTarget.digestRepository } : {}),
    metadataFile: path.join(run.job.config.dir, 'build-metadata.json')
  });
  Object.assign(outcome, { tags, pushed: plan.push, ...result, repository: outputRepository(plan, tags) });
  const platformList = outcome.platforms.join(',');
  if (plan.push) return `Pushed ${tags.join(', ') || outcome.repository} (${platformList}) as ${result.digest}`;
  const why = plan.event.eventName.startsWith('pull_request') ? ' for pull requests' : '';
  return `Built ${platformList}; nothing pushed (push is off${why})`;
}

export function buildPhases(plan: BuildModePlan, job: () => Job, outcome: Outcome): Phase[] {
  const run: Partial<BuildRun> = {};
  const state = (): BuildRun => ({ job: job(), platforms: run.platforms ?? plan.platforms, ...run });
  return [
    {
      name: 'Base images',
      // Before emulators and builder, so a trimmed platform needs neither.
      run: async () => {
        run.platforms = await checkBasePlatforms(plan.inputs, plan.native);
        outcome.platforms = run.platforms.map(formatPlatform);
        return `platform-check ${plan.inputs.platformCheck}: building ${outcome.platforms.join(', ')}`;
      }
    },
    {
      name: 'Emulators',
      run: async () => {
        if (!plan.emulators.enabled) return (outcome.emulators = 'off (qemu: false)');
        run.driver = await resolveDriver(plan.inputs, state().platforms);
        // Nodes elsewhere, or the user's builder: the builder phase registers only what no node runs natively.
        if (builderFirst(plan.inputs, run.driver)) return 'after the builder, for platforms no node serves natively';
        run.emulators = await emulatorsBeforeBuilder(plan.inputs, state().platforms);
        outcome.emulators = run.emulators ? describeEmulators(run.emulators) : 'off (qemu: false)';
        return outcome.emulators;
      }
    },
    {
      name: 'Builder',
      run: async () => {
        const { job: current, platforms } = state();
        const driver = run.driver ?? (await resolveDriver(plan.inputs, platforms));
        const setup = await setUpBuilder(
          current.name,
          plan.inputs,
          driver,
          current.config,
          platforms,
          plan.native,
          run.emulators
        );
        run.builder = setup.builder;
        if (setup.emulators && !run.emulators) outcome.emulators = describeEmulators(setup.emulators);
        outcome.builder = run.builder.name;
        return `${run.builder.name} (${run.builder.driver}) builds ${outcome.platforms.join(', ')}`;
      }
    },
    { name: 'Build', run: () => buildAndPush(plan, state(), outcome) },
    {
      name: 'Checks',
      skip: () => (!plan.push || !outcome.digest ? 'nothing was pushed' : undefined),
      run: () => runChecks(plan, outcome, state().platforms, job())
    }
  ];
}
