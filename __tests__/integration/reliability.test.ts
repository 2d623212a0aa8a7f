// The whole job, many times, through a seeded fault proxy in front of the real registry: 429s
// with Retry-After, 500/502/503, resets in the middle of a body, slow answers and slow commits on
// every kind of request, never more than twice in a row for one request. Every run must either
// publish a complete, consistent index under every tag, or fail clearly with no tag moved. The
// figures are printed for docs/reliability.md. MAB_RELIABILITY_RUNS sets the runs per rate.
import { writeFileSync } from 'node:fs';
import { busyboxDockerfile, env, fixtureContext, inspectIndex, runLocal, uniqueRepository } from '../helpers/e2e.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { incompleteImage, listTags } from '../helpers/registries.js';

const registryPort = Number(env.registry.split(':')[1]);
const runsPerRate = Number(process.env['MAB_RELIABILITY_RUNS'] ?? '8');
const repositoryPath = (reference: string): string => reference.slice(env.registry.length + 1);

type Verdict = 'published' | 'clean failure' | 'failed after publishing' | 'bad';

interface RunFigures {
  rate: number;
  seed: number;
  verdict: Verdict;
  why: string;
  retries: number;
  faults: number;
  /** Faults by kind. */
  kinds: Record<string, number>;
  requests: number;
  seconds: number;
}

const figures: RunFigures[] = [];
const errorLine = (stdout: string): string => stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
const retryCount = (stdout: string): number =>
  stdout.split('\n').filter((line) => line.startsWith('::warning::') && /; retry \d+ of \d+ in /.test(line)).length;

/** What the registry itself (not the proxy) holds under the tags, judged against the run's outcome. */
function judge(run: Awaited<ReturnType<typeof runLocal>>, repo: string, proxy: FaultProxy): [Verdict, string] {
  const tags = listTags(`${env.registry}/${repo}`);
  const error = errorLine(run.main.stdout);
  if (run.main.code !== 0) {
    if (tags.length === 0)
      return error.includes(proxy.address)
        ? ['clean failure', error.slice(0, 300)]
        : ['bad', `failed without naming the registry: ${error.slice(0, 300)}`];
    if (!error.includes('The release is out'))
      return ['bad', `tags ${tags.join(', ')} moved, and the error does not say so`];
  }
  if (tags.join(',') !== '1.0.0,latest') return ['bad', `tags in the registry: ${tags.join(', ') || 'none'}`];
  for (const tag of tags) {
    const reference = `${env.registry}/${repo}:${tag}`;
    const index = inspectIndex(reference);
    if (!index || index.digest !== run.outputs['digest'])
      return ['bad', `${tag} is at ${index?.digest}, not the digest output`];
    if (index.platforms.join(',') !== 'linux/amd64,linux/arm64')
      return ['bad', `${tag} has ${index.platforms.join(', ')}`];
    const missing = incompleteImage(reference);
    if (missing) return ['bad', `${tag} is incomplete: ${missing}`];
  }
  return run.main.code === 0 ? ['published', ''] : ['failed after publishing', error.slice(0, 300)];
}

describe('the whole job through a flaky registry, many times', () => {
  let proxy: FaultProxy;
  // One context for every run: the build is cached, the push goes into a new repository each time.
  const context = fixtureContext(`${busyboxDockerfile}RUN echo reliability > /marker\n`);

  beforeAll(async () => {
    proxy = await startFaultProxy({ upstreamPort: registryPort });
  });
  afterAll(async () => {
    await proxy.close();
    const lines = figures.map((entry) => JSON.stringify(entry));
    writeFileSync(process.env['MAB_RELIABILITY_OUT'] ?? '/tmp/mab-reliability.jsonl', `${lines.join('\n')}\n`);
  });

  async function oneRun(rate: number, seed: number): Promise<RunFigures> {
    const repo = repositoryPath(uniqueRepository('flaky'));
    proxy.requests.length = 0;
    proxy.setRandomFaults({ seed, rate, maxInARow: 2, retryAfterSeconds: 1, slowMs: 1500, commitDelayMs: 2500 });
    const started = Date.now();
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64',
      tags: `${proxy.address}/${repo}:1.0.0,${proxy.address}/${repo}:latest`,
      registry: proxy.address,
      username: env.user,
      password: env.password
    });
    proxy.setRandomFaults(undefined);
    const [verdict, why] = judge(run, repo, proxy);
    const entry: RunFigures = {
      rate,
      seed,
      verdict,
      why,
      retries: retryCount(run.main.stdout),
      faults: proxy.requests.filter(({ fault }) => fault !== undefined).length,
      kinds: proxy.requests.reduce<Record<string, number>>((counts, { fault }) => {
        if (fault) counts[fault] = (counts[fault] ?? 0) + 1;
        return counts;
      }, {}),
      requests: proxy.requests.length,
      seconds: Math.round((Date.now() - started) / 100) / 10
    };
    figures.push(entry);
    return entry;
  }

  it.each([0.1, 0.25])(
    'at %p of requests faulted, 429s included, every run publishes a complete index under every tag',
    async (rate) => {
      const outcomes: RunFigures[] = [];
      for (let seed = 1; seed <= runsPerRate; seed++) outcomes.push(await oneRun(rate, Math.round(rate * 1000) + seed));
      const summary = outcomes.map(({ seed, verdict, why, retries, faults }) => ({
        seed,
        verdict,
        why,
        retries,
        faults
      }));
      expect(outcomes.filter(({ verdict }) => verdict === 'bad').map(({ seed, why }) => ({ seed, why }))).toEqual([]);
      expect(summary.filter(({ verdict }) => verdict !== 'published')).toEqual([]);
      // The faults really happened, and were really retried.
      expect(outcomes.reduce((sum, { faults }) => sum + faults, 0)).toBeGreaterThan(runsPerRate);
      expect(outcomes.reduce((sum, { retries }) => sum + retries, 0)).toBeGreaterThan(0);
    }
  );
});
