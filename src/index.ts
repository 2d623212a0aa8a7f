// What both steps load: the post step never loads @actions/core (its start-up budget, post-runner.ts).
import * as core from './seams/post-runner.js';
import { errorMessage } from './model/errors.js';
import { cancellation, killAllCommands, stopAllCommands } from './seams/exec.js';
import { endAfterGrace } from './seams/left-behind.js';
import { isPostStep } from './seams/saved-state.js';

// The runner cancels a job with SIGINT, then SIGTERM: stop the build so it does not outlive the step.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    const stopped = stopAllCommands(signal);
    core.info(`Received ${signal}: stopping ${stopped} running command(s).`);
    setTimeout(() => {
      killAllCommands();
      process.exit(1);
    }, 10_000).unref();
  });
}

// Each step loads only its own code: the post step runs on every job and should start fast.
if (isPostStep()) {
  try {
    const { runPost } = await import('./steps/post.js');
    await runPost();
  } catch (error) {
    core.warning(`Cleanup failed: ${errorMessage(error)}`);
  }
} else {
  const { setFailed } = await import('./seams/runner.js');
  try {
    const { runMain } = await import('./steps/main.js');
    await runMain();
  } catch (error) {
    const cancelledBy = cancellation();
    setFailed(cancelledBy ? `Cancelled by ${cancelledBy}: ${errorMessage(error)}` : errorMessage(error));
  }
  // What main started ahead and no longer waits for (a restore a failed build never used) must not hold the step open.
  endAfterGrace({
    stopCommands: () => {
      const running = stopAllCommands('the end of main');
      killAllCommands();
      return running;
    },
    info: core.info,
    exit: () => process.exit()
  });
}
