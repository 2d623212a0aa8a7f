// The scanner reads at most `concurrency` layers at once, and does use that many: each layer's blob
// is held open by the fake registry until the test lets it end.
import { PassThrough } from 'node:stream';
import * as tar from 'tar-stream';
import { LayerScanner } from '../../../../src/checks/audit/layer-scanner.js';
import type { RegistryReader } from '../../../../src/registry/oci-reads.js';

const limits = { maxFiles: 1000, maxBytes: 10 * 1024 * 1024 };
const digestOf = (index: number): string => `sha256:${index.toString(16).padStart(64, '0')}`;

async function oneFileTar(name: string): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name }, 'content');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A registry whose blobs stay open until `release` ends the oldest one; it counts the blobs open at once. */
class HeldRegistry implements RegistryReader {
  open = 0;
  most = 0;
  private readonly held: (() => void)[] = [];

  constructor(private readonly layer: Buffer) {}

  getManifest(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  getBlob(): Promise<NodeJS.ReadableStream> {
    this.open++;
    this.most = Math.max(this.most, this.open);
    const blob = new PassThrough();
    this.held.push(() => {
      this.open--;
      blob.end(this.layer);
    });
    return Promise.resolve(blob);
  }

  get waiting(): number {
    return this.held.length;
  }

  release(): void {
    this.held.shift()?.();
  }
}

/** Waits (up to 5 s, polling) until the condition holds: no time is asserted, only what happens. */
async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 500 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('LayerScanner', () => {
  it.each([1, 2, 3])('reads at most %i layer(s) at once, and that many', async (concurrency) => {
    const registry = new HeldRegistry(await oneFileTar('bin/tool'));
    const scanner = new LayerScanner({ reader: registry, repository: 'acme/app' }, { limits, concurrency });
    const layers = 6;
    const outcomes = Promise.all(Array.from({ length: layers }, (_, index) => scanner.scan(digestOf(index + 1))));
    for (let released = 0; released < layers; released++) {
      const expected = Math.min(concurrency, layers - released);
      await until(() => registry.waiting === expected);
      expect(registry.waiting).toBe(expected);
      expect(registry.open).toBeLessThanOrEqual(concurrency);
      registry.release();
    }
    const scans = await outcomes;
    expect(scans.every((outcome) => 'scan' in outcome && outcome.scan.entries.length === 1)).toBe(true);
    expect(registry.most).toBe(concurrency);
    expect(scanner.figures.read).toBe(layers);
  });
});
