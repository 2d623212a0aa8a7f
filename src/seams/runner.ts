// The runner's side of a step, spoken through @actions/core: inputs, outputs, saved state, masks,
// annotations and groups. Every command goes through log-stream.ts, which first ends any region of
// untrusted output that is open (where the runner reads no command, a mask included) and starts a
// line of its own. Plain lines, warnings, the state post reads and exported variables come from
// post-runner.ts, which the post step loads without @actions/core.
import * as core from '@actions/core';
import { writeCommand } from './log-stream.js';

export { exportVariable, getState, info, warning } from './post-runner.js';

/** An input as the runner passes it (INPUT_<NAME>), trimmed unless asked not to (a separator may be a space). */
export function getInput(name: string, options: { trimWhitespace?: boolean } = {}): string {
  return core.getInput(name, options);
}

export function setOutput(name: string, value: string): void {
  writeCommand(() => core.setOutput(name, value));
}

/** Saved for the post step, which reads it back as STATE_<name>. */
export function saveState(name: string, value: string): void {
  writeCommand(() => core.saveState(name, value));
}

/** Masks a value in every later line of the log. */
export function setSecret(secret: string): void {
  writeCommand(() => core.setSecret(secret));
}

export function debug(message: string): void {
  writeCommand(() => core.debug(message));
}

export function notice(message: string | Error): void {
  writeCommand(() => core.notice(message));
}

export function error(message: string | Error): void {
  writeCommand(() => core.error(message));
}

/** Fails the step: an error annotation, and a non-zero exit code once the process ends. */
export function setFailed(message: string | Error): void {
  writeCommand(() => core.setFailed(message));
}

/** Runs `fn` inside a collapsible group of the log (core.group's two commands, each written as ours). */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  writeCommand(() => core.startGroup(name));
  try {
    return await fn();
  } finally {
    writeCommand(() => core.endGroup());
  }
}
