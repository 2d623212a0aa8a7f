import type { KeyValue } from '../../../src/model/lists.js';
import type { GitEvent } from '../../../src/model/event.js';
import { describeEvent } from '../../../src/planning/event-tags.js';
import { mergeLabels, ociLabels, planAnnotations } from '../../../src/planning/oci-labels.js';
import { branchPush, CREATED, event, pullRequest, SHA, tagPush } from '../../helpers/git-events.js';

describe('ociLabels', () => {
  const label = (name: string, value: string): KeyValue => ({ key: `org.opencontainers.image.${name}`, value });

  it.each<[string, GitEvent, KeyValue[]]>([
    [
      'release',
      tagPush('v1.2.3'),
      [
        label('source', 'https://github.com/acme/pytime'),
        label('revision', SHA),
        label('version', '1.2.3'),
        label('created', CREATED),
        label('title', 'pytime'),
        label('url', 'https://github.com/acme/pytime')
      ]
    ],
    [
      'branch without repository details',
      branchPush('feature/Add_X', { repositoryUrl: undefined, repositoryName: undefined }),
      [
        label('source', ''),
        label('revision', SHA),
        label('version', 'feature-Add_X'),
        label('created', CREATED),
        label('title', ''),
        label('url', '')
      ]
    ],
    [
      'pull request',
      pullRequest(42),
      [
        label('source', 'https://github.com/acme/pytime'),
        label('revision', SHA),
        label('version', 'pr-42'),
        label('created', CREATED),
        label('title', 'pytime'),
        label('url', 'https://github.com/acme/pytime')
      ]
    ],
    [
      // metadata-action writes revision= and version= with empty values too.
      'empty values are kept, as metadata-action writes them',
      event({
        eventName: 'repository_dispatch',
        ref: '',
        sha: '',
        createdAt: '',
        repositoryName: '  ',
        repositoryUrl: ''
      }),
      ['source', 'revision', 'version', 'created', 'title', 'url'].map((name) => label(name, ''))
    ],
    [
      'description and licenses when the GitHub API gave them',
      tagPush('v1.2.3', { description: 'A clock', licenses: 'MIT' }),
      [
        label('source', 'https://github.com/acme/pytime'),
        label('revision', SHA),
        label('version', '1.2.3'),
        label('created', CREATED),
        label('title', 'pytime'),
        label('url', 'https://github.com/acme/pytime'),
        label('description', 'A clock'),
        label('licenses', 'MIT')
      ]
    ]
  ])('%s', (_name, input, expected) => {
    expect(ociLabels(input, describeEvent(input))).toEqual(expected);
  });
});

describe('mergeLabels', () => {
  const generated: KeyValue[] = [
    { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/pytime' },
    { key: 'org.opencontainers.image.version', value: '1.2.3' },
    { key: 'org.opencontainers.image.title', value: 'pytime' }
  ];

  it.each<[string, KeyValue[], KeyValue[], KeyValue[]]>([
    ['no user labels', generated, [], generated],
    ['no generated labels', [], [{ key: 'team', value: 'core' }], [{ key: 'team', value: 'core' }]],
    [
      'user wins in place, extras appended',
      generated,
      [
        { key: 'team', value: 'core' },
        { key: 'org.opencontainers.image.title', value: 'PyTime Server' }
      ],
      [
        { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/pytime' },
        { key: 'org.opencontainers.image.version', value: '1.2.3' },
        { key: 'org.opencontainers.image.title', value: 'PyTime Server' },
        { key: 'team', value: 'core' }
      ]
    ],
    [
      'user may blank a generated label',
      generated,
      [{ key: 'org.opencontainers.image.version', value: '' }],
      [
        { key: 'org.opencontainers.image.source', value: 'https://github.com/acme/pytime' },
        { key: 'org.opencontainers.image.version', value: '' },
        { key: 'org.opencontainers.image.title', value: 'pytime' }
      ]
    ],
    [
      'a later user line wins over an earlier one',
      [],
      [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' }
      ],
      [{ key: 'a', value: '2' }]
    ]
  ])('%s', (_name, gen, user, expected) => {
    expect(mergeLabels(gen, user)).toEqual(expected);
  });

  it('does not mutate its arguments', () => {
    const user = [{ key: 'org.opencontainers.image.title', value: 'x' }];
    const before = JSON.stringify([generated, user]);
    mergeLabels(generated, user);
    expect(JSON.stringify([generated, user])).toBe(before);
  });
});

describe('planAnnotations', () => {
  const generated: KeyValue[] = [{ key: 'org.opencontainers.image.version', value: '1.2.3' }];
  const user: KeyValue[] = [
    { key: 'maintainer', value: 'Foo' },
    { key: 'index:org.opencontainers.image.vendor', value: 'Acme' }
  ];

  it.each<[string, { generatedAt: string[]; userAt: string[] }, KeyValue[]]>([
    [
      "the index, by default; the user's as written (buildx puts a line without a level on the manifests)",
      { generatedAt: ['index'], userAt: [] },
      [
        { key: 'index:org.opencontainers.image.version', value: '1.2.3' },
        { key: 'maintainer', value: 'Foo' },
        { key: 'index:org.opencontainers.image.vendor', value: 'Acme' }
      ]
    ],
    ["no index: none generated, the user's as written", { generatedAt: [], userAt: [] }, user],
    [
      "DOCKER_METADATA_ANNOTATIONS_LEVELS=manifest,index: every level, the user's lines without a level too",
      { generatedAt: ['manifest', 'index'], userAt: ['manifest', 'index'] },
      [
        { key: 'manifest:org.opencontainers.image.version', value: '1.2.3' },
        { key: 'index:org.opencontainers.image.version', value: '1.2.3' },
        { key: 'manifest:maintainer', value: 'Foo' },
        { key: 'index:maintainer', value: 'Foo' },
        { key: 'index:org.opencontainers.image.vendor', value: 'Acme' }
      ]
    ]
  ])('%s', (_name, levels, expected) => {
    expect(planAnnotations(generated, user, levels)).toEqual(expected);
  });

  it.each(['index:', 'manifest:', ''])("the user's annotation at '%s' replaces the generated one", (level) => {
    expect(
      planAnnotations(generated, [{ key: `${level}org.opencontainers.image.version`, value: 'mine' }], {
        generatedAt: ['index'],
        userAt: []
      })
    ).toEqual([{ key: `${level}org.opencontainers.image.version`, value: 'mine' }]);
  });
});
