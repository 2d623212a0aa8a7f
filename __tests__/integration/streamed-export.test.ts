// The docker driver's streamed export against the real registry: the second release of the same
// image keeps no layer on the runner and sends none, since the repository has them all; only the
// documents (manifests, configs, attestations) are kept, and what was uploaded is a few bytes.
import { busyboxDockerfile, fixtureContext, registryInputs, runLocal, uniqueRepository } from '../helpers/e2e.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

const figures = (run: Run): { keptBytes: number; dropped: number; droppedBytes: number; uploaded: number } => {
  const built =
    /streamed: \d+ blob\(s\) kept on the runner \((\d+) bytes\), (\d+) layer\(s\) neither written nor sent \((\d+) bytes/.exec(
      run.main.stdout
    );
  const pushed = /Pushed by digest in \d+ ms: \d+ blob\(s\) uploaded \((\d+) bytes\)/.exec(run.main.stdout);
  if (!built || !pushed) throw new Error(`no streamed-export or push line in:\n${run.main.stdout}`);
  return {
    keptBytes: Number(built[1]),
    dropped: Number(built[2]),
    droppedBytes: Number(built[3]),
    uploaded: Number(pushed[1])
  };
};

describe('the docker driver streams its export to the action', () => {
  it('a layer the repository already has is neither written on the runner nor sent again', async () => {
    const repository = uniqueRepository('streamed');
    const context = fixtureContext(busyboxDockerfile);
    const release = (): Promise<Run> =>
      runLocal({ context, tags: `${repository}:1`, platforms: 'linux/amd64,linux/arm64', ...registryInputs() });
    const first = await release();
    expect(first.main.code).toBe(0);
    // A new repository: every layer was kept and sent (busybox alone is about 1 MB per platform).
    expect(figures(first).dropped).toBe(0);
    expect(figures(first).uploaded).toBeGreaterThan(1_000_000);
    const again = await release();
    expect(again.main.code).toBe(0);
    const second = figures(again);
    // Both platforms' layers were read off the pipe and dropped; what was kept and sent is documents only.
    expect(second.dropped).toBeGreaterThanOrEqual(2);
    expect(second.droppedBytes).toBeGreaterThan(1_000_000);
    expect(second.keptBytes).toBeLessThan(100_000);
    expect(second.uploaded).toBeLessThan(100_000);
    expect(again.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
