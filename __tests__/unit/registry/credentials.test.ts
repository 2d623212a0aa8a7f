import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { credentialsFor } from '../../../src/registry/credentials.js';

describe('credentialsFor', () => {
  const configDir = (auths: Record<string, unknown>): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mab-creds-'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths }));
    return dir;
  };
  const auth = (user: string, password: string): { auth: string } => ({
    auth: Buffer.from(`${user}:${password}`).toString('base64')
  });

  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/v2/', 'ghcr.io'],
    ['127.0.0.1:5001', '127.0.0.1:5001'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['docker.io', 'docker.io']
  ])('finds the login stored under %s for %s', (key, registry) => {
    expect(credentialsFor(registry, configDir({ [key]: auth('bob', 'secret') }))).toEqual({
      username: 'bob',
      password: 'secret'
    });
  });

  it('keeps colons in the password and reads username/password fields too', () => {
    const dir = configDir({ 'a.example': auth('bob', 'x:y:z'), 'b.example': { username: 'carol', password: 'pw' } });
    expect(credentialsFor('a.example', dir)).toEqual({ username: 'bob', password: 'x:y:z' });
    expect(credentialsFor('b.example', dir)).toEqual({ username: 'carol', password: 'pw' });
  });

  it('returns undefined for another registry, another port, or no config at all', () => {
    const dir = configDir({ '127.0.0.1:5001': auth('bob', 'secret') });
    expect(credentialsFor('127.0.0.1:5002', dir)).toBeUndefined();
    expect(credentialsFor('ghcr.io', dir)).toBeUndefined();
    expect(credentialsFor('ghcr.io', mkdtempSync(path.join(tmpdir(), 'mab-empty-')))).toBeUndefined();
  });
});
