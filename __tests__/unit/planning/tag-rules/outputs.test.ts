import { metadataOutputs } from '../../../../src/planning/tag-rules/outputs.js';

describe('metadataOutputs', () => {
  it("shapes json, tag-names and annotations as metadata-action's", () => {
    const outputs = metadataOutputs({
      references: ['ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/app:latest', 'acme/app:1.2.3', 'localhost:5000/app'],
      labels: [
        { key: 'org.opencontainers.image.version', value: '1.2.3' },
        { key: 'maintainer', value: 'a=b' }
      ],
      annotations: [
        { key: 'index:org.opencontainers.image.version', value: '1.2.3' },
        { key: 'manifest[linux/amd64]:note', value: 'x' },
        { key: 'org.opencontainers.image.title', value: 'app' }
      ]
    });
    expect(JSON.parse(outputs.json)).toEqual({
      tags: ['ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/app:latest', 'acme/app:1.2.3', 'localhost:5000/app'],
      labels: { 'org.opencontainers.image.version': '1.2.3', maintainer: 'a=b' },
      annotations: [
        'index:org.opencontainers.image.version=1.2.3',
        'manifest[linux/amd64]:note=x',
        'manifest:org.opencontainers.image.title=app'
      ]
    });
    expect(outputs.tagNames).toBe('1.2.3\nlatest');
    expect(outputs.annotations).toBe(
      'index:org.opencontainers.image.version=1.2.3\nmanifest[linux/amd64]:note=x\nmanifest:org.opencontainers.image.title=app'
    );
  });

  it('is empty-shaped for nothing', () => {
    expect(metadataOutputs({ references: [], labels: [], annotations: [] })).toEqual({
      json: '{"tags":[],"labels":{},"annotations":[]}',
      tagNames: '',
      annotations: ''
    });
  });
});
