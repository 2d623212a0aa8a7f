import type { ChildProcess } from 'node:child_process';

export interface StepResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ActionRun {
  main: StepResult;
  post?: StepResult;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  dir: string;
  env: Record<string, string>;
  /** What main wrote to GITHUB_ENV: the variables every later step of the job gets. */
  exported: Record<string, string>;
  /** The job's variables (no INPUT_*) once the post step ran, its own GITHUB_ENV applied. */
  jobEnvAfterPost: Record<string, string>;
}

export interface RunActionOptions {
  env?: Record<string, string>;
  workdir?: string;
  echo?: boolean;
  onMainSpawn?: (child: ChildProcess) => void;
  skipPost?: boolean;
  /** A later step of the job, run between main and post with the environment the runner would give it. */
  afterMain?: (env: Record<string, string>) => void | Promise<void>;
}

export const distEntry: string;
export function parseFileCommands(text: string): Record<string, string>;
export function actionDefaults(): Record<string, string>;
export function inputEnv(inputs: Record<string, string>): Record<string, string>;
export function runAction(inputs: Record<string, string>, options?: RunActionOptions): Promise<ActionRun>;
