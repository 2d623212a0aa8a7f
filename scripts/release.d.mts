export const WORKFLOW: string;
export function pinOwnAction(workflow: string, commit: string, version: string): string;
export function releaseProblem(cwd: string, version: string, build: (dir: string) => void): string | undefined;
export function release(
  cwd: string,
  version: string,
  build?: (dir: string) => void
): { actionCommit: string; tagged: string; major: string };
