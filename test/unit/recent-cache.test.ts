import { describe, expect, it } from 'vitest';
import { RecentCache } from '../../server/infra/recent-cache.js';

describe('RecentCache', () => {
  it('serves an entry until its time to live runs out', () => {
    const cache = new RecentCache<string, number>({ ttlMs: 100, maxEntries: 10 });
    cache.set('a', 1, 1_000, cache.readStarts());
    expect(cache.get('a', 1_099)).toBe(1);
    expect(cache.get('a', 1_100)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never serves an entry past its own validity', () => {
    const cache = new RecentCache<string, number>({ ttlMs: 10_000, maxEntries: 10 });
    cache.set('a', 1, 1_000, cache.readStarts(), 1_050);
    expect(cache.get('a', 1_049)).toBe(1);
    expect(cache.get('a', 1_050)).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = new RecentCache<string, number>({ ttlMs: 10_000, maxEntries: 2 });
    cache.set('a', 1, 0, cache.readStarts());
    cache.set('b', 2, 0, cache.readStarts());
    cache.set('c', 3, 0, cache.readStarts());
    expect(cache.size).toBe(2);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toBe(3);
  });

  it('serves and stores nothing while it is not trusted', () => {
    let trusted = true;
    const cache = new RecentCache<string, number>({ ttlMs: 10_000, maxEntries: 10 }, () => trusted);
    cache.set('a', 1, 0, cache.readStarts());
    trusted = false;
    expect(cache.get('a', 1)).toBeUndefined();
    cache.set('b', 2, 1, cache.readStarts());
    trusted = true;
    expect(cache.get('b', 2)).toBeUndefined();
    expect(cache.get('a', 2)).toBe(1);
  });

  it('drops the entries past their time to live as new ones come in, not only when full', () => {
    const cache = new RecentCache<string, number>({ ttlMs: 100, maxEntries: 1_000 });
    for (let i = 0; i < 50; i++) cache.set(`old${i}`, i, 1_000 + i, cache.readStarts());
    cache.set('fresh', 0, 1_120, cache.readStarts());
    // Stored at 1,000–1,020: 100 ms old or more at 1,120, gone; 1,021–1,049 stay, with the new one.
    expect(cache.size).toBe(30);
    cache.set('later', 0, 5_000, cache.readStarts());
    expect(cache.size).toBe(1);
  });

  it('does not keep a value whose read began before an entry was removed', () => {
    const cache = new RecentCache<string, number>({ ttlMs: 1_000, maxEntries: 10 });
    const started = cache.readStarts();
    cache.delete('a'); // a change heard of while the read was under way
    cache.set('a', 1, 0, started);
    expect(cache.get('a', 0)).toBeUndefined();
    cache.set('a', 2, 0, cache.readStarts());
    expect(cache.get('a', 0)).toBe(2);
  });

  it('is off with a zero time to live', () => {
    const cache = new RecentCache<string, number>({ ttlMs: 0, maxEntries: 10 });
    cache.set('a', 1, 0, cache.readStarts());
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
