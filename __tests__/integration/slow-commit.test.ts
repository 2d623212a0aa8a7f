// A big layer to a registry that takes a minute to commit it: Distribution with filesystem
// storage (its in-memory storage copies a blob on every write and is slow on big ones), behind
// the fault proxy, which holds the answer to the upload's final PUT for 60 s. The client's
// default bounds must wait for the commit instead of timing out and reusing the session.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { transferBlob } from '../../src/registry/blob-transfer.js';
import { RegistryClient } from '../../src/registry/client.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';

const LAYER_BYTES = 200 * 1024 * 1024;
const COMMIT_MS = 60_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A Distribution registry with filesystem storage on a free loopback port; no auth. */
async function startFilesystemRegistry(dir: string): Promise<{ port: number; process: ChildProcess }> {
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  for (let tries = 0; tries < 100; tries++) {
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      (response) => response.status === 200,
      () => false
    );
    if (up) return { port, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`docker-registry did not start on 127.0.0.1:${port}`);
}

/** A file of random bytes (written in 8 MiB pieces) and its digest. */
function randomLayer(file: string): string {
  const hash = createHash('sha256');
  const piece = 8 * 1024 * 1024;
  writeFileSync(file, '');
  for (let written = 0; written < LAYER_BYTES; written += piece) {
    const bytes = randomBytes(piece);
    hash.update(bytes);
    writeFileSync(file, bytes, { flag: 'a' });
  }
  return `sha256:${hash.digest('hex')}`;
}

describe('a registry that takes 60 s to commit a 200 MB layer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-slow-commit-'));
  let registry: { port: number; process: ChildProcess } | undefined;
  afterAll(() => {
    registry?.process.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets the layer pushed with one upload, waiting for the commit', async () => {
    registry = await startFilesystemRegistry(dir);
    const proxy = await startFaultProxy({ upstreamPort: registry.port });
    try {
      const isCommit = ({ method, path: at }: { method: string; path: string }): boolean =>
        method === 'PUT' && at.includes('/blobs/uploads/');
      proxy.setAnswerDelay({ ms: COMMIT_MS, match: isCommit });
      const file = path.join(dir, 'layer');
      const digest = randomLayer(file);
      const client = new RegistryClient(proxy.address);
      const blob = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: LAYER_BYTES };
      const origin = {
        name: 'a file',
        readManifest: () => Promise.resolve(undefined),
        openBlob: () => Promise.resolve(createReadStream(file))
      };
      const started = Date.now();
      expect(await transferBlob(origin, { client, repository: 'big/layer' }, blob)).toEqual({
        outcome: 'uploaded',
        bytes: LAYER_BYTES
      });
      process.stdout.write(`200 MB layer pushed through a 60 s commit in ${(Date.now() - started) / 1000} s\n`);
      expect(proxy.requests.filter(isCommit).map(({ status }) => status)).toEqual([201]);
      const stored = await fetch(`http://127.0.0.1:${registry.port}/v2/big/layer/blobs/${digest}`, { method: 'HEAD' });
      expect(stored.status).toBe(200);
      expect(stored.headers.get('content-length')).toBe(String(LAYER_BYTES));
    } finally {
      await proxy.close();
    }
  });
});
