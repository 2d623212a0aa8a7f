// Which Dockerfile line a step of buildx's progress is: its RUN text, as buildx shows it with the
// variables expanded, matched against the Dockerfile's own text. Pure; table-tested.
import { DockerfileParser } from 'dockerfile-ast';

export interface InstructionLine {
  /** 1-based line of the instruction's first line. */
  line: number;
  keyword: string;
  pattern: RegExp;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The instruction's text as a pattern: whitespace runs as one space, every $VAR or ${VAR…} as anything. */
function patternOf(text: string): RegExp {
  const parts = squeeze(text).split(/(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/);
  const source = parts.map((part, index) => (index % 2 === 1 ? '.*?' : escapeRegExp(part))).join('');
  return new RegExp(`^${source}$`, 's');
}

/** Every RUN, COPY and ADD of a Dockerfile, with its line; [] when the text does not parse. */
export function instructionLines(dockerfile: string): InstructionLine[] {
  try {
    return DockerfileParser.parse(dockerfile)
      .getInstructions()
      .filter((instruction) => /^(?:RUN|COPY|ADD)$/i.test(instruction.getKeyword()))
      .map((instruction) => ({
        line: instruction.getRange().start.line + 1,
        keyword: instruction.getKeyword().toUpperCase(),
        // The whole text after the keyword, flags (--mount, --from) included, as buildx shows it.
        pattern: patternOf(
          instruction
            .getTextContent()
            .replace(/\\\r?\n/g, ' ')
            .replace(/^\s*\S+\s*/, '')
        )
      }));
  } catch {
    return [];
  }
}

/** The line of the first instruction whose text buildx's step shows; undefined when none matches. */
export function lineOf(lines: readonly InstructionLine[], instruction: string, command: string): number | undefined {
  const shown = squeeze(command);
  return lines.find((entry) => entry.keyword === instruction && entry.pattern.test(shown))?.line;
}
