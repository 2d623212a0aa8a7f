// The rules every workflow of this repository keeps (examples included, since users copy them):
// third-party actions pinned to a full commit SHA with the version it is beside it, service, job
// container and docker:// images pinned by digest, no ${{ }} expression inside a run: script or a
// github-script script (values pass through env:), and permissions: set on the workflow or on each
// job, with writes granted only on jobs and never as write-all / read-all.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, visit, type Node, type Scalar, type YAMLMap } from 'yaml';

/** This project's own action and reusable workflow: users name them by major tag, as the README documents. */
const OWN = /^acme\/multiarch-build-push(\/|@)/;
/** A step running this action, at the major tag the README names or at a release's commit. */
export const isOwnAction = (uses: string | undefined): boolean =>
  /^acme\/multiarch-build-push@(v1|[0-9a-f]{40})$/.test(uses ?? '');

const PINNED_ACTION = /^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^\s*v\d+\.\d+\.\d+\s*$/;
const PINNED_IMAGE = /^[^\s$]+@sha256:[0-9a-f]{64}$/;
const GITHUB_SCRIPT = /^actions\/github-script@/;

export function workflowFiles(dir = '.github/workflows'): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return workflowFiles(full);
      return /\.ya?ml$/.test(entry) ? [full] : [];
    });
}

function scalar(node: unknown): Scalar | undefined {
  return isScalar(node) ? node : undefined;
}

function text(node: unknown): string | undefined {
  const value = scalar(node)?.value;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function usesViolation(where: string, node: unknown): string[] {
  const value = text(node);
  if (value === undefined || value.startsWith('./') || OWN.test(value)) return [];
  if (value.startsWith('docker://'))
    return PINNED_IMAGE.test(value.slice('docker://'.length))
      ? []
      : [`${where}: image ${value} is not pinned by digest`];
  if (!PINNED_ACTION.test(value)) return [`${where}: action ${value} is not pinned to a full commit SHA`];
  if (!VERSION_COMMENT.test(scalar(node)?.comment ?? ''))
    return [`${where}: action ${value} has no "# vX.Y.Z" comment naming the version of that commit`];
  return [];
}

function imageViolation(where: string, node: unknown): string[] {
  const image = isMap(node) ? node.get('image', true) : node;
  const value = text(image);
  if (value === undefined) return [];
  return PINNED_IMAGE.test(value) ? [] : [`${where}: image ${value} is not pinned by digest`];
}

function expressionIn(where: string, node: unknown, what: string): string[] {
  const value = text(node);
  return value?.includes('${{') ? [`${where}: ${what} has a \${{ }} expression; pass the value through env:`] : [];
}

/**
 * A reusable workflow names this action by repository: a caller who pins the workflow by commit
 * must get the action of that release, so the ref is a commit with its version (npm run release
 * writes it), never a tag that moves.
 */
function ownRefViolation(where: string, node: unknown): string[] {
  const value = text(node);
  if (value === undefined || !OWN.test(value) || !value.includes('@')) return [];
  const ref = value.slice(value.indexOf('@') + 1);
  if (/^[0-9a-f]{40}$/.test(ref) && VERSION_COMMENT.test(scalar(node)?.comment ?? '')) return [];
  return [
    `${where}: the reusable workflow runs ${value}, a ref that moves; release with npm run release to pin it to a commit`
  ];
}

function stepViolations(where: string, step: unknown, reusable = false): string[] {
  if (!isMap(step)) return [];
  const uses = step.get('uses', true);
  const script = GITHUB_SCRIPT.test(text(uses) ?? '') ? step.getIn(['with', 'script'], true) : undefined;
  return [
    ...usesViolation(where, uses),
    ...(reusable ? ownRefViolation(where, uses) : []),
    ...expressionIn(where, step.get('run', true), 'run:'),
    ...expressionIn(where, script, 'the github-script script')
  ];
}

function permissionsViolations(where: string, node: unknown, workflowLevel: boolean): string[] {
  const value = text(node);
  if (value !== undefined)
    return /^(read|write)-all$/.test(value) ? [`${where}: permissions: ${value}; name each scope it needs`] : [];
  if (!workflowLevel || !isMap(node)) return [];
  return node.items
    .filter((pair) => text(pair.value) === 'write')
    .map(
      (pair) => `${where}: the workflow grants ${text(pair.key)}: write to every job; grant it on the jobs that need it`
    );
}

function jobViolations(where: string, job: YAMLMap, workflow: { permissions: boolean; reusable: boolean }): string[] {
  const workflowPermissions = workflow.permissions;
  const violations: string[] = [];
  const permissions = job.get('permissions', true);
  if (permissions === undefined && !workflowPermissions)
    violations.push(`${where}: no permissions: on the job, and none on the workflow`);
  violations.push(...permissionsViolations(where, permissions, false));
  violations.push(...usesViolation(where, job.get('uses', true)));
  violations.push(...imageViolation(`${where}.container`, job.get('container', true)));
  const services = job.get('services', true);
  if (isMap(services))
    for (const pair of services.items)
      violations.push(...imageViolation(`${where}.services.${text(pair.key)}`, pair.value));
  const steps = job.get('steps', true);
  if (isSeq(steps))
    steps.items.forEach((step, index) =>
      violations.push(...stepViolations(`${where}.steps[${index}]`, step, workflow.reusable))
    );
  return violations;
}

/** Every rule a workflow breaks, one line each, prefixed with the file and where in it. */
export function workflowViolations(file: string, content: string): string[] {
  const document = parseDocument(content);
  if (document.errors.length > 0) return [`${file}: does not parse: ${document.errors[0]?.message ?? ''}`];
  const root = document.contents as Node | null;
  if (!isMap(root)) return [`${file}: is not a mapping`];
  const permissions = root.get('permissions', true);
  const violations = permissionsViolations(file, permissions, true);
  const jobs = root.get('jobs', true);
  const on = root.get('on', true);
  const reusable = text(on) === 'workflow_call' || (isMap(on) && on.has('workflow_call'));
  if (isMap(jobs))
    for (const pair of jobs.items)
      if (isMap(pair.value))
        violations.push(
          ...jobViolations(`${file}: jobs.${text(pair.key)}`, pair.value, {
            permissions: permissions !== undefined,
            reusable
          })
        );
  return violations;
}

/**
 * The `${{ }}` rule in the examples of the README and docs: every ```yaml block (a whole workflow or
 * a fragment of steps or jobs) is parsed, and each `run:` and github-script script in it checked.
 */
export function docExampleViolations(file: string, markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)];
  return blocks.flatMap((block, index) => {
    const line = markdown.slice(0, block.index).split('\n').length;
    const document = parseDocument(block[1] ?? '');
    if (document.errors.length > 0) return [];
    const found: string[] = [];
    visit(document, {
      Map: (_key, map) => {
        found.push(
          ...stepViolations(`${file}:${line} (example ${index + 1})`, map).filter((text) => text.includes('${{'))
        );
      }
    });
    return found;
  });
}
