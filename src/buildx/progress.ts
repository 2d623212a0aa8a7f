// Reads buildx's plain progress as it streams by (the log the user sees anyway): each Dockerfile
// step's platform, whether it came from the cache, how long it ran, what the cache export wrote, and
// when the image's export into an OCI layout was done (before buildx exits: build-phases.ts).
// Pure and line by line: nothing here slows the build. Table-tested on real buildx output.
import { normalisePlatformText } from '../model/platforms.js';

/** One vertex of the build, as the plain progress shows it. */
export interface ProgressStep {
  id: number;
  name: string;
  /** Where the step runs: the platform before `->` (a `--platform=$BUILDPLATFORM` stage runs on the build platform). */
  platform?: string;
  /** The platform the step builds for: after `->`, else the same as platform. */
  target?: string;
  stage?: string;
  /** RUN, COPY, FROM, … for Dockerfile steps (`[… 2/5] RUN …`); undefined for internal vertices. */
  instruction?: string;
  /** The step's text after the instruction, as buildx shows it (variables expanded). */
  command: string;
  cached: boolean;
  /** Layers were pulled or extracted under this vertex: for a step other than FROM, from a remote cache. */
  pulled: boolean;
  seconds?: number;
  /** When the DONE line was read, in ms of the reader's clock. */
  doneAt?: number;
  error?: string;
}

/** What one cache export vertex wrote. */
export interface CacheExport {
  id: number;
  name: string;
  layers: number;
  manifest?: string;
  error?: string;
}

export interface CacheImport {
  id: number;
  reference: string;
  error?: string;
}

export interface BuildProgress {
  steps: ProgressStep[];
  exports: CacheExport[];
  imports: CacheImport[];
}

/** The image's export into an OCI layout (`exporting to oci image format`), as its lines say it. */
interface ImageExport {
  id: number;
  /** `exporting manifest list sha256:…`: the index, the image's top when there is one. */
  list?: string;
  /** `exporting manifest sha256:…`, one per platform (attestation manifests not among them). */
  manifests: string[];
}

/** The image's top digest once the export is DONE: the index, else its one image manifest. */
function exportedTop({ list, manifests }: ImageExport): string | undefined {
  return list ?? (manifests.length === 1 ? manifests[0] : undefined);
}

const platformToken = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?(?:->[a-z0-9/_]+)?$/;
const osNames = /^(?:linux|windows|darwin|freebsd)\//;

/** `linux/amd64->arm64` → where it runs and what it targets; `linux/arm64` → both the same. */
function platformsOf(token: string): { platform: string; target: string } {
  const [runsOn = '', target] = token.split('->');
  const platform = normalisePlatformText(runsOn);
  if (!target) return { platform, target: platform };
  const os = runsOn.split('/')[0] ?? 'linux';
  return { platform, target: normalisePlatformText(osNames.test(target) ? target : `${os}/${target}`) };
}

/** The platform token a vertex name starts with (`[linux/amd64->arm64 build 2/3] …` → `linux/amd64->arm64`), if any. */
export function platformTokenOf(name: string): string | undefined {
  // A step counter (`[2/4] …`) looks like a platform too: a platform starts with its OS's name.
  const first = /^\[([a-z][^\] ]*)[ \]]/.exec(name)?.[1];
  return first && platformToken.test(first) ? first : undefined;
}

/** Splits a vertex name: `[linux/arm64 build 3/5] RUN make` → platform, stage, instruction, command. */
export function describeVertex(id: number, name: string): ProgressStep {
  const step: ProgressStep = { id, name, command: name, cached: false, pulled: false };
  const match = /^\[([^\]]*)\] (.*)$/s.exec(name);
  if (!match) return step;
  const tokens = (match[1] ?? '').split(' ').filter(Boolean);
  const rest = match[2] ?? '';
  if (!/^\d+\/\d+$/.test(tokens.at(-1) ?? '')) return step;
  tokens.pop();
  if (tokens[0] && platformToken.test(tokens[0])) Object.assign(step, platformsOf(tokens.shift() as string));
  if (tokens.length > 0) step.stage = tokens.join(' ');
  const instruction = /^([A-Z]+)\b\s*(.*)$/s.exec(rest);
  if (instruction) {
    step.instruction = instruction[1];
    step.command = instruction[2] ?? '';
  }
  return step;
}

