// arch-audit as a check of the built image: every executable of the image for the platform it claims.
import * as core from '../../seams/runner.js';
import type { CheckResult, PlatformAudit } from '../../model/checks.js';
import { OutputKey } from '../../model/outcome.js';
import { statuses, type CheckSubject, type ImageCheck } from '../image-check.js';
import type { Plan } from '../../model/plan.js';
import { auditPushedImage, auditVerdicts } from './arch-audit.js';
import { restoreSharedScans, type SharedScans, type SharingOptions } from './audit-scans.js';
import { finalStageBaseOption } from './final-base.js';
import { scanCacheEmpty } from './scan-cache.js';
import { cacheServiceMissing } from './shared-store.js';

/** The arch-audit output: per platform, what the audit found, without the findings themselves. */
function auditOutput(audit: readonly PlatformAudit[]): string {
  return JSON.stringify(
    audit.map(({ platform, status, message, result }) => ({
      platform,
      status,
      message,
      elfFiles: result?.elfFiles,
      truncated: result?.truncated
    }))
  );
}

/** The summary's cell: the status, and for a failed or incomplete platform the first line of why. */
function auditCell({ status, message }: PlatformAudit): string {
  return `${status}${status === 'fail' || status === 'incomplete' ? `: ${message.split('\n')[0]}` : ''}`;
}

/**
 * On a runner that has kept no scan (a hosted runner, in every job) the audit will want the scans
 * earlier runs shared, whatever the image: their restore starts while the build runs and the main
 * thread waits, not after it. Undefined when the audit is off or shares nothing, when the runner has
 * no cache service, or when its scan cache may have the layers already (the audit then restores only
 * if it lacks one). Never rejects. Called once buildx is running.
 */
export function startScansRestore(
  plan: Pick<Plan, 'checks'>,
  { env = process.env, sharing }: { env?: NodeJS.ProcessEnv; sharing?: Pick<SharingOptions, 'store' | 'code'> } = {}
): Promise<SharedScans | undefined> | undefined {
  const { audit: level, auditCache } = plan.checks;
  if (level === 'off' || auditCache === 'false' || cacheServiceMissing(env) || !scanCacheEmpty(env)) return undefined;
  // @actions/cache logs its own lines as it restores: they come amid the build's, after this one.
  core.info('Architecture audit: restoring the scans earlier runs shared, while the build runs');
  return restoreSharedScans({ share: true, env, info: core.info, warning: core.warning, ...sharing });
}

/** The audit of the image: from its layout on the runner when it was built here, else from the registry. */
async function audit({
  plan,
  repository,
  digest,
  platforms,
  session,
  onRunner,
  scansRestore
}: CheckSubject): Promise<CheckResult> {
  const started = performance.now();
  try {
    // Nothing pushed: the image has no repository yet; the name is only for messages.
    const audits = await auditPushedImage(`${repository || 'local-build'}@${digest}`, platforms, {
      // The job's one registry session: its logins, and the tokens verification already holds.
      registryFor: (host) => session.registry(host),
      ...(onRunner ? { imageReader: onRunner } : {}),
      ignore: plan.checks.auditIgnore,
      ...plan.checks.auditLimits,
      shareScans: plan.checks.auditCache !== 'false',
      ...(scansRestore ? { restoring: scansRestore } : {}),
      // A merge has no Dockerfile here: its sources' base layers are scanned whole.
      ...finalStageBaseOption(plan.checks.finalStage)
    });
    const verdicts = auditVerdicts(audits, plan.checks.audit === 'error' ? 'error' : 'warn');
    return {
      failures: verdicts.failures.map((failure) => `architecture audit: ${failure}`),
      warnings: verdicts.warnings.map((warning) => `Architecture audit: ${warning}`),
      notes: verdicts.notes,
      rows: audits.map((entry) => ({ platform: entry.platform, status: entry.status, cells: [auditCell(entry)] })),
      output: auditOutput(audits)
    };
  } finally {
    // Its own figure: it runs beside the push and verification, so no phase's time is the audit's.
    core.debug(`timing: Architecture audit ${Math.round(performance.now() - started)} ms`);
  }
}

/** arch-audit: no executable of another architecture in any platform's image. */
export const auditCheck: ImageCheck = {
  name: 'arch-audit',
  kind: 'reads',
  readsRunnerCopy: true,
  columns: ['Architecture audit'],
  output: OutputKey.ArchAudit,
  runs: ({ plan }) => plan.checks.audit !== 'off',
  describe: ({ plan }, result) => (plan.checks.audit === 'off' ? 'arch-audit off' : `arch-audit ${statuses(result)}`),
  run: audit
};
