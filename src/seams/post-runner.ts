// The runner's protocol as far as the post step needs it: its saved state, plain lines, warnings and
// a variable for later steps. Written here, not taken from @actions/core, because loading
// @actions/core loads its HTTP client (undici, for OIDC tokens) too: about 0.1 s of CPU, and the post
// step runs on every job within 0.25 s (scripts/bench-startup.mjs). runner.ts re-exports these, so
// main uses the same ones; lint keeps @actions/core out of the post step's imports.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import {
  inUntrustedRegion,
  openUntrustedStreams,
  resumeCommands,
  write,
  writeCommand,
  writeUntrusted
} from './log-stream.js';

/** Workflow command data, as @actions/core escapes it: the runner reads %, CR and LF escaped. */
const escapeData = (value: string): string => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/**
 * Sets a variable for this process and for every later step of the job (the post steps too), through
 * the runner's GITHUB_ENV file (name<<delimiter lines). false when the runner gave no such file: only
 * this process has it then (@actions/core would fall back to set-env, a command runners refuse).
 */
export function exportVariable(name: string, value: string): boolean {
  process.env[name] = value;
  const file = process.env['GITHUB_ENV'];
  if (!file) return false;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`The value of ${name} contains the file command delimiter`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
  return true;
}

export function warning(message: string | Error): void {
  const text = message instanceof Error ? message.toString() : message;
  writeCommand(() => process.stdout.write(`::warning::${escapeData(text)}${EOL}`));
}

/**
 * What the runner takes for a workflow command: a line starting with `::` (leading blanks aside), or
 * `##[` anywhere in a line (the older syntax, still parsed: actions/runner's ActionCommand.TryParse).
 */
const commandLike = /^\s*::|##\[/m;

/**
 * A line of the log. Much of what is printed comes from elsewhere (an image's output, paths in its
 * layers, a registry's answers): a message that holds something the runner would run as a command
 * goes in untrusted, as streamed output does, so the runner shows it and runs nothing.
 */
export function info(message: string): void {
  if (!inUntrustedRegion() && !commandLike.test(message)) {
    write(`${message}${EOL}`, { ownLine: true });
    return;
  }
  writeUntrusted(`${message}${EOL}`, { ownLine: true });
  if (openUntrustedStreams() === 0) resumeCommands();
}
