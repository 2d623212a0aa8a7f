import * as path from 'node:path';
import * as core from '@actions/core';
import { auditPushedImage, type PlatformAudit } from '../checks/audit/arch-audit.js';
import { checkBuilderPlatforms, createBuilder } from '../build/builder.js';
import { runBuild } from '../build/build.js';
import { ActionError, InputError } from '../seams/errors.js';
import { guardFloatingTags, heldBackRows, type HeldBackTag } from '../checks/floating-tags.js';
import { checkInputPaths, parseInputs, shouldPush, type Inputs } from '../planning/inputs.js';
import type { KeyValue } from '../planning/lists.js';
import { prepareJob } from './job.js';
import { runMerge } from './merge.js';
import { formatPlatform, nativePlatform, runsNatively, type Platform } from '../planning/platforms.js';
import { checkBasePlatforms } from '../checks/preflight.js';
import { warmUpHttpClient } from '../registry/client.js';
import type { RegistrySession } from '../registry/session.js';
import { ensureEmulators, type EmulatorReport } from '../build/qemu.js';
import { formatRepository, parseImageReference, type ImageReference } from '../planning/references.js';
import {
  describeEvent,
  mergeLabels,
  ociLabels,
  planTags,
  sanitizeTag,
  type GitEvent,
  type TagPlan
} from '../planning/release-tags.js';
import { OutputKey, saveState, StateKey } from '../seams/state.js';
import { smokeTest, type SmokeResult } from '../checks/smoke.js';
import { writeSummary } from '../seams/summary.js';
import { verifyPushedTags } from '../checks/verify.js';

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

export interface Metadata {
  plan: TagPlan;
  labels: KeyValue[];
  annotations: KeyValue[];
}

