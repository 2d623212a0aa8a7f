// Expands a workflow without GitHub: GitHub's own parser reads and validates it, GitHub's own
// expression engine evaluates its ${{ }} expressions, and a small matrix expander (the part neither
// library does) turns a strategy into the legs GitHub would start.
import { readFileSync } from 'node:fs';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import {
  convertWorkflowTemplate,
  isBasicExpression,
  isLiteral,
  isMapping,
  isSequence,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate
} from '@actions/workflow-parser';
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';

export type Contexts = Record<string, unknown>;
export type JobStatus = 'success' | 'failure' | 'cancelled';

export interface LoadedWorkflow {
  template: WorkflowTemplate;
  /** The parsed document, every key kept (the converted template drops `with`, `shell` and call outputs). */
  root: TemplateToken;
  errors: string[];
}

export async function loadWorkflow(file: string, content = readFileSync(file, 'utf8')): Promise<LoadedWorkflow> {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (!parsed.value) throw new Error(`${file} did not parse: ${errors.join('; ')}`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  for (const error of template.errors ?? []) if (!errors.includes(error.Message)) errors.push(error.Message);
  return { template, root: parsed.value, errors };
}

/** Evaluates one expression (without ${{ }}); the status functions answer for the given job status. */
export function evaluate(expression: string, contexts: Contexts, status: JobStatus = 'success'): unknown {
  const statusFunctions = new Map(
    ['success', 'failure', 'cancelled', 'always'].map((name) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(name === 'always' || name === status) }
    ])
  );
  const tree = new Parser(new Lexer(expression).lex().tokens, Object.keys(contexts), [...statusFunctions.values()]);
  const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  const result = new Evaluator(tree.parse(), context, statusFunctions).evaluate();
  return JSON.parse(JSON.stringify(result, data.replacer)) as unknown;
}

/** A token as plain data, its expressions evaluated. */
export function resolve(token: TemplateToken | undefined, contexts: Contexts): unknown {
  if (token === undefined) return undefined;
  if (isBasicExpression(token)) return evaluate(token.expression, contexts);
  if (isLiteral(token)) return token.toJSON();
  if (isSequence(token)) return [...token].map((item) => resolve(item, contexts));
  if (isMapping(token)) {
    const result: Record<string, unknown> = {};
    for (const { key, value } of token) result[String(resolve(key, contexts))] = resolve(value, contexts);
    return result;
  }
  throw new Error(`cannot resolve a token of type ${token.templateTokenType}`);
}

/** As the runner turns an expression result into an input or output: strings as they are, null as ''. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A mapping's values as text (a step's `with` or `env`, a job's `outputs`). */
export function resolveStrings(token: TemplateToken | undefined, contexts: Contexts): Record<string, string> {
  const value = resolve(token, contexts) ?? {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, asText(item)]));
}

/** A key of a mapping token, by path. */
export function find(token: TemplateToken | undefined, ...path: string[]): TemplateToken | undefined {
  let current = token;
  for (const key of path) current = current && isMapping(current) ? current.find(key) : undefined;
  return current;
}

export function job(workflow: LoadedWorkflow, id: string): Job {
  const found = workflow.template.jobs.find((entry) => entry.id.value === id);
  if (!found || found.type !== 'job') throw new Error(`no job ${id}`);
  return found;
}

export interface RawStep {
  id: string | undefined;
  uses: string | undefined;
  /** The parsed step, for resolve(): with, env, run. */
  token: TemplateToken;
  /** The condition as the converter completed it (`success() && (...)`), undefined when there is none. */
  condition: string | undefined;
}

/** A job's steps: the parsed tokens (with `with:`) paired with the converted steps (with their conditions). */
export function steps(workflow: LoadedWorkflow, id: string): RawStep[] {
  const converted = job(workflow, id).steps;
  const raw = find(workflow.root, 'jobs', id, 'steps');
  if (!raw || !isSequence(raw)) throw new Error(`job ${id} has no steps`);
  return [...raw].map((token, index) => {
    const condition = converted[index]?.if;
    const literal = (key: string): string | undefined => {
      const value = find(token, key);
      const json = value && isLiteral(value) ? (value.toJSON() as string | number | boolean | null) : null;
      return json === null ? undefined : String(json);
    };
    return { id: literal('id'), uses: literal('uses'), token, condition: condition?.expression };
  });
}

export type MatrixLeg = Record<string, unknown>;

function matches(leg: MatrixLeg, pattern: MatrixLeg): boolean {
  return Object.entries(pattern).every(([key, value]) => JSON.stringify(leg[key]) === JSON.stringify(value));
}

/**
 * GitHub's matrix rules: the product of the list-valued keys, minus the `exclude` entries that
 * match, then each `include` entry is added to every leg whose original values it does not change,
 * or becomes a leg of its own when there is none.
 */
export function expandMatrix(matrix: Record<string, unknown>): MatrixLeg[] {
  const {
    include = [],
    exclude = [],
    ...dimensions
  } = matrix as {
    include?: MatrixLeg[];
    exclude?: MatrixLeg[];
  } & Record<string, unknown[]>;
  let legs: MatrixLeg[] = Object.keys(dimensions).length === 0 ? [] : [{}];
  for (const [key, values] of Object.entries(dimensions)) {
    if (!Array.isArray(values)) throw new Error(`matrix ${key} is not a list`);
    legs = legs.flatMap((leg) => values.map((value) => ({ ...leg, [key]: value })));
  }
  legs = legs.filter((leg) => !exclude.some((pattern) => matches(leg, pattern)));
  const originals = legs.map((leg) => ({ ...leg }));
  const extra: MatrixLeg[] = [];
  for (const entry of include) {
    let added = false;
    legs.forEach((leg, index) => {
      const original = originals[index] ?? {};
      const keepsOriginals = Object.entries(entry).every(
        ([key, value]) => !(key in original) || JSON.stringify(original[key]) === JSON.stringify(value)
      );
      if (keepsOriginals) {
        Object.assign(leg, entry);
        added = true;
      }
    });
    if (!added) extra.push({ ...entry });
  }
  return [...legs, ...extra];
}

export interface ExpandedLeg {
  matrix: MatrixLeg;
  runsOn: unknown;
  name: string;
}

/** The legs a job starts, with their runner and name, for the given contexts (inputs, needs, github). */
export function expandJob(workflow: LoadedWorkflow, id: string, contexts: Contexts): ExpandedLeg[] {
  const found = job(workflow, id);
  const strategy = resolve(found.strategy, contexts) as { matrix?: Record<string, unknown> } | undefined;
  const legs = strategy?.matrix ? expandMatrix(strategy.matrix) : [{}];
  return legs.map((matrix) => {
    const legContexts = { ...contexts, matrix };
    return {
      matrix,
      runsOn: resolve(found['runs-on'], legContexts),
      name: found.name ? asText(resolve(found.name, legContexts)) : id
    };
  });
}

/** Whether a job starts, given the status of the jobs it needs. */
export function jobRuns(workflow: LoadedWorkflow, id: string, contexts: Contexts, status: JobStatus): boolean {
  return evaluate(job(workflow, id).if.expression, contexts, status) === true;
}
