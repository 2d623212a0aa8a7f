// OciLayout: the layout buildx exported, read by digest and never outside itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OciLayout } from '../../../src/registry/oci-layout.js';
import { writeLayout, type WrittenLayout } from '../../helpers/oci-layouts.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-oci-layout-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A two-platform image as buildx exports it. */
const written = (): WrittenLayout =>
  writeLayout(mkdtempSync(path.join(root, 'layout-')), [
    { architecture: 'amd64', layers: ['amd64 layer one', 'amd64 layer two'] },
    { architecture: 'arm64', layers: ['arm64 layer'] }
  ]);

describe('OciLayout', () => {
  it('refuses a digest that would name a path outside the layout', async () => {
    const layout = OciLayout.open(written().dir);
    for (const digest of ['sha256:../../../etc/passwd', `sha256:${'A'.repeat(64)}`, `md5:${'a'.repeat(32)}`])
      expect(() => layout.blobPath(digest)).toThrow(`'${digest}' is not a digest`);
    await expect(layout.getManifest('', 'sha256:../index.json')).rejects.toThrow('is not a digest');
  });

  it('refuses a manifest whose bytes are not its digest', async () => {
    const { dir, images } = written();
    const image = images[0] as string;
    writeFileSync(path.join(dir, 'blobs', 'sha256', image.slice(7)), '{"tampered":true}');
    await expect(OciLayout.open(dir).getManifest('', image)).rejects.toThrow('does not match digest');
  });

  it('says plainly when buildx left no layout', () => {
    expect(() => OciLayout.open(path.join(root, 'nothing-here'))).toThrow('buildx wrote no readable OCI layout');
  });

  describe('openImage: the image an export named, before index.json names it', () => {
    it.each<[string, (layout: WrittenLayout) => string, string | undefined]>([
      [
        'the index the export named, whatever index.json says',
        ({ dir, digest }) => {
          writeFileSync(path.join(dir, 'index.json'), '{"manifests":[]}');
          return digest;
        },
        undefined
      ],
      ['an image manifest', ({ images }) => images[0] as string, undefined],
      ['a digest the layout lacks', () => `sha256:${'0'.repeat(64)}`, 'lacks its image'],
      [
        'bytes that are not the digest',
        ({ dir, digest }) => {
          writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), '{"tampered":true}');
          return digest;
        },
        'does not match digest'
      ],
      ['a digest that would name a path outside the layout', () => 'sha256:../../index.json', 'is not a digest']
    ])('%s', (_, pick, refused) => {
      const layout = written();
      const digest = pick(layout);
      const open = (): OciLayout => OciLayout.openImage(layout.dir, digest);
      if (refused) return expect(open).toThrow(refused);
      const opened = open();
      expect(opened.top.digest).toBe(digest);
      expect(opened.topManifest().digest).toBe(digest);
      expect(opened.top.mediaType).toMatch(/^application\/vnd\.oci\.image\.(index|manifest)\.v1\+json$/);
    });
  });
});
