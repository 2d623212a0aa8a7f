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
}

export interface RunActionOptions {
  env?: Record<string, string>;
  workdir?: string;
  echo?: boolean;
  onMainSpawn?: (child: ChildProcess) => void;
  skipPost?: boolean;
}

export const distEntry: string;
export function parseFileCommands(text: string): Record<string, string>;
export function actionDefaults(): Record<string, string>;
export function inputEnv(inputs: Record<string, string>): Record<string, string>;
export function runAction(inputs: Record<string, string>, options?: RunActionOptions): Promise<ActionRun>;