/** Feeds lines in the order buildx printed them; `progress` holds what they said so far. */
export class ProgressReader {
  readonly progress: BuildProgress = { steps: [], exports: [], imports: [] };
  private readonly byId = new Map<number, ProgressStep | CacheExport | CacheImport | ImageExport>();
  private readonly layersOf = new Map<number, Set<string>>();

  /**
   * `onImageExported` hears the image's top digest once its export into an OCI layout is done: every
   * blob is in the layout then (buildx's store commits each whole), index.json is not yet.
   */
  constructor(
    private readonly clock: () => number = Date.now,
    private readonly onImageExported?: (digest: string) => void
  ) {}

  /** Never throws: a line it does not understand is skipped. */
  line(text: string): void {
    const match = /^#(\d+) (.*)$/.exec(text);
    if (!match) return;
    const id = Number(match[1]);
    const body = (match[2] ?? '').trimEnd();
    const known = this.byId.get(id);
    if (!known) {
      this.open(id, body);
      return;
    }
    if ('reference' in known) this.onImport(known, body);
    else if ('layers' in known) this.onExport(known, body);
    else if ('manifests' in known) this.onImageExport(known, body);
    else this.onStep(known, body);
  }

  private open(id: number, name: string): void {
    const imported = /^importing cache manifest from (.+)$/.exec(name);
    if (imported) {
      const entry: CacheImport = { id, reference: imported[1] ?? '' };
      this.progress.imports.push(entry);
      this.byId.set(id, entry);
    } else if (/^exporting cache\b/.test(name)) {
      const entry: CacheExport = { id, name, layers: 0 };
      this.progress.exports.push(entry);
      this.byId.set(id, entry);
      this.layersOf.set(id, new Set());
    } else if (name === 'exporting to oci image format') {
      this.byId.set(id, { id, manifests: [] });
    } else {
      const step = describeVertex(id, name);
      this.progress.steps.push(step);
      this.byId.set(id, step);
    }
  }

  private onStep(step: ProgressStep, body: string): void {
    if (body === 'CACHED') step.cached = true;
    else if (/^ERROR\b/.test(body)) step.error = body.replace(/^ERROR:?\s*/, '');
    else if (/^(?:extracting )?sha256:[0-9a-f]{64}\b/.test(body)) step.pulled = true;
    else {
      const done = /^DONE (\d+(?:\.\d+)?)s$/.exec(body);
      if (!done) return;
      // A step loaded from a remote cache says DONE again once its layers are pulled; it stays from the cache.
      step.seconds = Number(done[1]);
      step.doneAt = this.clock();
    }
  }

  private onExport(entry: CacheExport, body: string): void {
    const layer = /^writing layer (sha256:[0-9a-f]{64})/.exec(body);
    const seen = this.layersOf.get(entry.id);
    if (layer?.[1] && seen) {
      seen.add(layer[1]);
      entry.layers = seen.size;
    }
    const manifest = /^writing cache (?:manifest|image manifest) (sha256:[0-9a-f]{64})/.exec(body);
    if (manifest?.[1]) entry.manifest = manifest[1];
    if (/^ERROR\b/.test(body)) entry.error = body.replace(/^ERROR:?\s*/, '');
  }

  private onImageExport(entry: ImageExport, body: string): void {
    const written = /^exporting (manifest list|manifest) (sha256:[0-9a-f]{64}) .*done$/.exec(body);
    if (written?.[1] === 'manifest list') entry.list = written[2];
    else if (written?.[2]) entry.manifests.push(written[2]);
    const top = /^DONE \d/.test(body) ? exportedTop(entry) : undefined;
    if (top) this.onImageExported?.(top);
  }

  private onImport(entry: CacheImport, body: string): void {
    if (/^ERROR\b/.test(body)) entry.error = body.replace(/^ERROR:?\s*/, '');
  }
}

/** A Dockerfile step other than FROM that came from the cache: local (CACHED) or pulled from a remote cache. */
export function fromCache(step: ProgressStep): boolean {
  return step.cached || (step.pulled && step.instruction !== 'FROM');
}
