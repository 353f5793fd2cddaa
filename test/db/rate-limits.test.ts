/**
 * Rate-limit buckets in SQLite: the purge of ended windows, giving a hit back, and the login
 * limits over time (a clock the test moves) in AccountService on the real repositories.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRateLimitRepository } from '../../db/sqlite/repositories/rate-limit-repository.js';
import { SqliteSessionRepository } from '../../db/sqlite/repositories/session-repository.js';
import { SqliteUserRepository } from '../../db/sqlite/repositories/user-repository.js';
import { openDatabase, type SqliteHandle } from '../../db/sqlite/sqlite.js';
import { AccountService, type AccountSettings } from '../../server/domain/account-service.js';
import type { DomainError } from '../../server/domain/errors.js';
import type { PasswordHasher, RateLimitRepository } from '../../server/domain/ports.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = 1_800_000_000_000;

let handle: SqliteHandle;
let repo: SqliteRateLimitRepository;
beforeEach(() => {
  handle = openDatabase(':memory:');
  repo = new SqliteRateLimitRepository(handle.db);
});
afterEach(() => handle.close());

const buckets = () =>
  handle.sqlite.prepare<[], { bucket: string; count: number }>('SELECT bucket, count FROM rate_limits ORDER BY bucket').all();

function insertBuckets(rows: { bucket: string; count?: number; resetAt: number }[]): void {
  const insert = handle.sqlite.prepare('INSERT INTO rate_limits (bucket, count, reset_at) VALUES (?, ?, ?)');
  handle.sqlite.transaction(() => {
    for (const row of rows) insert.run(row.bucket, row.count ?? 1, row.resetAt);
  })();
}

describe('SqliteRateLimitRepository.deleteExpired', () => {
  it('deletes the buckets whose window has ended, the one ending right now included, and keeps the live ones', async () => {
    insertBuckets([
      { bucket: 'ended-long-ago', resetAt: T0 - HOUR },
      { bucket: 'ends-now', resetAt: T0 },
      { bucket: 'ends-in-1ms', resetAt: T0 + 1 },
      { bucket: 'ends-in-an-hour', count: 7, resetAt: T0 + HOUR },
    ]);
    expect(await repo.deleteExpired(T0)).toBe(2);
    expect(buckets()).toEqual([
      { bucket: 'ends-in-1ms', count: 1 },
      { bucket: 'ends-in-an-hour', count: 7 },
    ]);
    expect(await repo.deleteExpired(T0)).toBe(0);
  });

  it('deletes every ended bucket when there are more than one batch of them', async () => {
    insertBuckets(Array.from({ length: 4_500 }, (_, i) => ({ bucket: `ended-${i}`, resetAt: T0 - i })));
    insertBuckets([{ bucket: 'live', resetAt: T0 + MINUTE }]);
    expect(await repo.deleteExpired(T0)).toBe(4_500);
    expect(buckets()).toEqual([{ bucket: 'live', count: 1 }]);
  });

  it('finds the ended buckets through an index, not by reading every bucket', () => {
    const plan = handle.sqlite
      .prepare<[], { detail: string }>('EXPLAIN QUERY PLAN SELECT bucket FROM rate_limits WHERE reset_at <= 0')
      .all();
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING (COVERING )?INDEX rate_limits_reset_idx/);
  });
});

describe('SqliteRateLimitRepository.giveBack', () => {
  const rule = { count: 2, windowMs: MINUTE };

  it('takes back one hit of the window it was counted in', async () => {
    await repo.hit('b', rule, T0);
    const second = await repo.hit('b', rule, T0 + 1);
    await repo.giveBack('b', second.windowEndsAt);
    expect(buckets()).toEqual([{ bucket: 'b', count: 1 }]);
    expect((await repo.hit('b', rule, T0 + 2)).allowed).toBe(true);
  });

  it('gives nothing back to a window that has replaced the hit’s own', async () => {
    const old = await repo.hit('b', rule, T0);
    await repo.hit('b', rule, T0 + MINUTE);
    await repo.giveBack('b', old.windowEndsAt);
    expect(buckets()).toEqual([{ bucket: 'b', count: 1 }]);
  });

  it('never takes a count below zero', async () => {
    const hit = await repo.hit('b', rule, T0);
    await repo.giveBack('b', hit.windowEndsAt);
    await repo.giveBack('b', hit.windowEndsAt);
    expect(buckets()).toEqual([{ bucket: 'b', count: 0 }]);
  });
});

/** Plain-text "hashes": these tests are about counting, not about argon2. */
const plainHasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hash, password) => hash === `plain:${password}`,
};

