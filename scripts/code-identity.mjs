// Run by `npm run build` after ncc: records the bundle's identity (the hash the audit binds shared
// scans to, computed as codeIdentity() in src/checks/audit/shared-store.ts computes it) and each
// bundle file's size in <dir>/code-identity.json, so the audit reads 64 characters at start-up
// instead of hashing the whole ~6.5 MB bundle. Usage: node scripts/code-identity.mjs dist
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const dir = process.argv[2] ?? 'dist';
const bundle = readdirSync(dir)
  .filter((file) => file.endsWith('.js'))
  .sort();
if (bundle.length === 0) throw new Error(`no .js files in ${dir}`);
const hash = createHash('sha256');
const sizes = {};
for (const name of bundle) {
  const content = readFileSync(path.join(dir, name));
  hash.update(name).update('\0').update(content);
  sizes[name] = content.length;
}
const record = { identity: hash.digest('hex'), sizes };
writeFileSync(path.join(dir, 'code-identity.json'), `${JSON.stringify(record, null, 2)}\n`);
