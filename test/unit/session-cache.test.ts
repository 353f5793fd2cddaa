import { describe, expect, it } from 'vitest';
import type { User } from '../../server/domain/model.js';
import { SessionCache, type ResolvedSession } from '../../server/domain/session-cache.js';

const user: User = {
  id: 1,
  email: 'a@example.test',
  firstName: 'A',
  lastName: 'B',
  role: 'buyer',
  createdAt: 0,
  sellerId: null,
  storeName: null,
};
const session = (sessionId: string, expiresAt = 1_000_000): ResolvedSession => ({ user, sessionId, expiresAt });

describe('SessionCache', () => {
  it('serves an entry until its time to live runs out', () => {
    const cache = new SessionCache({ ttlMs: 100, maxEntries: 10 });
    cache.set('t1', session('s1'), 1_000);
    expect(cache.get('t1', 1_099)?.sessionId).toBe('s1');
    expect(cache.get('t1', 1_100)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never serves a session past its own expiry', () => {
    const cache = new SessionCache({ ttlMs: 10_000, maxEntries: 10 });
    cache.set('t1', session('s1', 1_050), 1_000);
    expect(cache.get('t1', 1_049)).toBeDefined();
    expect(cache.get('t1', 1_050)).toBeUndefined();
  });

  it('forgets a session by its id, and everything on clear', () => {
    const cache = new SessionCache({ ttlMs: 10_000, maxEntries: 10 });
    cache.set('t1', session('s1'), 0);
    cache.set('t2', session('s2'), 0);
    cache.forget('s1');
    expect(cache.get('t1', 1)).toBeUndefined();
    expect(cache.get('t2', 1)).toBeDefined();
    cache.clear();
    expect(cache.get('t2', 1)).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = new SessionCache({ ttlMs: 10_000, maxEntries: 2 });
    cache.set('t1', session('s1'), 0);
    cache.set('t2', session('s2'), 0);
    cache.set('t3', session('s3'), 0);
    expect(cache.size).toBe(2);
    expect(cache.get('t1', 1)).toBeUndefined();
    cache.forget('s1'); // already gone: no effect on the others
    expect(cache.get('t2', 1)).toBeDefined();
    expect(cache.get('t3', 1)).toBeDefined();
  });

  it('refreshing a token replaces its entry and its id mapping', () => {
    const cache = new SessionCache({ ttlMs: 100, maxEntries: 10 });
    cache.set('t1', session('s1'), 0);
    cache.set('t1', session('s1'), 90);
    expect(cache.get('t1', 150)).toBeDefined();
    cache.forget('s1');
    expect(cache.get('t1', 151)).toBeUndefined();
  });

  it('can still forget a session after many others pushed the oldest entries out', () => {
    const cache = new SessionCache({ ttlMs: 10_000, maxEntries: 3 });
    for (let i = 0; i < 500; i++) cache.set(`t${i}`, session(`s${i}`), 0);
    expect(cache.size).toBe(3);
    expect(cache.get('t499', 1)).toBeDefined();
    cache.forget('s499');
    expect(cache.get('t499', 1)).toBeUndefined();
    expect(cache.get('t498', 1)).toBeDefined();
  });

  it('serves and stores nothing while it is not trusted', () => {
    let trusted = true;
    const cache = new SessionCache({ ttlMs: 10_000, maxEntries: 10 }, () => trusted);
    cache.set('t1', session('s1'), 0);
    trusted = false;
    expect(cache.get('t1', 1)).toBeUndefined();
    cache.set('t2', session('s2'), 1);
    trusted = true;
    expect(cache.get('t2', 2)).toBeUndefined();
    expect(cache.get('t1', 2)).toBeDefined();
  });

  it('drops the entries past their time to live as new ones come in, not only when full', () => {
    const cache = new SessionCache({ ttlMs: 100, maxEntries: 1_000 });
    for (let i = 0; i < 50; i++) cache.set(`old${i}`, session(`old${i}`), 1_000 + i);
    cache.set('fresh', session('fresh'), 1_120);
    // Stored at 1,000–1,020: 100 ms old or more at 1,120, gone; 1,021–1,049 stay, with the new one.
    expect(cache.size).toBe(30);
    expect(cache.get('old20', 1_020)).toBeUndefined();
    expect(cache.get('old21', 1_021)).toBeDefined();
    cache.set('later', session('later'), 5_000);
    expect(cache.size).toBe(1);
    // Their index rows go too: forgetting a dropped session is a no-op, the live one still works.
    cache.forget('old49');
    cache.forget('later');
    expect(cache.get('later', 5_001)).toBeUndefined();
  });

  it('is off with a zero time to live', () => {
    const cache = new SessionCache({ ttlMs: 0, maxEntries: 10 });
    cache.set('t1', session('s1'), 0);
    expect(cache.get('t1', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