const settings: AccountSettings = {
  idleMs: HOUR,
  absoluteMs: 24 * HOUR,
  touchAfterMs: MINUTE,
  rateLimitLogin: { count: 3, windowMs: HOUR },
  rateLimitLoginAddress: { count: 2, windowMs: MINUTE },
  rateLimitRegister: { count: 100, windowMs: HOUR },
  secret: undefined,
};

describe('AccountService login limits over time (3 per account per hour, 2 per address per minute)', () => {
  let now: number;
  let accounts: AccountService;
  const build = (rateLimits: RateLimitRepository) =>
    new AccountService(new SqliteUserRepository(handle.db), new SqliteSessionRepository(handle.db), rateLimits, plainHasher, settings, () => now);
  const register = (service: AccountService, email: string) =>
    service.register({ email, password: 'right', firstName: 'A', lastName: 'B', role: 'buyer', storeName: null }, '10.0.0.1');
  const outcome = (attempt: Promise<unknown>) =>
    attempt.then(
      () => 'ok',
      (error: DomainError) => `${error.code}${error.message.includes('address') ? ' (address)' : ''}`,
    );

  beforeEach(() => {
    now = T0;
    accounts = build(repo);
  });

  // The race: the address fills up between the look before counting and the count itself.
  const lookSeesNothingYet: RateLimitRepository = {
    hit: (...args) => repo.hit(...args),
    peek: async () => ({ allowed: true, retryAfterMs: 0 }),
    giveBack: (...args) => repo.giveBack(...args),
    reset: (...args) => repo.reset(...args),
    deleteExpired: (...args) => repo.deleteExpired(...args),
  };

  it.each([
    ['as the address limit turns it away', () => repo],
    ['when the address fills up between the look and the count', () => lookSeesNothingYet],
  ])('does not count against the account an attempt refused for the address, %s', async (_when, rateLimits) => {
    const service = build(rateLimits());
    await register(service, 'victim@example.test');
    const attempt = () => outcome(service.login('victim@example.test', 'wrong', '10.0.0.9'));
    expect([await attempt(), await attempt()]).toEqual(['invalid_credentials', 'invalid_credentials']);
    for (let i = 0; i < 5; i++) expect(await attempt()).toBe('rate_limited (address)');

    now += MINUTE; // the address window is over; the account's hour is not
    expect(await attempt()).toBe('invalid_credentials');
    expect(await attempt()).toBe('rate_limited');
  });

  it('lets the address try again once its window is over, Retry-After counting down to it', async () => {
    for (const email of ['a@example.test', 'b@example.test']) {
      expect(await outcome(accounts.login(email, 'wrong', '10.0.0.9'))).toBe('invalid_credentials');
    }
    now += 20_000;
    const refused = await accounts.login('c@example.test', 'wrong', '10.0.0.9').catch((error: DomainError) => error);
    expect(refused).toMatchObject({ code: 'rate_limited', details: { retry_after_s: 40 } });
    now += 40_000;
    expect(await outcome(accounts.login('c@example.test', 'wrong', '10.0.0.9'))).toBe('invalid_credentials');
  });

  it('purgeExpired deletes ended sessions and ended buckets, and keeps the live ones', async () => {
    await register(accounts, 'old@example.test'); // a session and a registration bucket, both ending within the hour
    await outcome(accounts.login('x@example.test', 'wrong', '10.0.0.9'));
    now += 2 * MINUTE;
    await outcome(accounts.login('y@example.test', 'wrong', '10.0.0.8'));

    expect(await accounts.purgeExpired()).toEqual({ sessions: 0, rateLimitBuckets: 1 });
    expect(buckets().map((b) => b.bucket)).toEqual([
      'login-address:10.0.0.8',
      'login:x@example.test|10.0.0.9',
      'login:y@example.test|10.0.0.8',
      'register:10.0.0.1',
    ]);

    now += 2 * HOUR;
    expect(await accounts.purgeExpired()).toEqual({ sessions: 1, rateLimitBuckets: 4 });
    expect(buckets()).toEqual([]);
  });
});
