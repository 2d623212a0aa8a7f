// The step's stdout, which the runner reads for workflow commands. Two kinds of text go there: the
// step's own commands and messages, and text from elsewhere (a tool's or an image's output, a
// registry's answer), which must never command the runner. Everything written to stdout passes here,
// so the one rule holds for all of it: untrusted text is shown inside `::stop-commands::<token>` …
// `::<token>::`, and each of the step's own commands first closes that region, on a line of its own.
import { randomUUID } from 'node:crypto';
import { EOL } from 'node:os';

/** Whether the last byte written ended a line: the runner reads `::command::` only at the start of one. */
let atLineStart = true;
/** The token of the open stop-commands region, if one is open. */
let stopToken: string | undefined;
/** Commands whose output is being streamed: the region stays open until the last one ends. */
let openStreams = 0;

export interface WriteOptions {
  /** Start on a line of its own, even after a partial line of a tool's output. */
  ownLine?: boolean;
}

/** Writes as it is (a chunk of a tool's output may end mid-line); every write to stdout goes through here. */
export function write(chunk: string | Uint8Array, options: WriteOptions = {}): void {
  if (chunk.length === 0) return;
  if (options.ownLine && !atLineStart) process.stdout.write(EOL);
  process.stdout.write(chunk);
  atLineStart = typeof chunk === 'string' ? chunk.endsWith('\n') : chunk[chunk.length - 1] === 0x0a;
}

export function inUntrustedRegion(): boolean {
  return stopToken !== undefined;
}

export function openUntrustedStreams(): number {
  return openStreams;
}

/** Ends the open stop-commands region, if there is one: what follows is read as commands again. */
export function resumeCommands(): void {
  if (stopToken === undefined) return;
  const token = stopToken;
  stopToken = undefined;
  write(`::${token}::${EOL}`, { ownLine: true });
}

/**
 * One of the step's own workflow commands, written by `issue` (@actions/core, which writes whole
 * lines straight to stdout): the open region is ended first and the command starts a line of its own,
 * so the runner reads it, a mask above all.
 */
export function writeCommand(issue: () => void): void {
  resumeCommands();
  if (!atLineStart) write(EOL);
  issue();
  atLineStart = true;
}

/**
 * Text from elsewhere, shown as it is and never acted on. The token is new for each region and
 * random: the text cannot guess it to end the region itself.
 */
export function writeUntrusted(chunk: string | Uint8Array, options: WriteOptions = {}): void {
  if (stopToken === undefined) {
    stopToken = `mab-${randomUUID()}`;
    write(`::stop-commands::${stopToken}${EOL}`, { ownLine: true });
  }
  write(chunk, options);
}

/** Where one command's streamed output goes. */
export interface UntrustedStream {
  write(chunk: string | Uint8Array): void;
  /** The command ended: once no other command streams, the step's commands are read again. */
  end(): void;
}

export function untrustedStream(): UntrustedStream {
  openStreams++;
  let ended = false;
  return {
    write: (chunk) => writeUntrusted(chunk),
    end: () => {
      if (ended) return;
      ended = true;
      openStreams--;
      if (openStreams === 0) resumeCommands();
    }
  };
}
