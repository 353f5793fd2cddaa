/**
 * Webhooks as the domain knows them: a seller's endpoints, the deliveries made for them from
 * the event log, and the rules of attempting them (back-off, giving up, disabling).
 */
import { createHmac, randomBytes } from 'node:crypto';

export const WEBHOOK_EVENT_TYPES = ['order.created', 'order.status_changed', 'return.requested'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookEndpoint {
  id: number;
  sellerId: number;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  active: boolean;
  secret: string;
  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  /** Why the deliveries disabled it (null when it was not they). */
  disabledReason: string | null;
  /** When its current run of failed attempts began (null while it answers). */
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookDelivery {
  id: number;
  endpointId: number;
  eventPosition: number;
  eventType: WebhookEventType;
  payload: string;
  webhookIdHeader: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  nextAttemptAt: number | null;
  createdAt: number;
}

/** A delivery as the node that leased it attempts it: with where and how to sign. */
export interface LeasedDelivery {
  id: number;
  endpointId: number;
  url: string;
  payload: string;
  webhookIdHeader: string;
  attempts: number;
  secrets: string[];
}

/** What one attempt came to. `statusCode` null: no answer (timeout, refused target, connection error). */
export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** How long after a rotation the previous secret still signs. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** An endpoint failing this long in a row is disabled (or sooner, when the schedule is shorter). */
export const DISABLE_AFTER_MS = 24 * 3_600_000;

/** A new signing secret: `whsec_` and the base64 of 32 random bytes, as Standard Webhooks spells them. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The id sent as `webhook-id`: one per event and endpoint, the same on every retry. */
export function webhookIdFor(eventPosition: number, endpointId: number): string {
  return `msg_${eventPosition}_${endpointId}`;
}

/**
 * The Standard Webhooks signature of one attempt: HMAC-SHA256 of `id.timestamp.body` keyed by
 * the secret's decoded bytes, in base64, as `v1,<signature>`.
 */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The secrets that sign now: the current one, and the previous one during its overlap. */
export function signingSecrets(endpoint: Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now: number): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = endpoint;
  return previousSecret && previousSecretExpiresAt !== null && previousSecretExpiresAt > now ? [secret, previousSecret] : [secret];
}

const DURATION_UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Reads `250ms`, `5s`, `2m`, `6h` or `1d`; null for anything else or zero. */
export function parseDuration(value: string): number | null {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) return null;
  const ms = Number(match[1]) * DURATION_UNIT_MS[match[2] as keyof typeof DURATION_UNIT_MS];
  return ms > 0 ? ms : null;
}

/**
 * The waits between attempts: after the n-th failed attempt the next comes `schedule[n-1]`
 * later; a delivery whose attempts outnumber the schedule has failed for good.
 */
export class RetrySchedule {
  constructor(
    readonly delaysMs: readonly number[],
    private readonly random: () => number = Math.random,
  ) {
    if (delaysMs.length === 0) throw new Error('a retry schedule needs at least one delay');
  }

  /** Reads a comma-separated list of durations; the problem as a message when it cannot. */
  static parse(value: string): RetrySchedule | string {
    const parts = value.split(',').map((p) => p.trim());
    const delays: number[] = [];
    for (const part of parts) {
      const ms = parseDuration(part);
      if (ms === null) return `"${part}" is not a duration (use a whole number with ms, s, m, h or d, e.g. 5s,30s,2m)`;
      delays.push(ms);
    }
    return new RetrySchedule(delays);
  }

  /** When the attempt after the `attempts`-th comes, with ±20 % jitter; null when there is none. */
  nextAttemptAt(attempts: number, now: number): number | null {
    const delay = this.delaysMs[attempts - 1];
    if (delay === undefined) return null;
    return now + Math.round(delay * (0.8 + 0.4 * this.random()));
  }

  /** How long an endpoint may fail in a row before it is disabled: 24 h, or the schedule's whole length when shorter. */
  get disableAfterMs(): number {
    return Math.min(DISABLE_AFTER_MS, this.delaysMs.reduce((sum, d) => sum + d, 0));
  }
}

/** What an attempt's result does to its delivery and its endpoint. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  /** Set when the endpoint is to be disabled, with the reason its seller reads. */
  disable: string | null;
  /** The endpoint's failing-since after this attempt. */
  failingSince: number | null;
}

export function attemptOutcome(
  result: AttemptResult,
  attempts: number,
  failingSince: number | null,
  schedule: RetrySchedule,
  now: number,
): AttemptOutcome {
  const { statusCode } = result;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return { status: 'succeeded', nextAttemptAt: null, disable: null, failingSince: null };
  }
  const since = failingSince ?? now;
  if (statusCode === 410) {
    return { status: 'failed', nextAttemptAt: null, disable: 'The endpoint answered 410 Gone', failingSince: since };
  }
  const nextAttemptAt = schedule.nextAttemptAt(attempts, now);
  const failingFor = now - since;
  const disable =
    failingFor > 0 && failingFor >= schedule.disableAfterMs
      ? `Failing since ${new Date(since).toISOString()} (last attempt: ${describeResult(result)})`
      : null;
  return { status: nextAttemptAt === null ? 'failed' : 'pending', nextAttemptAt, disable, failingSince: since };
}

export function describeResult(result: AttemptResult): string {
  return result.statusCode !== null ? `HTTP ${result.statusCode}` : (result.error ?? 'no answer');
}
