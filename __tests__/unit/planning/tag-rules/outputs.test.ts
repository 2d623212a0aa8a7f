import { tagTargets } from '../../../helpers/tag-plans.js';
import { metadataOutputs } from '../../../../src/planning/tag-rules/metadata-outputs.js';

describe('metadataOutputs', () => {
  const metadata = {
    references: tagTargets([
      'ghcr.io/acme/app:1.2.3',
      'ghcr.io/acme/app:latest',
      'acme/app:1.2.3',
      'localhost:5000/app'
    ]),
    labels: [
      { key: 'org.opencontainers.image.version', value: '1.2.3' },
      { key: 'maintainer', value: 'a=b' }
    ],
    annotations: [
      { key: 'index:org.opencontainers.image.version', value: '1.2.3' },
      { key: 'manifest[linux/amd64]:note', value: 'x' },
      { key: 'org.opencontainers.image.title', value: 'app' },
      { key: 'index:org.opencontainers.image.created', value: 'now' }
    ]
  };

  it("shapes tags, labels, json, tag-names and annotations as metadata-action's", () => {
    const outputs = metadataOutputs(metadata);
    expect(JSON.parse(outputs.json)).toEqual({
      tags: ['ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/app:latest', 'acme/app:1.2.3', 'localhost:5000/app'],
      'tag-names': ['1.2.3', 'latest'],
      labels: { maintainer: 'a=b', 'org.opencontainers.image.version': '1.2.3' },
      annotations: [
        'index:org.opencontainers.image.created=now',
        'index:org.opencontainers.image.version=1.2.3',
        'manifest[linux/amd64]:note=x',
        'manifest:org.opencontainers.image.title=app'
      ]
    });
    // Labels sorted by key, as metadata-action sorts them.
    expect(outputs.labels).toBe('maintainer=a=b\norg.opencontainers.image.version=1.2.3');
    expect(outputs.tags).toBe(metadata.references.map(({ text }) => text).join('\n'));
    expect(outputs.tagNames).toBe('1.2.3\nlatest');
    expect(outputs.annotations).toBe(
      'index:org.opencontainers.image.created=now\nindex:org.opencontainers.image.version=1.2.3\nmanifest[linux/amd64]:note=x\nmanifest:org.opencontainers.image.title=app'
    );
  });

  it('joins with sep-tags, sep-labels and sep-annotations', () => {
    const outputs = metadataOutputs(metadata, { tags: ' ', labels: ',', annotations: ';' });
    expect(outputs.tags).toBe('ghcr.io/acme/app:1.2.3 ghcr.io/acme/app:latest acme/app:1.2.3 localhost:5000/app');
    expect(outputs.tagNames).toBe('1.2.3 latest');
    expect(outputs.labels).toBe('maintainer=a=b,org.opencontainers.image.version=1.2.3');
    expect(outputs.annotations.split(';')).toHaveLength(4);
    // The json output is the same whatever the separators.
    expect(outputs.json).toBe(metadataOutputs(metadata).json);
  });

  it('is empty-shaped for nothing', () => {
    expect(metadataOutputs({ references: [], labels: [], annotations: [] })).toEqual({
      tags: '',
      labels: '',
      json: '{"tags":[],"tag-names":[],"labels":{},"annotations":[]}',
      tagNames: '',
      annotations: ''
    });
  });
});
