// The workflow commands the Actions runner would act on in a step's stdout, read by its rules
// (actions/runner's ActionCommand and ActionCommandManager): `::name args::data` at the start of a
// line after leading blanks, or the older `##[name args]data` anywhere in a line; after
// `::stop-commands::TOKEN` nothing is acted on until `::TOKEN::`.

export interface WorkflowCommand {
  command: string;
  data: string;
}

function parse(line: string): WorkflowCommand | undefined {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end > 2) {
      const info = trimmed.slice(2, end);
      return { command: info.split(' ')[0] ?? '', data: trimmed.slice(end + 2) };
    }
  }
  const prefix = line.indexOf('##[');
  const close = prefix >= 0 ? line.indexOf(']', prefix) : -1;
  if (prefix >= 0 && close > prefix) {
    const info = line.slice(prefix + 3, close);
    return { command: info.split(' ')[0] ?? '', data: line.slice(close + 1) };
  }
  return undefined;
}

/** Every command the runner would act on, in order (the stop and resume markers themselves left out). */
export function actedOn(stdout: string): WorkflowCommand[] {
  const acted: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const parsed = parse(line);
    if (!parsed) continue;
    if (stopToken !== undefined) {
      if (parsed.command.toLowerCase() === stopToken.toLowerCase()) stopToken = undefined;
      continue;
    }
    if (parsed.command === 'stop-commands') {
      stopToken = parsed.data;
      continue;
    }
    acted.push(parsed);
  }
  return acted;
}
