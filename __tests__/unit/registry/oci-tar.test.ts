// The streamed export (buildx's type=oci,dest=- on a pipe) read into a partial layout: documents
// kept, a layer kept only when wanted, every other layer read off the pipe and never written.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { collectContent, layoutOrigin } from '../../../src/registry/image-content.js';
import { OciLayout } from '../../../src/registry/oci-layout.js';
import { receiveOciTar, TruncatedExport } from '../../../src/registry/oci-tar.js';
import { packLayout, writeLayout, type WrittenLayout } from '../../helpers/oci-layouts.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-oci-tar-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A layer big enough to cross many pipe chunks (and not JSON: it starts with gzip's magic).
const bigLayer = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(3 * 1024 * 1024, 7)]);

function built(): WrittenLayout {
  return writeLayout(mkdtempSync(path.join(root, 'built-')), [
    { architecture: 'amd64', layers: ['base layer', bigLayer] },
    { architecture: 'arm64', layers: ['base layer', 'arm64 added layer'] }
  ]);
}

/** Feeds a tar to the receiver as buildx's stdout would, in small chunks, until the receiver gives up. */
function feed(bytes: Buffer, sink: NodeJS.WritableStream): void {
  const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_unused, index) =>
    bytes.subarray(index * 65536, (index + 1) * 65536)
  );
  const source = Readable.from(chunks);
  sink.on('error', () => source.destroy());
  source.pipe(sink);
}

async function packed(pack: tar.Pack): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const kept = (dir: string): string[] => readdirSync(path.join(dir, 'blobs', 'sha256')).map((hex) => `sha256:${hex}`);
const hexOf = (digest: string): string => digest.slice('sha256:'.length);

describe('receiveOciTar', () => {
  it('keeps every document and the wanted layers; a layer not wanted is read off the pipe and never written', async () => {
    const image = built();
    const bytes = await packLayout(image.dir);
    const base =
      image.blobs.find(
        (digest) => readFileSync(path.join(image.dir, 'blobs/sha256', hexOf(digest)), 'utf8') === 'base layer'
      ) ?? '';
    const asked: string[] = [];
    const dir = path.join(root, 'received-1');
    const receiver = receiveOciTar({
      dir,
      wanted: (digest) => {
        asked.push(digest);
        return Promise.resolve(digest !== base);
      }
    });
    feed(bytes, receiver.sink);
    const received = await receiver.received;
    // Asked about the three distinct layers only, never about a manifest, config or the index.
    expect(asked.sort()).toStrictEqual(
      image.blobs
        .filter(
          (digest) =>
            !readFileSync(path.join(image.dir, 'blobs/sha256', hexOf(digest)))
              .toString()
              .startsWith('{')
        )
        .filter((d, i, all) => all.indexOf(d) === i)
        .sort()
    );
    expect(kept(dir)).not.toContain(base);
    expect(received.dropped).toStrictEqual({ blobs: 1, bytes: 'base layer'.length });
    // Everything else is there, byte for byte: two configs, two manifests, the index and two layers.
    expect(received.kept.blobs).toBe(7);
    expect(kept(dir).sort()).toStrictEqual(
      readdirSync(path.join(image.dir, 'blobs', 'sha256'))
        .map((hex) => `sha256:${hex}`)
        .filter((digest) => digest !== base)
        .sort()
    );
    const differing = kept(dir).filter(
      (digest) =>
        !readFileSync(path.join(dir, 'blobs/sha256', hexOf(digest))).equals(
          readFileSync(path.join(image.dir, 'blobs/sha256', hexOf(digest)))
        )
    );
    expect(differing).toStrictEqual([]);
    // A partial layout the push and the audit open as they open a whole one.
    const layout = OciLayout.open(dir);
    expect(layout.top.digest).toBe(image.digest);
    expect(layout.hasBlob(base)).toBe(false);
    const content = await collectContent(layout.topManifest(), () => layoutOrigin(layout));
    expect(content.manifests).toHaveLength(2);
  });

  it('an export that ends before its index.json is an error, and nothing names it a layout', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'blobs/sha256/' + 'a'.repeat(64) }, '{"schemaVersion":2}');
    pack.finalize();
    const receiver = receiveOciTar({ dir: path.join(root, 'received-2'), wanted: () => Promise.resolve(true) });
    feed(await packed(pack), receiver.sink);
    await expect(receiver.received).rejects.toThrow("buildx's OCI export ended without its index.json");
    await expect(receiver.received).rejects.toBeInstanceOf(TruncatedExport);
  });

  it('writes no entry whose name is not a blob of the layout, index.json or oci-layout', async () => {
    const pack = tar.pack();
    pack.entry({ name: '../escaped' }, 'x');
    pack.entry({ name: 'blobs/sha256/../../escaped' }, 'x');
    pack.entry({ name: 'blobs/sha256/NOTAHEX' }, 'x');
    pack.entry({ name: 'index.json' }, '{"schemaVersion":2,"manifests":[]}');
    pack.finalize();
    const dir = path.join(root, 'received-3');
    const receiver = receiveOciTar({ dir, wanted: () => Promise.resolve(true) });
    feed(await packed(pack), receiver.sink);
    await receiver.received;
    expect(readdirSync(dir).sort()).toStrictEqual(['blobs', 'index.json']);
    expect(readdirSync(path.join(dir, 'blobs', 'sha256'))).toStrictEqual([]);
    expect(existsSync(path.join(root, 'escaped'))).toBe(false);
  });

  it('a reader that fails (the registry could not be asked) fails the receipt and closes the sink', async () => {
    const image = built();
    const receiver = receiveOciTar({
      dir: path.join(root, 'received-4'),
      wanted: () => Promise.reject(new Error('disk full'))
    });
    const closed = new Promise<unknown>((resolve) => receiver.sink.on('error', resolve));
    feed(await packLayout(image.dir), receiver.sink);
    await expect(receiver.received).rejects.toThrow('disk full');
    await expect(closed).resolves.toBeInstanceOf(Error);
  });
});
