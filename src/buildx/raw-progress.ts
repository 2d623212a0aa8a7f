// buildx's rawjson progress (`--progress=rawjson`), rendered as the plain progress the user reads in
// the log, with one addition: a Dockerfile step whose text is the same for every platform, which
// BuildKit names without its platform (`[3/4] RUN make`), is named with the platform of the vertices
// it was built from (`[linux/arm64 3/4] RUN make`), found through the vertex inputs that rawjson
// carries and plain progress drops. What is rendered is what ProgressReader reads: one text, one parser.
// Pure and line by line: table-tested on recorded buildx 0.13 output.
import { platformTokenOf } from './progress.js';

/** One vertex of BuildKit's solve status, as rawjson prints it (fields absent until known). */
interface RawVertex {
  digest: string;
  name?: string;
  inputs?: string[];
  started?: string;
  completed?: string;
  cached?: boolean;
  error?: string;
}

interface RawStatus {
  id: string;
  vertex: string;
  current?: number;
  total?: number;
  started?: string;
  completed?: string;
}

interface RawLog {
  vertex: string;
  stream?: number;
  data?: string;
  timestamp?: string;
}

interface RawWarning {
  vertex: string;
  short?: string;
}

interface SolveStatus {
  vertexes?: RawVertex[];
  statuses?: RawStatus[];
  logs?: RawLog[];
  warnings?: RawWarning[];
}

/** What the renderer knows of one vertex: the plain progress number, and what it already printed. */
interface Known {
  /** 0 until the vertex is first printed: numbers go up in the order the log shows vertices. */
  number: number;
  vertex: RawVertex;
  /** The `started` whose header was printed, the `completed` whose end was printed. */
  shownStart?: string;
  shownEnd?: string;
  /** A log line still without its line break, per stream. */
  partial: Map<number, string>;
}

const STEP_NAME = /^\[([^\]]*)\] (.*)$/s;
/** A platform found this many inputs away is not looked beyond: a Dockerfile stage is a chain of steps. */
const INPUT_DEPTH = 64;

const seconds = (from?: string, to?: string): number => {
  const span = (Date.parse(to ?? '') - Date.parse(from ?? '')) / 1000;
  return Number.isFinite(span) && span > 0 ? span : 0;
};

/** Ended less than a millisecond after it started, neither from the cache nor failed. */
const momentary = (vertex: RawVertex): boolean =>
  !vertex.cached && !vertex.error && seconds(vertex.started, vertex.completed) < 0.001;

