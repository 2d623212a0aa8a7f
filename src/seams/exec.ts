// Every command the action runs, spawned here rather than through @actions/exec: each needs what
// @actions/exec has no option for and cannot be wrapped around it, because it keeps the child to
// itself: a process group of its own (so a time limit or the runner's cancellation stops whatever the
// command started), the handle to stop it, a time limit, and stdout piped with backpressure (an
// exported image). Its output reaches the log only as untrusted text (log-stream.ts), never as commands.
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { pluginCommand } from './cli-plugin.js';
import { untrustedStream, type UntrustedStream } from './log-stream.js';

export interface RunOptions {
  /** Written to the child's stdin; how secrets reach commands (never argv). */
  input?: string;
  /** Extra variables on top of the process environment and the job's defaults. */
  env?: Record<string, string>;
  /** Stream the child's output to the log as it comes: shown, never read as workflow commands. */
  stream?: boolean;
  /** Called with every complete line of stdout and stderr as it arrives (a reader of buildx's progress). */
  onLine?: (line: string) => void;
  /** Resolve instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  timeoutMs?: number;
  /** Bytes of stdout and of stderr kept in memory: the tail, so errors still show their end. */
  maxOutputBytes?: number;
  /**
   * Where stdout goes instead (binary data, such as an exported image): piped there with its
   * backpressure, and never logged, kept or split into lines. The command's end waits for it.
   */
  stdoutTo?: NodeJS.WritableStream;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the time limit stopped the command. */
  timedOut?: true;
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
/** After SIGTERM, how long a command's process group gets before SIGKILL. */
const KILL_GRACE_MS = 5000;
/**
 * After the command exits, how long its output pipes may stay open: a child it left running (a
 * background job, a daemon) holds them, and must not keep the step waiting.
 */
const PIPE_GRACE_MS = 1000;
/** However much such a child keeps writing, the pipes are given up this long after the command exited. */
const PIPE_MAX_WAIT_MS = 5000;

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

/**
 * After the command exited: its pipes are given up once nothing came through them for a grace
 * period, and at the latest after PIPE_MAX_WAIT_MS. Each check runs after the reads already pending
 * (setImmediate), so an event loop that was busy for a while cannot cut the command's own output short.
 */
function watchPipes(child: ChildProcessWithoutNullStreams, abandon: () => void): () => void {
  let heard = false;
  const onData = (): void => void (heard = true);
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const check = (): void =>
    void setImmediate(() => {
      if (heard && Date.now() - started < PIPE_MAX_WAIT_MS) {
        heard = false;
        timer = setTimeout(check, PIPE_GRACE_MS);
        return;
      }
      child.stdout.destroy();
      child.stderr.destroy();
      abandon();
    });
  timer = setTimeout(check, PIPE_GRACE_MS);
  return () => clearTimeout(timer);
}

/** What a command printed: each stream's tail, and its complete lines for the reader, if any. */
interface CapturedOutput {
  stdout: OutputTail;
  stderr: OutputTail;
  lines: { stdout: LineSplitter; stderr: LineSplitter };
  /** Where the output is streamed to the log, when it is. */
  log?: UntrustedStream;
}

/** Keeps each stream's tail, hands its lines on, and streams it to the log when asked. */
function captureOutput(child: ChildProcessWithoutNullStreams, options: RunOptions): CapturedOutput {
  const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const output: CapturedOutput = {
    stdout: new OutputTail(limit),
    stderr: new OutputTail(limit),
    lines: { stdout: new LineSplitter(options.onLine), stderr: new LineSplitter(options.onLine) }
  };
  if (options.stdoutTo) {
    child.stdout.pipe(options.stdoutTo);
    // A reader that gave up closes the pipe, so the command ends (EPIPE) instead of waiting on it.
    options.stdoutTo.on('error', () => child.stdout.destroy());
  }
  // The tool's output is untrusted (a RUN step prints what it likes): it must never command the runner.
  if (options.stream) output.log = untrustedStream();
  for (const name of options.stdoutTo ? (['stderr'] as const) : (['stdout', 'stderr'] as const))
    child[name].on('data', (chunk: Buffer) => {
      output[name].push(chunk);
      output.lines[name].push(chunk);
      output.log?.write(chunk);
    });
  return output;
}

interface Ending {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The time limit that stopped it, if one did. */
  timeLimitMs?: number | undefined;
  /** Its pipes were still held open by processes it left running. */
  abandoned: boolean;
}

function resultOf(output: CapturedOutput, ending: Ending): RunResult {
  const result: RunResult = {
    exitCode: ending.code ?? 128,
    stdout: output.stdout.text(),
    stderr: output.stderr.text()
  };
  if (ending.timeLimitMs !== undefined) {
    result.stderr += `\n(stopped after the ${ending.timeLimitMs} ms time limit)`;
    result.timedOut = true;
  } else if (ending.signal) result.stderr += `\n(stopped by ${ending.signal})`;
  if (ending.abandoned) result.stderr += '\n(output of processes it left running was not waited for)';
  return result;
}

/** Every command the action runs goes through here: the single seam tests replace. */
export const run: Runner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    // A step cancelled between two commands must not start the next one (a build could push after post).
    if (cancelledBy) {
      reject(new Error(`Not starting '${command} ${args[0] ?? ''}': the step was cancelled by ${cancelledBy}`));
      return;
    }
    const env = { ...process.env, ...jobEnv, ...options.env };
    // `docker buildx …` starts buildx directly (cli-plugin.ts); messages still name the docker command.
    const plugin = pluginCommand(command, args, env);
    // Its own process group, so a time limit or a cancellation stops whatever it started too.
    const child = spawn(plugin?.command ?? command, plugin?.args ?? args, {
      env: { ...env, ...plugin?.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true
    });
    liveChildren.add(child);
    const output = captureOutput(child, options);
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
    child.on('error', (error) => {
      liveChildren.delete(child);
      if (timer) clearTimeout(timer);
      output.log?.end();
      reject(new Error(`Could not start '${command}': ${error.message}`));
    });
    let settled = false;
    let stopWatching = (): void => undefined;
    const finish = (code: number | null, signal: NodeJS.Signals | null, abandoned: boolean): void => {
      if (settled) return;
      settled = true;
      output.lines.stdout.end();
      output.lines.stderr.end();
      output.log?.end();
      liveChildren.delete(child);
      clearTimeout(timer);
      stopWatching();
      const result = resultOf(output, {
        code,
        signal,
        abandoned,
        timeLimitMs: timedOut ? options.timeoutMs : undefined
      });
      if (result.exitCode !== 0 && !options.allowFailure)
        reject(new CommandError([command, ...args].join(' '), result));
      else resolve(result);
    };
    // Once it exited, its output is waited for only a short while: a child it left may hold the pipes.
    // Piped stdout is data still on its way: only its end finishes the command.
    child.on('exit', (code, signal) => {
      if (!options.stdoutTo) stopWatching = watchPipes(child, () => finish(code, signal, true));
    });
    child.on('close', (code, signal) => finish(code, signal, false));
  });

/** Signals the command's whole process group (it leads one), or the command alone if that fails. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid === undefined) throw new Error('no pid');
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // gone already
    }
  }
}

function stopChild(child: ChildProcess): void {
  signalGroup(child, 'SIGTERM');
  // A build that ignores SIGTERM must not outlive the step.
  setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
}

/** Stops every running command and refuses new ones; used when the runner cancels the job. */
export function stopAllCommands(signal: string): number {
  cancelledBy = signal;
  for (const child of liveChildren) stopChild(child);
  return liveChildren.size;
}

/** The last resort before exiting: nothing this step started may outlive it. */
export function killAllCommands(): void {
  for (const child of liveChildren) signalGroup(child, 'SIGKILL');
}
