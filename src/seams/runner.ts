// The runner's side of a step: inputs and state from the environment, workflow commands on stdout,
// outputs and state through the runner's files. The protocol @actions/core speaks, written here so a
// step loads only this: @actions/core also loads an HTTP client (for OIDC tokens, never used here)
// that costs more start-up time than the whole post step needs.
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

/** Workflow command data: the runner reads %, CR and LF escaped. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value instanceof Error ? value.toString() : JSON.stringify(value);

function command(name: string, message: unknown): void {
  writeCommand(`::${name}::${escapeData(text(message))}`);
}

/** name<<delimiter lines, appended to the runner's file for outputs, state or the job's environment. */
function fileCommand(variable: 'GITHUB_OUTPUT' | 'GITHUB_STATE' | 'GITHUB_ENV', name: string, value: string): boolean {
  const file = process.env[variable];
  if (!file) return false;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`The value of ${name} contains the file command delimiter`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
  return true;
}

/** An input as the runner passes it (INPUT_<NAME>), trimmed unless asked not to (a separator may be a space). */
export function getInput(name: string, options: { trimWhitespace?: boolean } = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  return options.trimWhitespace === false ? value : value.trim();
}

export function setOutput(name: string, value: string): void {
  if (!fileCommand('GITHUB_OUTPUT', name, value)) writeCommand(`::set-output name=${name}::${escapeData(value)}`);
}

/**
 * Sets a variable for this process and for every later step of the job (the post steps too), through
 * the runner's GITHUB_ENV file. false when the runner gave no such file: only this process has it then.
 */
export function exportVariable(name: string, value: string): boolean {
  process.env[name] = value;
  return fileCommand('GITHUB_ENV', name, value);
}

/** Saved for the post step, which reads it back as STATE_<name>. */
export function saveState(name: string, value: string): void {
  if (!fileCommand('GITHUB_STATE', name, value)) writeCommand(`::save-state name=${name}::${escapeData(value)}`);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** Masks a value in every later line of the log. */
export function setSecret(secret: string): void {
  command('add-mask', secret);
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

export function debug(message: string): void {
  command('debug', message);
}

export function warning(message: string | Error): void {
  command('warning', message);
}

export function notice(message: string | Error): void {
  command('notice', message);
}

export function error(message: string | Error): void {
  command('error', message);
}

/** Fails the step: an error annotation, and a non-zero exit code once the process ends. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

/** Runs `fn` inside a collapsible group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  writeCommand(`::group::${escapeData(name)}`);
  try {
    return await fn();
  } finally {
    writeCommand('::endgroup::');
  }
}
