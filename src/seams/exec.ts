import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

export interface RunOptions {
  /** Written to the child's stdin; how secrets reach commands (never argv). */
  input?: string;
  /** Extra variables on top of the process environment and the job's defaults. */
  env?: Record<string, string>;
  /** Stream the child's output to the log as it comes. */
  stream?: boolean;
  /** Resolve instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  timeoutMs?: number;
  /** Bytes of stdout and of stderr kept in memory: the tail, so errors still show their end. */
  maxOutputBytes?: number;
  /** Called with every complete line of stdout and stderr as it arrives (a reader of buildx's progress). */
  onLine?: (line: string) => void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult
  ) {
    const tail = lastLines(result.stderr || result.stdout, 15);
    super(`'${command}' failed with exit code ${result.exitCode}${tail ? `:\n${tail}` : ''}`);
    this.name = 'CommandError';
  }
}

export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** Enough for any output the action parses; a command that prints without end keeps only its last MiB. */
const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** The last `limit` bytes of a stream, and how many came before them. */
class OutputTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept > this.limit) {
      const first = this.chunks[0] as Buffer;
      const excess = this.kept - this.limit;
      const cut = Math.min(excess, first.length);
      if (cut === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(cut);
      this.kept -= cut;
      this.dropped += cut;
    }
  }

  text(): string {
    const body = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `[${this.dropped} earlier bytes of output not kept]\n${body}` : body;
  }
}

/** Hands complete lines of one stream to a reader; nothing is kept when there is no reader. */
class LineSplitter {
  private partial = '';
  // A character split across two chunks is decoded whole.
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly reader?: (line: string) => void) {}

  push(chunk: Buffer): void {
    if (!this.reader) return;
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.reader(line.replace(/\r$/, ''));
  }

  end(): void {
    if (!this.reader) return;
    const rest = this.partial + this.decoder.end();
    if (rest) this.reader(rest);
    this.partial = '';
  }
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

// Variables every command of this job gets (the job-scoped DOCKER_CONFIG above all).
const jobEnv: Record<string, string> = {};
const liveChildren = new Set<ChildProcess>();
let cancelledBy: string | undefined;

/** The signal that cancelled the step, if one did: nothing new starts after it. */
export function cancellation(): string | undefined {
  return cancelledBy;
}

export function setJobEnv(name: string, value: string): void {
  jobEnv[name] = value;
}

export function getJobEnv(): Readonly<Record<string, string>> {
  return jobEnv;
}

/** Every command the action runs goes through here: the single seam tests replace. */
export const run: Runner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    // A step cancelled between two commands must not start the next one (a build could push after post).
    if (cancelledBy) {
      reject(new Error(`Not starting '${command} ${args[0] ?? ''}': the step was cancelled by ${cancelledBy}`));
      return;
    }
    const child = spawn(command, args, {
      env: { ...process.env, ...jobEnv, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    });
    liveChildren.add(child);
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const stdout = new OutputTail(limit);
    const stderr = new OutputTail(limit);
    const lines = { stdout: new LineSplitter(options.onLine), stderr: new LineSplitter(options.onLine) };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      lines.stdout.push(chunk);
      if (options.stream) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      lines.stderr.push(chunk);
      if (options.stream) process.stdout.write(chunk);
    });
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          stopChild(child);
        }, options.timeoutMs)
      : undefined;
    // A closed stdin keeps commands from waiting on a terminal that is not there.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    const commandLine = [command, ...args].join(' ');
    child.on('error', (error) => {
      liveChildren.delete(child);
      if (timer) clearTimeout(timer);
      reject(new Error(`Could not start '${command}': ${error.message}`));
    });
    child.on('close', (code, signal) => {
      lines.stdout.end();
      lines.stderr.end();
      liveChildren.delete(child);
      if (timer) clearTimeout(timer);
      const result: RunResult = {
        exitCode: code ?? 128,
        stdout: stdout.text(),
        stderr: stderr.text()
      };
      if (timedOut) result.stderr += `\n(stopped after the ${options.timeoutMs} ms time limit)`;
      else if (signal) result.stderr += `\n(stopped by ${signal})`;
      if (result.exitCode !== 0 && !options.allowFailure) reject(new CommandError(commandLine, result));
      else resolve(result);
    });
  });

function stopChild(child: ChildProcess): void {
  child.kill('SIGTERM');
  // A build that ignores SIGTERM must not outlive the step.
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
}

/** Stops every running command and refuses new ones; used when the runner cancels the job. */
export function stopAllCommands(signal: string): number {
  cancelledBy = signal;
  for (const child of liveChildren) stopChild(child);
  return liveChildren.size;
}

/** The last resort before exiting: nothing this step started may outlive it. */
export function killAllCommands(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}
