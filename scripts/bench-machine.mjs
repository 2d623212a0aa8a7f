// What every part of the benchmark shares about the machine: the test environment's env files, the
// load average (reported beside every figure: the machine may be shared), the time limit of one
// command, and emptying the daemon's build cache for the fresh-runner figures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A KEY=value file as the setup script writes it. */
export const readEnvFile = (file) =>
  Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  );

/** The whole /proc/loadavg line, and the 1-minute load average. */
export const loadLine = () => readFileSync('/proc/loadavg', 'utf8').trim();
export const load1 = () => Number(loadLine().split(' ')[0]);

/** Milliseconds since a process.hrtime.bigint() reading. */
export const elapsed = (started) => Number(process.hrtime.bigint() - started) / 1e6;

/** A command that hangs is stopped (MAB_BENCH_COMMAND_MINUTES, default 10): the bench is bounded. */
export const COMMAND_MS = Number(process.env.MAB_BENCH_COMMAND_MINUTES ?? 10) * 60_000;

/**
 * `docker builder prune -af`: empties the whole daemon's build cache, which other work on this
 * machine shares (it costs them cache hits, never a wrong result).
 */
export function emptyBuildCache() {
  const pruned = spawnSync('docker', ['builder', 'prune', '-af'], { encoding: 'utf8' });
  if (pruned.status !== 0) throw new Error(`docker builder prune -af failed: ${pruned.stderr}`);
}
