// Replays one of docker/metadata-action's own test cases (extracted into
// __fixtures__/metadata-action/ by scripts/extract-metadata-cases.mjs) through this action's tag
// planning, and says where the result differs from what metadata-action's tables expect.
import { targetTexts } from '../../src/model/references.js';
import { readFileSync } from 'node:fs';
import { runnerReader } from '../../__fixtures__/inputs.js';
import { buildMetadata } from '../../src/planning/build-plan.js';
import { gitEventFrom, withRepository, type EventPayload } from '../../src/planning/git-context.js';
import { parseInputs } from '../../src/planning/parse-inputs.js';
import { metadataOutputs } from '../../src/planning/tag-rules/metadata-outputs.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../__fixtures__/metadata-action/${name}`, import.meta.url), 'utf8')) as T;

export interface ReplayCase {
  suite: string;
  name: string;
  envFile: string;
  env?: Record<string, string>;
  inputs: Record<string, string | string[]>;
  jsonLevels?: string[];
  expected: Record<string, unknown>;
}

interface FixtureEvent {
  GITHUB_EVENT_NAME: string;
  GITHUB_REF: string;
  GITHUB_SHA: string;
  GITHUB_REPOSITORY: string;
  GITHUB_SERVER_URL: string;
  payload: EventPayload;
}

export const replayCases = fixture<ReplayCase[]>('cases.json');
const events = fixture<Record<string, FixtureEvent>>('events.json');
/** What the GitHub API gave metadata-action's tables for the repository. */
const repo = fixture<{ name: string; html_url: string; description: string; license: { spdx_id: string } }>(
  'repo.json'
);
/** The tables' clock: every date, the commit's included, is this instant (moment is mocked there). */
const CLOCK = new Date(fixture<{ clock: string }>('source.json').clock);

/** What the action gives for a case, in the shapes metadata-action's tables check. */
export interface Replayed {
  version?: string;
  tags?: string[];
  labels?: string[];
  annotations?: string[];
  json?: unknown;
  sepTags?: string;
  error?: string;
}

const list = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? value.join('\n') : (value ?? '');

function run(testCase: ReplayCase): Replayed {
  const fixtureEvent = events[testCase.envFile];
  if (!fixtureEvent) throw new Error(`${testCase.name}: no event ${testCase.envFile}`);
  // metadata-action runs its main with DOCKER_METADATA_ANNOTATIONS_LEVELS as getJSON's levels.
  const env = {
    ...testCase.env,
    ...(testCase.jsonLevels ? { DOCKER_METADATA_ANNOTATIONS_LEVELS: testCase.jsonLevels.join(',') } : {})
  };
  const { inputs } = testCase;
  const parsed = parseInputs(
    runnerReader({
      image: list(inputs['images']),
      tags: list(inputs['tags']),
      flavor: list(inputs['flavor']),
      labels: list(inputs['labels']),
      annotations: list(inputs['annotations']),
      'sep-tags': list(inputs['sepTags'])
    }),
    env
  );
  // DOCKER_METADATA_* are parsed once, with the inputs, as the step does.
  const { prHeadSha, shortShaLength } = parsed;
  const workflowEvent = gitEventFrom(
    {
      eventName: fixtureEvent.GITHUB_EVENT_NAME,
      ref: fixtureEvent.GITHUB_REF,
      sha: fixtureEvent.GITHUB_SHA,
      serverUrl: fixtureEvent.GITHUB_SERVER_URL || 'https://github.com',
      repository: fixtureEvent.GITHUB_REPOSITORY,
      // The tables' clock stands for the commit's time too.
      payload: { ...fixtureEvent.payload, commits: undefined, head_commit: undefined },
      prHeadSha,
      ...(shortShaLength === undefined ? {} : { shortShaLength })
    },
    CLOCK
  );
  const event = withRepository(workflowEvent, {
    name: repo.name,
    htmlUrl: repo.html_url,
    description: repo.description,
    license: repo.license.spdx_id
  });
  const metadata = buildMetadata(parsed, event);
  const outputs = metadataOutputs(
    { references: metadata.plan.targets, labels: metadata.labels, annotations: metadata.annotations },
    parsed.outputSeparators
  );
  const withoutLevel = (line: string) => line.replace(/^[a-z-]+(\[[^\]]*\])?:/, '');
  return {
    version: metadata.plan.version,
    tags: targetTexts(metadata.plan.targets),
    labels: outputs.labels.split('\n'),
    // getAnnotations() is level-free: the generated and the user's annotations, once each.
    annotations: [...new Set(metadata.annotations.map(({ key, value }) => `${withoutLevel(key)}=${value}`))].sort(),
    json: JSON.parse(outputs.json) as unknown,
    sepTags: outputs.tags
  };
}

/** The action's result for the case (or the error it stopped with). */
export function replay(testCase: ReplayCase): Replayed {
  try {
    return run(testCase);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The parts of the case where the action differs from metadata-action's expectation. */
export function differences(testCase: ReplayCase, actual: Replayed): string[] {
  const { expected } = testCase;
  if (actual.error !== undefined) return [`error: ${actual.error.split('\n')[0]}`];
  const found: string[] = [];
  const check = (aspect: string, want: unknown, got: unknown) => {
    if (want !== undefined && JSON.stringify(want) !== JSON.stringify(got))
      found.push(`${aspect}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  };
  const version = expected['exVersion'] as { main?: string } | undefined;
  if (version) check('version', version.main ?? '', actual.version);
  check('tags', expected['exTags'], actual.tags);
  const labels = expected['exLabels'] ?? expected['exLabelsAnnotations'];
  check('labels', labels, actual.labels);
  check('annotations', expected['exAnnotations'] ?? labels, actual.annotations);
  check('json', expected['exJSON'], actual.json);
  check('sep-tags', expected['expTags'], actual.sepTags);
  for (const key of ['exBakeTags', 'exBakeLabels', 'exBakeAnnotations', 'exBakeDefinition'])
    if (key in expected) found.push('bake file');
  return [...new Set(found)];
}
