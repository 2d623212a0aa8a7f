import { Readable } from 'node:stream';
import { compareReadBack, verifyCheck } from '../../../src/checks/verify.js';
import type { CheckSubject } from '../../../src/checks/image-check.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import type { RemoteIndex } from '../../../src/registry/oci-reads.js';

const digestA = `sha256:${'a'.repeat(64)}`;
const digestB = `sha256:${'b'.repeat(64)}`;
const entry = (platform: string) => {
  const [os = '', architecture = '', variant] = platform.split('/');
  return {
    digest: `sha256:${platform.length.toString().repeat(64).slice(0, 64)}`,
    platform: variant ? { os, architecture, variant } : { os, architecture }
  };
};
const attestation = {
  digest: digestB,
  platform: { os: 'unknown', architecture: 'unknown' },
  annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
};
const index = (digest: string, platforms: string[], withAttestation = true): RemoteIndex => ({
  digest,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [...platforms.map(entry), ...(withAttestation ? [attestation] : [])],
  annotations: {}
});
const wanted = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'].map((platform) => parsePlatform(platform));

describe('compareReadBack', () => {
  it.each([
    [
      'every tag matches, attestations not counted',
      [
        ['r:1', index(digestA, ['linux/amd64', 'linux/arm64', 'linux/arm/v7'])],
        ['r:latest', index(digestA, ['linux/arm/v7', 'linux/amd64', 'linux/arm64'], false)]
      ],
      digestA,
      []
    ],
    ['a missing tag', [['r:1', undefined]], digestA, ['r:1: the registry does not have it']],
    [
      'a platform missing',
      [['r:1', index(digestA, ['linux/amd64', 'linux/arm64'])]],
      digestA,
      ['r:1: platforms linux/amd64, linux/arm64, expected linux/amd64, linux/arm/v7, linux/arm64']
    ],
    [
      'an extra platform',
      [['r:1', index(digestA, ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x'])]],
      digestA,
      [
        'r:1: platforms linux/amd64, linux/arm/v7, linux/arm64, linux/s390x, expected linux/amd64, linux/arm/v7, linux/arm64'
      ]
    ],
    [
      'a platform listed twice',
      [['r:1', index(digestA, ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/amd64'])]],
      digestA,
      [
        'r:1: platforms linux/amd64, linux/amd64, linux/arm/v7, linux/arm64, expected linux/amd64, linux/arm/v7, linux/arm64 (listed more than once: linux/amd64)'
      ]
    ],
    [
      'a digest other than the output',
      [['r:1', index(digestB, ['linux/amd64', 'linux/arm64', 'linux/arm/v7'])]],
      digestA,
      [`r:1: digest ${digestB}, expected ${digestA} (the digest output)`]
    ],
    [
      'tags that disagree',
      [
        ['r:1', index(digestA, ['linux/amd64', 'linux/arm64', 'linux/arm/v7'])],
        ['r:2', index(digestB, ['linux/amd64', 'linux/arm64', 'linux/arm/v7'])]
      ],
      '',
      [`the tags point to 2 different digests: r:1 → ${digestA}, r:2 → ${digestB}`]
    ]
  ] as [string, [string, RemoteIndex | undefined][], string, string[]][])(
    '%s',
    (_name, readBack, expectedDigest, problems) => {
      expect(
        compareReadBack(
          readBack.map(([reference, served]) => ({ reference, index: served })),
          wanted,
          expectedDigest
        )
      ).toEqual(problems);
    }
  );
});

describe('verifyCheck on the runner (nothing pushed)', () => {
  const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: 'arm', variant: 'v7' }));
  const configDigest = `sha256:${'c'.repeat(64)}`;
  // The image on the runner: only the single-platform image's config is ever read.
  const onRunner = {
    getManifest: () => Promise.resolve(undefined),
    getBlob: (_repository: string, digest: string) =>
      digest === configDigest
        ? Promise.resolve(Readable.from([config]))
        : Promise.reject(new Error(`no blob ${digest}`))
  };
  const subject = (top: CheckSubject['top']): CheckSubject =>
    ({ pushed: false, onRunner, top, platforms: wanted }) as unknown as CheckSubject;
  const failedLocally = (difference: string): string =>
    `verification: Verification of the local index failed:\n- ${difference}\nHint: a platform the build was asked for is missing from what it made, or one was added: check the platforms input and the Dockerfile.`;
  const local = (platforms: string[]): CheckSubject['top'] => {
    const { digest, mediaType, manifests } = index(digestA, platforms);
    return { digest, mediaType, json: { mediaType, manifests } };
  };

  it.each([
    ['the platforms asked for, attestations not counted', local(['linux/arm/v7', 'linux/amd64', 'linux/arm64']), []],
    [
      'a platform listed twice',
      local(['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm64']),
      [
        failedLocally(
          `${digestA}: platforms linux/amd64, linux/arm/v7, linux/arm64, linux/arm64, expected linux/amd64, linux/arm/v7, linux/arm64 (listed more than once: linux/arm64)`
        )
      ]
    ],
    [
      'a platform missing',
      local(['linux/amd64', 'linux/arm64']),
      [failedLocally(`${digestA}: platforms linux/amd64, linux/arm64, expected linux/amd64, linux/arm/v7, linux/arm64`)]
    ],
    [
      'one platform, read from its config',
      {
        digest: digestB,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        json: { config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: 1 } }
      },
      [failedLocally(`${digestB}: platforms linux/arm/v7, expected linux/amd64, linux/arm/v7, linux/arm64`)]
    ]
  ] as [string, CheckSubject['top'], string[]][])('%s', async (_name, top, failures) => {
    await expect(verifyCheck.run(subject(top))).resolves.toEqual({ failures });
  });
});
