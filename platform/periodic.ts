/**
 * Runs `task` now and then every `intervalMs`, a run never starting while the previous one is in
 * flight (a slow run skips the ticks it overlaps). `task` must not throw: it logs its own failures.
 * Resolves after the first run; returns the stop, which clears the timer and waits for the run in
 * flight (graceful shutdown). The timer does not keep the process alive.
 */
export async function runPeriodically(task: () => Promise<void>, intervalMs: number): Promise<() => Promise<void>> {
  let running: Promise<void> | undefined;
  const run = () => {
    running = task().finally(() => (running = undefined));
    return running;
  };
  await run();
  const timer = setInterval(() => {
    if (!running) void run();
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