/** Tag templates and the image input need the event payload; plain tags need only the event's name. */
async function gitEvent(inputs: Inputs): Promise<GitEvent> {
  if (inputs.images.length > 0 || inputs.tags.some((tag) => tag.includes('{{')))
    return (await import('../planning/git-context.js')).currentGitEvent();
  const env = process.env;
  return {
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    ref: env['GITHUB_REF'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    createdAt: new Date().toISOString()
  };
}

/** Tags, labels and index annotations for this build. Generated OCI metadata only comes with the image input. */
export function buildMetadata(inputs: Inputs, event: GitEvent): Metadata {
  const plan = planTags(event, inputs.images, inputs.tags);
  if (inputs.images.length === 0) return { plan, labels: inputs.labels, annotations: inputs.annotations };
  const generated = ociLabels(event, describeEvent(event));
  const labels = mergeLabels(generated, inputs.labels);
  // The same keys on the index, so registries show them for the whole multi-arch image. One
  // platform without provenance has no index at all, and BuildKit refuses index annotations then.
  const hasIndex = inputs.platforms.length > 1 || !/^(false|0|off)$/i.test(inputs.provenance);
  if (!hasIndex) return { plan, labels, annotations: inputs.annotations };
  const indexAnnotations = labels
    .filter(({ key }) => key.startsWith('org.opencontainers.image.'))
    .map(({ key, value }) => ({ key: `index:${key}`, value }));
  return { plan, labels, annotations: mergeLabels(indexAnnotations, inputs.annotations) };
}

export interface PerPlatformTarget {
  repository: string;
  /** Set on docker-container, which pushes untagged by digest. */
  digestRepository?: string;
  /** The per-platform tag the docker driver pushes instead (it cannot push by digest). */
  tags: string[];
}

/** Where a per-platform matrix job pushes its one platform for a later merge. */
export function perPlatformTarget(
  inputs: Pick<Inputs, 'images' | 'platforms' | 'driver'>,
  version: string
): PerPlatformTarget {
  const repository = formatRepository(inputs.images[0] as ImageReference);
  if (inputs.driver === 'docker-container') return { repository, digestRepository: repository, tags: [] };
  const platform = formatPlatform(inputs.platforms[0] as Platform).replace(/\//g, '-');
  return { repository, tags: [`${repository}:${sanitizeTag(`${version}-${platform}`)}`] };
}

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

interface PostPushReport {
  audit: PlatformAudit[];
  smoke: SmokeResult[];
  failures: string[];
}

/** Reads the pushed image back, and runs it when asked: the checks that catch multi-arch mistakes before users do. */
async function checkPushedImage(
  session: RegistrySession,
  inputs: Inputs,
  tags: string[],
  platforms: Platform[],
  digest: string,
  repository: string,
  jobName: string,
  dockerConfigDir: string
): Promise<PostPushReport> {
  const report: PostPushReport = { audit: [], smoke: [], failures: [] };
  const pinned = `${repository}@${digest}`;
  // Both only read the registry; side by side they cost the slower one.
  const [, audit] = await Promise.all([
    inputs.verify ? verifyPushedTags(session, tags, platforms, digest) : undefined,
    inputs.archAudit === 'off'
      ? []
      : auditPushedImage(pinned, platforms, { dockerConfigDir, ignore: inputs.archAuditIgnore })
  ]);
  report.audit = audit;
  for (const entry of audit) {
    if (entry.status === 'fail' && inputs.archAudit === 'error')
      report.failures.push(`architecture audit: ${entry.message}`);
    else if (entry.status === 'fail') core.warning(`Architecture audit: ${entry.message}`);
    else
      core.info(
        `Architecture audit ${entry.platform}: ${entry.status}${entry.result ? ` (${entry.result.elfFiles} ELF files in ${entry.result.scannedFiles} files)` : ''}${entry.result?.truncated ? `; scan cut short: ${entry.result.truncated}` : ''}`
      );
  }
  if (inputs.smokeTest) {
    report.smoke = await smokeTest(pinned, platforms, inputs.smokeTest, inputs.smokeTestTimeout, jobName);
    for (const result of report.smoke.filter(({ status }) => status === 'fail')) {
      report.failures.push(
        `smoke test on ${result.platform} exited ${result.exitCode}${result.advice ? `: ${result.advice}` : ''}`
      );
    }
  }
  return report;
}

function perPlatformTable(platforms: readonly Platform[], checks: PostPushReport): string[][] {
  const rows = platforms.map(formatPlatform).map((platform) => {
    const audit = checks.audit.find((entry) => entry.platform === platform);
    const smoke = checks.smoke.find((entry) => entry.platform === platform);
    return [
      platform,
      audit ? `${audit.status}${audit.status === 'fail' ? `: ${audit.message.split('\n')[0]}` : ''}` : 'off',
      smoke ? smoke.status : 'off',
      smoke ? String(smoke.exitCode) : '',
      smoke ? (smoke.advice ?? smoke.output) : ''
    ];
  });
  return [['Platform', 'Architecture audit', 'Smoke test', 'Exit code', 'Last output'], ...rows];
}

let lapStart = performance.now();
/** Where the step's time goes, in the debug log: the figures behind the benchmark's breakdown. */
function lap(phase: string): void {
  const now = performance.now();
  core.debug(`timing: ${phase} ${Math.round(now - lapStart)} ms`);
  lapStart = now;
}

/** The main step: validate everything, then emulators, builder, login, build and push. */
export async function runMain(): Promise<void> {
  saveState(StateKey.IsPost, 'true');
  const inputs = readInputs();
  if (inputs.mode === 'merge') return runMerge(inputs);
  if (inputs.password) core.setSecret(inputs.password);
  for (const login of inputs.registryAuth) core.setSecret(login.password);
  for (const secret of inputs.secrets) core.setSecret(secret.value);
  for (const key of secretLookingBuildArgs(inputs)) {
    core.warning(
      `build-arg ${key} looks like a secret. Build args are stored in the image metadata; pass it with the secrets input instead (mounted with RUN --mount=type=secret,id=${key}).`
    );
  }
  const event = await gitEvent(inputs);
  const push = shouldPush(inputs.push, event.eventName);
  const metadata = buildMetadata(inputs, event);
  if (push && !inputs.pushByDigest && metadata.plan.references.length === 0) {
    throw new InputError(
      'tags',
      '',
      'at least one full image reference (e.g. ghcr.io/acme/app:1.0), or the image input, when push is on',
      'nothing to push to'
    );
  }

  lap('inputs and tags');
  const { name, config, session } = await prepareJob(inputs, metadata.plan.references, true);
  lap('job config, daemon check, login');

  // Before emulators and builder, so a trimmed platform needs neither.
  const native = nativePlatform();
  const platforms = await checkBasePlatforms(session, inputs, native);
  let emulators = 'off (qemu: false)';
  if (inputs.qemu === 'auto') emulators = describeEmulators(await ensureEmulators(platforms, inputs.qemuImage));
  // ensureEmulators throws unless every foreign platform's handler is verified.
  const runnable = inputs.qemu === 'auto' ? platforms : platforms.filter((platform) => runsNatively(platform, native));
  lap('base-image preflight, emulators');
  const builder = await createBuilder(name, inputs, config.userDir, platforms, runnable);
  checkBuilderPlatforms(builder, platforms);
  core.setOutput(OutputKey.Builder, builder.name);

  let tags = metadata.plan.references;
  let heldBack: HeldBackTag[] = [];
  const digestTarget = inputs.pushByDigest ? perPlatformTarget(inputs, metadata.plan.version) : undefined;
  if (digestTarget) tags = digestTarget.tags;
  else if (push) ({ push: tags, heldBack } = await guardFloatingTags(session, metadata.plan));

  lap('builder, floating tags');
  if (push && (inputs.verify || inputs.archAudit !== 'off')) warmUpHttpClient();
  const result = await runBuild(inputs, builder, {
    platforms,
    tags,
    labels: metadata.labels,
    annotations: metadata.annotations,
    push,
    ...(digestTarget?.digestRepository ? { digestRepository: digestTarget.digestRepository } : {}),
    metadataFile: path.join(config.dir, 'build-metadata.json')
  });

  lap('build and push');
  const platformList = platforms.map(formatPlatform).join(',');
  const firstRepository = digestTarget?.repository ?? (tags[0] ? formatRepository(parseImageReference(tags[0])) : '');
  core.setOutput(OutputKey.Digest, result.digest);
  core.setOutput(OutputKey.ImageId, result.imageId);
  core.setOutput(OutputKey.Metadata, JSON.stringify(result.metadata));
  core.setOutput(OutputKey.Platforms, platformList);
  core.setOutput(OutputKey.Tags, tags.join('\n'));
  core.setOutput(OutputKey.Labels, metadata.labels.map(({ key, value }) => `${key}=${value}`).join('\n'));
  core.setOutput(OutputKey.Version, metadata.plan.version);
  core.setOutput(
    OutputKey.Image,
    push && firstRepository && result.digest ? `${firstRepository}@${result.digest}` : ''
  );
  core.info(
    push
      ? `Pushed ${tags.join(', ') || firstRepository} (${platformList}) as ${result.digest}`
      : `Built ${platformList}; nothing pushed (push is off${event.eventName.startsWith('pull_request') ? ' for pull requests' : ''})`
  );

  const checks: PostPushReport =
    push && result.digest
      ? await checkPushedImage(session, inputs, tags, platforms, result.digest, firstRepository, name, config.dir)
      : { audit: [], smoke: [], failures: [] };
  lap('verification, audit, smoke');
  core.setOutput(
    OutputKey.ArchAudit,
    JSON.stringify(
      checks.audit.map(({ platform, status, message, result: scan }) => ({
        platform,
        status,
        message,
        elfFiles: scan?.elfFiles,
        truncated: scan?.truncated
      }))
    )
  );
  core.setOutput(OutputKey.SmokeTest, JSON.stringify(checks.smoke));
  await writeSummary(
    'Multi-arch image',
    [
      { label: 'Image', value: firstRepository || '(not tagged)' },
      { label: push ? 'Pushed tags' : 'Tags (not pushed)', value: tags.join('<br>') || '(by digest)' },
      ...heldBackRows(heldBack),
      { label: 'Digest', value: result.digest || '(none)' },
      { label: 'Platforms', value: platformList },
      { label: 'Version', value: metadata.plan.version },
      { label: 'QEMU emulators', value: emulators }
    ],
    checks.audit.length + checks.smoke.length > 0
      ? [{ heading: 'Per platform', table: perPlatformTable(platforms, checks) }]
      : []
  );
  if (checks.failures.length > 0)
    throw new ActionError(`The pushed image failed its checks:\n- ${checks.failures.join('\n- ')}`);
}
