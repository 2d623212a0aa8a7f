// Pure translation of inputs into docker command lines. No I/O here: table-tested.
import type { Inputs } from '../planning/inputs.js';
import type { KeyValue } from '../planning/lists.js';
import { formatPlatform, type Platform } from '../planning/platforms.js';

export interface BuilderRef {
  name: string;
  driver: Inputs['driver'];
  /** For the docker driver: the job's docker context that makes the daemon's BuildKit a named builder. */
  dockerContext?: string;
}

/**
 * The leading arguments that address the job's builder. The docker driver's builder is a context,
 * and buildx refuses --builder for it ("use docker --context=NAME buildx").
 */
export function buildxPrefix(builder: BuilderRef): string[] {
  return builder.dockerContext ? ['--context', builder.dockerContext, 'buildx'] : ['buildx'];
}

export function builderFlag(builder: BuilderRef): string[] {
  return builder.dockerContext ? [] : ['--builder', builder.name];
}

/** One CSV field for buildx's --output/--secret parser: quoted when it holds a comma or a quote. */
export function csvField(field: string): string {
  return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export interface BuildPlan {
  platforms: readonly Platform[];
  /** Full references to tag (and push when push is on). */
  tags: readonly string[];
  labels: readonly KeyValue[];
  annotations: readonly KeyValue[];
  push: boolean;
  /** Push by digest only, untagged, into this repository (a per-platform matrix job on docker-container). */
  digestRepository?: string;
  metadataFile: string;
}

/** Environment variable that carries the value of the n-th BuildKit secret, so no secret is on argv. */
export function secretEnvName(index: number): string {
  return `MAB_BUILD_SECRET_${index}`;
}

export function buildArgs(inputs: Inputs, builder: BuilderRef, plan: BuildPlan): string[] {
  const args = [...buildxPrefix(builder), 'build', ...builderFlag(builder)];
  const repeated = (flag: string, values: readonly string[]): void => {
    for (const value of values) args.push(flag, value);
  };
  args.push('--platform', plan.platforms.map(formatPlatform).join(','));
  if (inputs.file) args.push('--file', inputs.file);
  repeated('--tag', plan.tags);
  repeated(
    '--build-arg',
    inputs.buildArgs.map(({ key, value }) => `${key}=${value}`)
  );
  repeated(
    '--label',
    plan.labels.map(({ key, value }) => `${key}=${value}`)
  );
  repeated(
    '--annotation',
    plan.annotations.map(({ key, value }) => `${key}=${value}`)
  );
  repeated(
    '--secret',
    inputs.secrets.map(({ key }, index) => `id=${key},env=${secretEnvName(index)}`)
  );
  if (inputs.target) args.push('--target', inputs.target);
  if (inputs.network) args.push('--network', inputs.network);
  repeated('--cache-from', inputs.cacheFrom);
  repeated('--cache-to', inputs.cacheTo);
  if (inputs.provenance) args.push(`--provenance=${inputs.provenance}`);
  if (inputs.noCache) args.push('--no-cache');
  if (inputs.pull) args.push('--pull');
  args.push('--metadata-file', plan.metadataFile);
  // --push would make the docker driver push a second time through the daemon; one image exporter push is enough.
  if (plan.push && plan.digestRepository) {
    args.push(
      '--output',
      [
        'type=image',
        csvField(`name=${plan.digestRepository}`),
        'push-by-digest=true',
        'name-canonical=true',
        'push=true'
      ].join(',')
    );
  } else if (plan.push) {
    args.push('--output', ['type=image', csvField(`name=${plan.tags.join(',')}`), 'push=true'].join(','));
  }
  if (inputs.load) args.push('--load');
  args.push(inputs.context);
  return args;
}
