// The architecture audit alone, on an exported OCI layout, against its floor (scripts/bench-audit.mjs),
// alternated round by round in one process so both meet the same load: wall time, CPU time (user +
// system, every thread of this process: the gunzip runs on libuv's) and the main thread's busy time
// (event-loop utilisation). Each round starts with an empty scan cache. The sources are compiled with
// tsc into a temporary directory first, so what runs is this worktree's code, not dist/.
//
// Usage: node scripts/profile-audit.mjs --layout DIR [--base REF] [--registry-repo HOST/REPO] [--rounds N]
//   --layout         a layout from `docker buildx build --output type=oci,tar=false,dest=DIR …`
//   --base           the final stage's base image (its layers are skipped, as the action does)
//   --registry-repo  read every layer over 1 MB from this repository instead of from disk, as the
//                    audit reads the layout's stand-ins (checked against its digest); logs in with
//                    MAB_REGISTRY_USER / MAB_REGISTRY_PASSWORD when set
// Profile the main thread with: node --cpu-prof --cpu-prof-dir=DIR scripts/profile-audit.mjs …
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { auditedLayers, timeFloor } from './bench-audit.mjs';
import { median, ms } from './bench-table.mjs';

const { values } = parseArgs({
  options: {
    layout: { type: 'string' },
    base: { type: 'string' },
    'registry-repo': { type: 'string' },
    rounds: { type: 'string', default: '5' }
  }
});
if (!values.layout) throw new Error('--layout DIR is required (an OCI layout buildx exported)');
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${values.rounds}: expected a whole number >= 1`);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const layoutDir = path.resolve(values.layout);

/** This worktree's sources as JavaScript, in a temporary directory that resolves the worktree's node_modules. */
function compileSources() {
  const out = mkdtempSync(path.join(tmpdir(), 'profile-audit-'));
  // The worktree's packages and types, for tsc and for the compiled imports alike.
  symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
  writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
  const config = path.join(out, 'tsconfig.json');
  const compilerOptions = {
    noEmit: false,
    outDir: path.join(out, 'js'),
    rootDir: path.join(root, 'src'),
    types: ['node']
  };
  writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions,
      include: [path.join(root, 'src/**/*.ts')]
    })
  );
  const tsc = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', config], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error(`tsc could not compile ${root}/src`);
  return out;
}

const compiled = compileSources();
const js = (file) => import(path.join(compiled, 'js', file));
const { auditPushedImage } = await js('checks/audit/arch-audit.js');
const { OciLayout } = await js('registry/oci-layout.js');
const { RegistryClient } = await js('registry/client.js');
const { splitReference } = await js('registry/oci-reads.js');

const login = process.env.MAB_REGISTRY_USER
  ? { username: process.env.MAB_REGISTRY_USER, password: process.env.MAB_REGISTRY_PASSWORD ?? '' }
  : undefined;
const clients = new Map();
const registryFor = (host) => {
  if (!clients.has(host)) clients.set(host, new RegistryClient(host, login));
  return clients.get(host);
};
const remote = values['registry-repo'] ? splitReference(`${values['registry-repo']}:latest`) : undefined;
const blobSize = (digest) => statSync(path.join(layoutDir, 'blobs', ...digest.split(':'))).size;
const standIns = remote && {
  isStandIn: (digest) => blobSize(digest) > 1024 * 1024,
  fetch: (digest) => registryFor(remote.registry).getBlob(remote.repository, digest)
};
const top = JSON.parse(readFileSync(path.join(layoutDir, 'index.json'), 'utf8')).manifests[0].digest;
const layoutTop = JSON.parse(readFileSync(path.join(layoutDir, 'blobs', ...top.split(':')), 'utf8'));
const platforms = (layoutTop.manifests ?? [])
  .map((entry) => entry.platform)
  .filter((platform) => platform && platform.os !== 'unknown');

/** One audit with an empty scan cache: its wall time, CPU time and main-thread busy time. */
async function auditOnce() {
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'profile-audit-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
  const layout = OciLayout.open(layoutDir, standIns || undefined);
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  const audits = await auditPushedImage(`${remote ? `${values['registry-repo']}` : 'local-build'}@${top}`, platforms, {
    registryFor,
    imageReader: layout,
    ignore: [],
    ...(values.base ? { baseImage: values.base } : {})
  });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  rmSync(cacheHome, { recursive: true, force: true });
  const failed = audits.filter((audit) => audit.status !== 'pass' && audit.status !== 'skipped');
  if (failed.length > 0) console.log(`audit: ${failed.map((audit) => audit.message).join('; ')}`);
  return { wall, cpu: (used.user + used.system) / 1000, loop: performance.eventLoopUtilization(loop).active };
}

async function floorOnce(layers) {
  const loop = performance.eventLoopUtilization();
  const floor = await timeFloor(layers);
  return { wall: floor.ms, cpu: floor.cpuMs, loop: performance.eventLoopUtilization(loop).active };
}

const baseLayers = new Map();
if (values.base) {
  // The base image's layers per platform, as the audit skips them: from its registry, with the same login.
  const base = splitReference(values.base);
  const client = registryFor(base.registry);
  const index = await client.getManifest(base.repository, base.reference);
  for (const entry of index?.json.manifests ?? []) {
    const manifest = await client.getManifest(base.repository, entry.digest);
    const name = [entry.platform?.os, entry.platform?.architecture, entry.platform?.variant].filter(Boolean).join('/');
    baseLayers.set(
      name,
      (manifest?.json.layers ?? []).map((layer) => layer.digest)
    );
  }
}
const { layers } = auditedLayers(layoutDir, baseLayers);
const results = { floor: [], audit: [] };
// Round 0 warms the page cache and the code; it is not counted.
for (let round = 0; round <= rounds; round++) {
  const floor = await floorOnce(layers);
  const audit = await auditOnce();
  if (round === 0) continue;
  results.floor.push(floor);
  results.audit.push(audit);
  console.log(
    `round ${round}: floor ${ms(floor.wall)} (CPU ${ms(floor.cpu)}), audit ${ms(audit.wall)} (CPU ${ms(audit.cpu)}, main thread busy ${ms(audit.loop)})`
  );
}
for (const [name, runs] of Object.entries(results)) {
  const of = (key) => median(runs.map((run) => run[key]));
  console.log(`${name}: median wall ${ms(of('wall'))}, CPU ${ms(of('cpu'))}, main thread busy ${ms(of('loop'))}`);
}
console.log(
  `audit / floor (medians): ${(median(results.audit.map((run) => run.wall)) / median(results.floor.map((run) => run.wall))).toFixed(2)}×`
);
rmSync(compiled, { recursive: true, force: true });
