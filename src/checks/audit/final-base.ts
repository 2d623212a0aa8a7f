// The image the built stage starts from: its layers begin with that image's, which the audit skips.
import { DockerfileParser, type From } from 'dockerfile-ast';
import { findBaseImages, type BaseImage } from '../dockerfile-bases.js';
import type { DockerfileSource } from '../../model/plan.js';

/** Index of the stage a FROM names (by AS name or number) among the earlier stages, or -1. */
function earlierStage(froms: From[], index: number): number {
  const raw = (froms[index]?.getArguments()[0]?.getValue() ?? '').toLowerCase();
  if (/^\d+$/.test(raw) && Number(raw) < index) return Number(raw);
  return froms.slice(0, index).findIndex((from) => (from.getBuildStage() ?? '').toLowerCase() === raw);
}

/**
 * Pure: the external image the built stage (`target`, else the last) rests on, following stages
 * built on earlier stages; undefined for scratch, an unknown target, or a name known only at build time.
 */
export function finalStageBase(
  dockerfile: string,
  buildArgs: { key: string; value: string }[],
  target = ''
): BaseImage | undefined {
  const froms = DockerfileParser.parse(dockerfile).getFROMs();
  let index = target
    ? froms.findIndex((from) => (from.getBuildStage() ?? '').toLowerCase() === target.toLowerCase())
    : froms.length - 1;
  for (let earlier = index >= 0 ? earlierStage(froms, index) : -1; earlier >= 0; earlier = earlierStage(froms, index))
    index = earlier;
  const from = froms[index];
  const first = froms[0];
  if (!from || !first) return undefined;
  // The global ARGs before the first FROM, then that one FROM: what findBaseImages resolves it with.
  const lines = dockerfile.split('\n');
  const prelude = lines.slice(0, first.getRange().start.line);
  const instruction = lines.slice(from.getRange().start.line, from.getRange().end.line + 1);
  const bases = findBaseImages([...prelude, ...instruction].join('\n'), buildArgs);
  const [base] = bases;
  return bases.length === 1 && base && !base.unresolved ? base : undefined;
}

/** The audit's baseImage option for a build: empty for remote contexts or a Dockerfile it could not read or parse. */
export function finalStageBaseOption(source: DockerfileSource | undefined): { baseImage?: string } {
  if (source?.text === undefined) return {};
  try {
    const base = finalStageBase(source.text, source.buildArgs, source.target);
    return base ? { baseImage: base.reference } : {};
  } catch {
    return {};
  }
}
