// A registry serving manifests and blobs over loopback HTTP, counting blob reads, with gzip layers
// of fake ELF files (from layers.ts): for the audit's unit tests. The registry client's own tests
// use fake-registry.ts, which speaks more of the protocol.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSession } from '../../src/registry/session.js';
import type { RegistryReader } from '../../src/registry/oci-reads.js';
import { EM } from './layers.js';

export const sha256 = (content: Buffer | string): string =>
  `sha256:${createHash('sha256').update(content).digest('hex')}`;

// --- layers (the tar writer and ELF headers are layers.ts's) ---------------------------------

export { elf, layer } from './layers.js';
export const X86_64 = EM.x86_64;
export const AARCH64 = EM.aarch64;

// --- a registry serving manifests and blobs, counting blob reads ------------------------------

export class FakeRegistry {
  readonly server: Server;
  port = 0;
  readonly blobReads: string[] = [];
  private readonly manifests = new Map<string, { body: Buffer; contentType: string }>();
  private readonly blobs = new Map<string, Buffer>();

  constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Makes the registry answer 404 for a blob, as a store that lost it would. */
  dropBlob(digest: string): void {
    this.blobs.delete(digest);
  }

  reads(digest: string): number {
    return this.blobReads.filter((read) => read === digest).length;
  }

  addBlob(content: Buffer): { mediaType: string; digest: string; size: number } {
    const digest = sha256(content);
    this.blobs.set(digest, content);
    return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: content.length };
  }

  addManifest(
    repository: string,
    reference: string,
    json: unknown,
    contentType: string
  ): { digest: string; size: number } {
    const body = Buffer.from(JSON.stringify(json));
    this.manifests.set(`${repository}/${reference}`, { body, contentType });
    this.manifests.set(`${repository}/${sha256(body)}`, { body, contentType });
    return { digest: sha256(body), size: body.length };
  }

  /** An index of image manifests, one per platform, each listing its layers; returns the tag's reference. */
  addImage(repository: string, images: Record<string, Buffer[]>): string {
    const config = this.addBlob(Buffer.from('{}'));
    const manifests = Object.entries(images).map(([platform, layers]) => {
      const image = this.addManifest(
        repository,
        `${platform}-image`,
        {
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { ...config, mediaType: 'application/vnd.oci.image.config.v1+json' },
          layers: layers.map((content) => this.addBlob(content))
        },
        'application/vnd.oci.image.manifest.v1+json'
      );
      const [os = '', architecture = '', variant] = platform.split('/');
      const described = { os, architecture, ...(variant ? { variant } : {}) };
      return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...image, platform: described };
    });
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
    this.addManifest(repository, '1', index, 'application/vnd.oci.image.index.v1+json');
    return `127.0.0.1:${this.port}/${repository}:1`;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
    if (!match) return void response.writeHead(404).end();
    const [, repository = '', kind, reference = ''] = match;
    if (kind === 'manifests') {
      const stored = this.manifests.get(`${repository}/${reference}`);
      if (!stored) return void response.writeHead(404).end();
      return void response
        .writeHead(200, { 'Content-Type': stored.contentType, 'Docker-Content-Digest': sha256(stored.body) })
        .end(stored.body);
    }
    this.blobReads.push(reference);
    const blob = this.blobs.get(reference);
    if (!blob) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(blob);
  }
}

/** The audit's registry readers, as the action hands them over: one session, with the logins of a Docker config. */
export function sessionReaders(dockerConfigDir?: string): (registry: string) => RegistryReader {
  const session = createSession(dockerConfigDir ? { dockerConfigDir } : {});
  return (registry) => session.registry(registry);
}
