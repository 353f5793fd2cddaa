/** The webhook rules without a network: schedule, back-off, outcomes, signatures, target ranges, configuration. */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import {
  attemptOutcome,
  newWebhookSecret,
  parseDuration,
  RetrySchedule,
  signature,
  signingSecrets,
  type AttemptResult,
} from '../../server/domain/webhooks.js';
import { specialRange, urlProblem } from '../../server/outbound/webhook-targets.js';

const HOUR = 3_600_000;
const answered = (statusCode: number | null): AttemptResult => ({ statusCode, error: null, durationMs: 5 });

describe('the retry schedule', () => {
  it('reads durations in ms, s, m, h and d, and nothing else', () => {
    expect(['250ms', '5s', '2m', '6h', '1d'].map(parseDuration)).toEqual([250, 5_000, 120_000, 6 * HOUR, 24 * HOUR]);
    for (const bad of ['', '5', '0s', '-1s', '1.5s', '5 seconds', 's', '5w']) expect(parseDuration(bad)).toBeNull();
  });

  it('waits the schedule step after each failure, within ±20 % jitter, and then gives up', () => {
    const low = new RetrySchedule([1_000, 10_000], () => 0);
    const high = new RetrySchedule([1_000, 10_000], () => 0.999_999);
    expect(low.nextAttemptAt(1, 0)).toBe(800);
    expect(high.nextAttemptAt(1, 0)).toBe(1_200);
    expect(low.nextAttemptAt(2, 0)).toBe(8_000);
    expect(low.nextAttemptAt(3, 0)).toBeNull();
  });

  it('disables after 24 h of failures, or after the whole schedule when that is shorter', () => {
    const schedule = RetrySchedule.parse('5s,30s,2m,10m,30m,2h,6h,12h,24h');
    expect(schedule).toBeInstanceOf(RetrySchedule);
    if (typeof schedule === 'string') return;
    expect(schedule.disableAfterMs).toBe(24 * HOUR);
    expect(new RetrySchedule([100, 200]).disableAfterMs).toBe(300);
  });
});

describe('what an attempt comes to', () => {
  const schedule = new RetrySchedule([1_000, 2_000], () => 0.5);

  it('a 2xx succeeds and ends the failing run', () => {
    expect(attemptOutcome(answered(204), 3, 50, schedule, 1_000)).toEqual({ status: 'succeeded', nextAttemptAt: null, disable: null, failingSince: null });
  });

  it('anything else is retried on the schedule, then fails for good', () => {
    expect(attemptOutcome(answered(500), 1, null, schedule, 10)).toEqual({ status: 'pending', nextAttemptAt: 1_010, disable: null, failingSince: 10 });
    expect(attemptOutcome(answered(null), 2, 10, schedule, 1_010)).toMatchObject({ status: 'pending', nextAttemptAt: 3_010 });
    expect(attemptOutcome(answered(302), 3, 10, schedule, 1_200)).toMatchObject({ status: 'failed', nextAttemptAt: null, disable: null });
  });

  it('410 fails at once and disables the endpoint', () => {
    expect(attemptOutcome(answered(410), 1, null, schedule, 10)).toMatchObject({ status: 'failed', disable: expect.stringMatching(/410/) });
  });

  it('an endpoint failing for the schedule’s length is disabled, saying since when', () => {
    const outcome = attemptOutcome(answered(503), 2, 0, schedule, 3_000);
    expect(outcome.disable).toMatch(/^Failing since 1970-01-01T00:00:00.000Z \(last attempt: HTTP 503\)$/);
  });
});

describe('signatures', () => {
  it('are Standard Webhooks signatures: the standardwebhooks package makes the same', () => {
    const secret = newWebhookSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    const body = '{"type":"order.created"}';
    const at = new Date(1_800_000_000_000);
    expect(signature(secret, 'msg_1_2', at.getTime() / 1000, body)).toBe(new Webhook(secret).sign('msg_1_2', at, body));
  });

  it('sign with the previous secret too until its overlap ends', () => {
    const endpoint = { secret: 'new', previousSecret: 'old', previousSecretExpiresAt: 1_000 };
    expect(signingSecrets(endpoint, 999)).toEqual(['new', 'old']);
    expect(signingSecrets(endpoint, 1_000)).toEqual(['new']);
    expect(signingSecrets({ ...endpoint, previousSecret: null }, 0)).toEqual(['new']);
  });
});

describe('target addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:192.168.0.1', 'private'],
  ])('%s is %s', (address, range) => {
    expect(specialRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(specialRange(address)).toBeNull();
  });

  it('takes https anywhere, http outside production, nothing else, and no credentials', () => {
    const dev = { allowPrivate: false, httpsOnly: false };
    const prod = { allowPrivate: false, httpsOnly: true };
    expect(urlProblem('http://example.com/x', dev)).toBeNull();
    expect(urlProblem('https://example.com/x', prod)).toBeNull();
    expect(urlProblem('http://example.com/x', prod)).toMatch(/https/);
    expect(urlProblem('ftp://example.com/x', dev)).toMatch(/https?/);
    expect(urlProblem('https://u:p@example.com/x', dev)).toMatch(/password/);
  });
});

describe('configuration', () => {
  it('defaults to the PRODUCT.md schedule and no private targets', () => {
    const config = loadConfig({});
    expect(config.webhooks.allowPrivate).toBe(false);
    expect(config.webhooks.retrySchedule.delaysMs).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR]);
  });

  it('reads WEBHOOK_ALLOW_PRIVATE and WEBHOOK_RETRY_SCHEDULE', () => {
    const config = loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'on', WEBHOOK_RETRY_SCHEDULE: '100ms, 1s,2m' });
    expect(config.webhooks.allowPrivate).toBe(true);
    expect(config.webhooks.retrySchedule.delaysMs).toEqual([100, 1_000, 120_000]);
  });

  it.each(['5s,,30s', '5s,soon', '0s', '1.5s', 'x'])('refuses WEBHOOK_RETRY_SCHEDULE=%s, naming it', (value) => {
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: value })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: value })).toThrow(/WEBHOOK_RETRY_SCHEDULE: expected comma-separated durations/);
  });

  it('refuses a WEBHOOK_ALLOW_PRIVATE that is not a flag', () => {
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });
});
