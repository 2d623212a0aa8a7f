// Docker config directories for the tests of the job's own config and of the logins copied into it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A fresh, empty directory under the system's temp directory (removeTemps removes it). */
export function temp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mab-config-'));
  made.push(dir);
  return dir;
}

/** Removes every directory temp() made: for a test file's afterAll. */
export function removeTemps(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A user's ~/.docker with a login, a credential store, helpers, a current context and a buildx plugin. */
export function userConfig(): string {
  const dir = temp();
  mkdirSync(path.join(dir, 'cli-plugins'));
  writeFileSync(path.join(dir, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\n');
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      auths: { 'private.example.com': { auth: 'dTpw' } },
      credsStore: 'desktop',
      credHelpers: { 'ghcr.io': 'gh', '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
      currentContext: 'remote',
      proxies: { default: { httpProxy: 'http://proxy:3128' } }
    })
  );
  return dir;
}
