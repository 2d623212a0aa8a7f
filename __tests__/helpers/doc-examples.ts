// The YAML examples of a guide in docs/: each step of this action's `with:` block, under the heading
// above it, so that tests run or plan exactly what a user copies.
import { parse } from 'yaml';

export interface DocExample {
  heading: string;
  inputs: Record<string, string>;
}

/** The `with:` of every step of this action in a guide's YAML examples, under the heading above it. */
export function actionExamples(guide: string): DocExample[] {
  const found: DocExample[] = [];
  let heading = '';
  for (const part of guide.split(/^```/m).map((text, index) => ({ text, index }))) {
    if (part.index % 2 === 0) {
      heading = [...part.text.matchAll(/^#+ (.+)$/gm)].pop()?.[1] ?? heading;
      continue;
    }
    if (!part.text.startsWith('yaml\n')) continue;
    const document = parse(part.text.slice('yaml\n'.length)) as unknown;
    const steps = (Array.isArray(document) ? document : ((document as { steps?: unknown[] }).steps ?? [])) as {
      uses?: string;
      with?: Record<string, unknown>;
    }[];
    for (const step of steps)
      if (step.uses?.startsWith('acme/multiarch-build-push@'))
        found.push({
          heading,
          inputs: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]))
        });
  }
  return found;
}
