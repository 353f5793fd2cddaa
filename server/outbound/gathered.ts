/**
 * A consumer of the event log woken by each order event: woken `delayMs` after the first of a
 * burst rather than by each one, and never sooner than `spacingMs` after its previous wake-up
 * began. Each pass reads the log and moves the consumer's position (a write, a commit): an idle
 * node still acts within `delayMs`, and a busy one makes at most 1000 / `spacingMs` passes a
 * second, each taking every event since the last, instead of one pass per few events beside
 * the changes it follows.
 */
export function gathered(run: () => void, delayMs: number, spacingMs = delayMs, clock: () => number = Date.now): { wake(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    wake() {
      if (timer) return;
      const wait = Math.max(delayMs, lastRun + spacingMs - clock());
      timer = setTimeout(() => {
        timer = undefined;
        lastRun = clock();
        run();
      }, wait);
      timer.unref();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
