// The smoke run executes an image that may come from a pull request: it runs contained, under
// emulation too, and smoke-test-flags loosens exactly what it names.
import { busyboxDockerfile, fixtureContext, registryInputs, runLocal, uniqueRepository } from '../helpers/e2e.js';

interface SmokeOutput {
  platform: string;
  status: string;
  exitCode: number;
  output: string;
}

// Prints what bounds the container, then tries to write to its root.
const probe = [
  // One line, as the result keeps the last five.
  'grep -E "^(CapEff|NoNewPrivs):" /proc/self/status | tr "\\n" " "; echo',
  'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max',
  'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max',
  '(echo x > /tmp/ok && echo tmp-writable)',
  'touch /written && echo root-writable'
].join('; ');

async function smokeRun(flags: string): Promise<{ code: number; results: SmokeOutput[] }> {
  const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/sh", "-c"]\n`);
  const run = await runLocal({
    context,
    platforms: 'linux/amd64,linux/arm64',
    tags: `${uniqueRepository('smoke-bounds')}:1`,
    'smoke-test': `'${probe}'`,
    'smoke-test-flags': flags,
    ...registryInputs()
  });
  return { code: run.main.code, results: JSON.parse(run.outputs['smoke-test'] ?? '[]') as SmokeOutput[] };
}

describe('the smoke run is contained', () => {
  it('by default: no capabilities, no privilege gain, 256 processes, 1 GiB, a read-only root; on every platform', async () => {
    const { code, results } = await smokeRun('');
    expect(code).toBe(1);
    expect(results.map(({ platform, status }) => `${platform}:${status}`)).toEqual([
      'linux/amd64:fail',
      'linux/arm64:fail'
    ]);
    for (const { output } of results) {
      expect(output).toContain('CapEff:\t0000000000000000');
      expect(output).toContain('NoNewPrivs:\t1');
      expect(output).toMatch(/^256$/m);
      expect(output).toMatch(/^1073741824$/m);
      expect(output).toContain('tmp-writable');
      expect(output).toMatch(/Read-only file system/);
      expect(output).not.toContain('root-writable');
    }
  });

  it('smoke-test-flags loosens what it names, and only that', async () => {
    const { code, results } = await smokeRun('--read-only=false --pids-limit 512 --cap-add CHOWN');
    expect(code).toBe(0);
    for (const { output, status } of results) {
      expect(status).toBe('pass');
      expect(output).toContain('root-writable');
      expect(output).toMatch(/^512$/m);
      expect(output).toMatch(/^1073741824$/m);
      expect(output).toContain('NoNewPrivs:\t1');
      expect(output).not.toContain('CapEff:\t0000000000000000');
    }
  });
});
