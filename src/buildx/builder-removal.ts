// What the post step needs of a builder: where its files are, and how it goes. Kept apart from
// builder creation so the post step, which runs on every job, loads only this.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { run, type RunResult } from '../seams/exec.js';

/** Where the job keeps its builder's files (buildkitd.toml, TLS client files); removed with the job's directory. */
export function builderFilesDir(jobConfigDir: string): string {
  return path.join(jobConfigDir, 'buildkit');
}

/** The builder's driver and the job config that holds its buildx record: what a removal that failed can name. */
export interface BuilderWhere {
  driver: string;
  configDir: string;
}

interface RecordedNode {
  name: string;
  endpoint: string;
  namespace: string;
}

/** The nodes of a builder, from its buildx record in the job's config (no cluster or daemon asked). */
function recordedNodes(configDir: string, name: string): RecordedNode[] {
  if (!configDir) return [];
  try {
    const file = path.join(configDir, 'buildx', 'instances', name);
    const record = JSON.parse(readFileSync(file, 'utf8')) as {
      Nodes?: { Name?: unknown; Endpoint?: unknown; DriverOpts?: Record<string, unknown> | null }[];
    };
    return (record.Nodes ?? []).flatMap((node) =>
      typeof node.Name === 'string' && node.Name !== ''
        ? [
            {
              name: node.Name,
              endpoint: typeof node.Endpoint === 'string' ? node.Endpoint : '',
              namespace: typeof node.DriverOpts?.['namespace'] === 'string' ? node.DriverOpts['namespace'] : ''
            }
          ]
        : []
    );
  } catch {
    return [];
  }
}

const why = (removed: RunResult, timeoutMs: number): string =>
  removed.timedOut
    ? `docker buildx rm did not finish within ${timeoutMs} ms`
    : `docker buildx rm failed: ${removed.stderr.trim().split('\n').slice(-2).join(' ') || `exit code ${removed.exitCode}`}`;

/**
 * What a kubernetes or remote builder leaves when buildx could not remove it, and how to remove it.
 * buildx names a node's deployment after the node ('_' made '-'), in the node's namespace= driver
 * option, else the kubeconfig's current namespace; the remote driver's removal only drops the record.
 */
function leftBehind(name: string, where: BuilderWhere, reason: string): string {
  const nodes = recordedNodes(where.configDir, name);
  if (where.driver === 'remote') {
    const endpoints = nodes.map((node) => node.endpoint).filter(Boolean);
    return (
      `builder ${name} (remote) was not removed: ${reason}. The remote driver starts nothing of its own: its record goes with the job's Docker config, ` +
      `and the buildkitd at ${endpoints.join(', ') || 'its endpoint'} is yours and keeps running (with this job's build cache, and any build of it still under way until BuildKit drops the session).`
    );
  }
  const deployments = (nodes.length > 0 ? nodes : [{ name: `${name}0`, endpoint: '', namespace: '' }]).map((node) => ({
    deployment: node.name.replace(/_/g, '-'),
    namespace: node.namespace
  }));
  const listed = deployments
    .map(
      ({ deployment, namespace }) => `${deployment} (namespace ${namespace || "of your kubeconfig's current context"})`
    )
    .join(', ');
  const commands = deployments
    .map(
      ({ deployment, namespace }) =>
        `kubectl delete deployment,statefulset ${deployment}${namespace ? ` --namespace ${namespace}` : ''} --ignore-not-found`
    )
    .join('; ');
  return (
    `builder ${name} (kubernetes) was not removed: ${reason}. Its BuildKit may still run in the cluster: ${listed}, ` +
    `with its pods (label app=<deployment>) and ConfigMaps (<deployment>-*). Remove them with: ${commands}`
  );
}

/**
 * Removes the job's builder and its BuildKit containers or pods. (A docker-driver builder is a
 * context inside the job's config and goes with it.) Returns what went wrong instead of throwing:
 * the post step only warns. Given where the builder is, a kubernetes or remote builder buildx could
 * not remove is named with what is left and how to remove it.
 */
export async function removeBuilder(name: string, timeoutMs = 60_000, where?: BuilderWhere): Promise<string[]> {
  const problems: string[] = [];
  const removed = await run('docker', ['buildx', 'rm', '--force', name], { allowFailure: true, timeoutMs });
  if (removed.exitCode === 0 || /not found|no builder/i.test(removed.stderr)) return problems;
  if (where && (where.driver === 'kubernetes' || where.driver === 'remote'))
    return [leftBehind(name, where, why(removed, timeoutMs))];
  // The builder's record may be gone with the config; remove its container and state volume by their names.
  const container = `buildx_buildkit_${name}0`;
  const forced = await run('docker', ['rm', '--force', '--volumes', container], { allowFailure: true, timeoutMs });
  await run('docker', ['volume', 'rm', '--force', `${container}_state`], { allowFailure: true, timeoutMs });
  if (forced.exitCode !== 0 && !/no such container/i.test(forced.stderr))
    problems.push(`docker rm ${container}: ${forced.stderr.trim()}`);
  return problems;
}
