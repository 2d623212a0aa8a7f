#!/usr/bin/env node
// Validates action.yml and every workflow (examples included) against the Actions schemas.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { validateAction, validateWorkflow } = require('@action-validator/core');

function workflowFiles(dir) {
  let files = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) files = files.concat(workflowFiles(full));
    else if (/\.ya?ml$/.test(entry)) files.push(full);
  }
  return files;
}

// The validator's schema (0.6.0) predates node24 and rejects it; validate everything else of
// action.yml with node20 in its place, and check the runtime and our own conventions here.
function validateOurAction(src) {
  const errors = [...validateAction(src.replace(/^(\s*using:\s*)node24\s*$/m, '$1node20')).errors];
  const require = (ok, title) => ok || errors.push({ title });
  require(/^\s*using:\s*node24\s*$/m.test(src), 'runs.using must be node24');
  require(/^\s*main:\s*dist\/index\.js\s*$/m.test(src) &&
    /^\s*post:\s*dist\/index\.js\s*$/m.test(src), 'runs.main and runs.post must be dist/index.js');
  require(!/post-if:/.test(src), 'no post-if: the post step must run even when main failed');
  const inputs = src.split(/^outputs:/m)[0].split(/^inputs:/m)[1] ?? '';
  for (const block of inputs.split(/^ {2}(?=[a-z])/m).slice(1)) {
    const name = block.split(':')[0];
    require(/\n {4}description:/.test(block), `input ${name} has no description`);
    require(/\n {4}default:/.test(block), `input ${name} has no default`);
  }
  return { errors };
}

const checks = [
  ['action.yml', validateOurAction],
  ...workflowFiles('.github/workflows').map((file) => [file, validateWorkflow])
];
let failed = 0;
for (const [file, validate] of checks) {
  const { errors } = validate(readFileSync(file, 'utf8'));
  if (errors.length === 0) continue;
  failed += 1;
  console.error(`${file}:`);
  for (const error of errors)
    console.error(
      `  ${error.title}${'path' in error && error.path ? ` at ${error.path}` : ''}${error.detail ? `: ${error.detail}` : ''}`
    );
}
console.log(
  `validated ${checks.length} files (action.yml and workflows): ${failed === 0 ? 'all valid' : `${failed} invalid`}`
);
process.exitCode = failed === 0 ? 0 : 1;
