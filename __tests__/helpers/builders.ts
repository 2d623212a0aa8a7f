// buildx as the builder tests see it through the exec seam: `buildx inspect` reporting the nodes, a
// command that fails, and the job's and the user's Docker config directories.
import { mkdtempSync } from 'node:fs';
import * as path from 'node:path';
import * as execFixture from '../../__fixtures__/exec.js';

export interface InspectedNode {
  name: string;
  endpoint: string;
  platforms: string;
}

/** `docker buildx inspect`'s output for a builder of these nodes. */
export const inspectOutput = (nodes: InspectedNode[]): string =>
  `Name: b\nDriver: docker-container\n\nNodes:\n${nodes
    .map((node) => `Name: ${node.name}\nEndpoint: ${node.endpoint}\nStatus: running\nPlatforms: ${node.platforms}\n`)
    .join('\n')}`;

/** Answers like buildx: inspect reports the nodes; `fail` makes one command fail with stderr. */
export function buildx(nodes: InspectedNode[], fail?: { when: string; stderr: string }): void {
  execFixture.run.mockImplementation((command, args) => {
    const line = [command, ...args].join(' ');
    if (fail && line.includes(fail.when))
      return Promise.reject(new execFixture.CommandError(line, { exitCode: 1, stdout: '', stderr: fail.stderr }));
    return Promise.resolve(execFixture.ok(args.includes('inspect') ? inspectOutput(nodes) : ''));
  });
}

/** A `nodes:` input with one arm64 node over ssh. */
export const nodesYaml = '- name: arm\n  endpoint: ssh://ci@arm64-host\n  platforms: linux/arm64\n';

/** A fresh job Docker config and user Docker config under `root`. */
export function configDirs(root: string): { userDir: string; dir: string } {
  const dir = mkdtempSync(path.join(root, 'job-'));
  return { userDir: mkdtempSync(path.join(root, 'user-')), dir };
}
