import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gathered } from '../../server/outbound/gathered.js';

describe('gathered: how an outbound consumer is woken by the events it follows', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once, delayMs after the first event of a burst', () => {
    const run = vi.fn();
    const woken = gathered(run, 10, 50);
    woken.wake();
    vi.advanceTimersByTime(5);
    woken.wake();
    woken.wake();
    vi.advanceTimersByTime(4);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('under a steady stream, starts passes spacingMs apart, each taking what came since', () => {
    const run = vi.fn();
    const woken = gathered(run, 10, 50);
    const starts: number[] = [];
    run.mockImplementation(() => starts.push(Date.now() - 1_000_000));
    // An event every 5 ms for half a second: 100 events.
    for (let t = 0; t < 500; t += 5) {
      woken.wake();
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    expect(starts[0]).toBe(10);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBe(50);
    // 10, 60, …, 460, and 510 for the events after the pass at 460: 11 passes, not 100.
    expect(starts.length).toBe(11);
  });

  it('acts within delayMs again once the stream has paused for spacingMs', () => {
    const run = vi.fn();
    const woken = gathered(run, 10, 50);
    woken.wake();
    vi.advanceTimersByTime(10);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200);
    woken.wake();
    vi.advanceTimersByTime(10);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('without a spacing, wakes delayMs after each burst as before', () => {
    const run = vi.fn();
    const woken = gathered(run, 10);
    woken.wake();
    vi.advanceTimersByTime(10);
    woken.wake();
    vi.advanceTimersByTime(10);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('cancel drops a pending wake-up', () => {
    const run = vi.fn();
    const woken = gathered(run, 10, 50);
    woken.wake();
    woken.cancel();
    vi.advanceTimersByTime(100);
    expect(run).not.toHaveBeenCalled();
  });
});
