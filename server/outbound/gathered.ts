/**
 * A consumer of the event log woken by each order event: woken `delayMs` after the first of a
 * burst rather than by each one, so that under load one pass over the log takes many events
 * (each pass reads and moves the consumer's position: a write) and an idle node still acts
 * within a few milliseconds.
 */
export function gathered(run: () => void, delayMs: number): { wake(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    wake() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, delayMs);
      timer.unref();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