function bytes(value: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let size = value;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${unit === 0 ? size : size.toFixed(2)}${units[unit]}`;
}

function decodeBase64(data: string | undefined): string {
  return data ? Buffer.from(data, 'base64').toString('utf8') : '';
}

const isSolveStatus = (value: unknown): value is SolveStatus =>
  typeof value === 'object' &&
  value !== null &&
  ['vertexes', 'statuses', 'logs', 'warnings'].some((key) => Array.isArray((value as Record<string, unknown>)[key]));

/**
 * Reads rawjson line by line (buildx prints each status as indented JSON, `{` and `}` on lines of
 * their own) and hands on plain progress lines. Text between the objects (buildx's own `ERROR:` lines,
 * the Dockerfile excerpt of a failure) is handed on as it is. Never throws.
 */
export class RawProgressRenderer {
  private readonly known = new Map<string, Known>();
  private pending: string[] | undefined;
  private last: number | undefined;
  private printed = 0;

  constructor(private readonly emit: (line: string) => void) {}

  line(text: string): void {
    if (this.pending) {
      this.pending.push(text);
      if (text === '}') this.object(this.pending);
      return;
    }
    if (text === '{') this.pending = [text];
    else this.emit(text);
  }

  /** The command ended: an object cut short is handed on as text, log lines without a break are ended. */
  end(): void {
    const cut = this.pending;
    this.pending = undefined;
    for (const text of cut ?? []) this.emit(text);
    for (const known of this.known.values()) {
      const { completed, started } = known.vertex;
      if (completed && known.shownEnd !== completed && Date.parse(completed) >= Date.parse(started ?? ''))
        this.showEnd(known);
      this.flushLogs(known);
    }
  }

  private object(lines: string[]): void {
    this.pending = undefined;
    let value: unknown;
    try {
      value = JSON.parse(lines.join('\n'));
    } catch {
      value = undefined;
    }
    if (!isSolveStatus(value)) {
      for (const text of lines) this.emit(text);
      return;
    }
    for (const vertex of value.vertexes ?? []) this.onVertex(vertex);
    for (const status of value.statuses ?? []) this.onStatus(status);
    for (const log of value.logs ?? []) this.onLog(log);
    for (const warning of value.warnings ?? []) this.onWarning(warning);
  }

  private onVertex(update: RawVertex): void {
    if (typeof update.digest !== 'string') return;
    let known = this.known.get(update.digest);
    if (!known) {
      known = { number: 0, vertex: { digest: update.digest }, partial: new Map() };
      this.known.set(update.digest, known);
    }
    Object.assign(known.vertex, update);
    const { vertex } = known;
    if (vertex.started && known.shownStart === undefined) {
      known.shownStart = vertex.started;
      this.header(known);
    }
    // A vertex BuildKit starts again says so in an instant first: that end is not printed until nothing follows it.
    if (vertex.completed && known.shownEnd !== vertex.completed && !momentary(vertex)) this.showEnd(known);
  }

  private showEnd(known: Known): void {
    known.shownEnd = known.vertex.completed;
    this.flushLogs(known);
    this.say(known, this.ending(known.vertex));
  }

  private ending(vertex: RawVertex): string {
    if (vertex.error) return /context canceled$/.test(vertex.error) ? 'CANCELED' : `ERROR: ${vertex.error}`;
    if (vertex.cached) return 'CACHED';
    return `DONE ${seconds(vertex.started, vertex.completed).toFixed(1)}s`;
  }

  /** A blank line between vertices, as plain progress has; then `#N name`. */
  private header(known: Known): void {
    if (known.number === 0) known.number = ++this.printed;
    if (this.last !== undefined) this.emit('');
    this.last = known.number;
    this.emit(`#${known.number} ${this.nameOf(known.vertex)}`);
  }

  /** One line of a vertex; its name again first when another vertex spoke in between, as plain progress does. */
  private say(known: Known, text: string): void {
    if (known.number === 0 || this.last !== known.number) this.header(known);
    this.emit(`#${known.number} ${text}`);
  }

  /** The vertex's name, with the platform put in when BuildKit left it out and its inputs say it. */
  private nameOf(vertex: RawVertex): string {
    const name = (vertex.name ?? vertex.digest).replace(/\n/g, ' ');
    const match = STEP_NAME.exec(name);
    if (!match || platformTokenOf(name) !== undefined || !/\d+\/\d+$/.test(match[1] ?? '')) return name;
    const platform = this.platformOfInputs(vertex);
    return platform ? `[${platform} ${match[1]}] ${match[2]}` : name;
  }

  /** The platform of the nearest vertex this one was built from that names one: first inputs first. */
  platformOfInputs(vertex: RawVertex): string | undefined {
    const seen = new Set<string>([vertex.digest]);
    let layer = [...(vertex.inputs ?? [])];
    for (let depth = 0; depth < INPUT_DEPTH && layer.length > 0; depth++) {
      const next: string[] = [];
      for (const digest of layer) {
        if (seen.has(digest)) continue;
        seen.add(digest);
        const input = this.known.get(digest)?.vertex;
        const token = input?.name ? platformTokenOf(input.name) : undefined;
        if (token) return token;
        next.push(...(input?.inputs ?? []));
      }
      layer = next;
    }
    return undefined;
  }

  private onStatus(status: RawStatus): void {
    const known = this.known.get(status.vertex);
    if (!known || !status.completed || typeof status.id !== 'string') return;
    const amount =
      status.total && status.total > 0
        ? ` ${bytes(status.current ?? 0)} / ${bytes(status.total)}`
        : status.current
          ? ` ${bytes(status.current)}`
          : '';
    const took = seconds(status.started, status.completed);
    this.say(known, `${status.id}${amount}${took >= 0.05 ? ` ${took.toFixed(1)}s` : ''} done`);
  }

  private onLog(log: RawLog): void {
    const known = this.known.get(log.vertex);
    if (!known) return;
    const stream = log.stream ?? 1;
    const text = (known.partial.get(stream) ?? '') + decodeBase64(log.data);
    const lines = text.split(/\r?\n/);
    known.partial.set(stream, lines.pop() ?? '');
    const at = seconds(known.vertex.started, log.timestamp).toFixed(3);
    for (const line of lines) this.say(known, `${at} ${line}`);
  }

  private flushLogs(known: Known): void {
    for (const [stream, text] of known.partial) {
      if (text) this.say(known, `${seconds(known.vertex.started, known.vertex.completed).toFixed(3)} ${text}`);
      known.partial.delete(stream);
    }
  }

  private onWarning(warning: RawWarning): void {
    const known = this.known.get(warning.vertex);
    const text = decodeBase64(warning.short).trim();
    if (!text) return;
    if (known) this.say(known, `WARN: ${text}`);
    else this.emit(`WARNING: ${text}`);
  }
}
