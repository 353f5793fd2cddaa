/**
 * Configuration from the environment, parsed once at start-up. Bad values fail fast with
 * a message naming the variable (see loadConfig).
 */
import { z } from 'zod';
import { storeLocation, StoreUrlError } from '../db/store.js';
import { TrustedProxies } from './http/client-address.js';
import { parseRateLimit, type RateLimitRule } from './domain/rate-limit.js';
import { RetrySchedule } from './domain/webhooks.js';

const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const rule = parseRateLimit(value);
      if (!rule) {
        ctx.addIssue({ code: 'custom', message: `expected COUNT/WINDOW such as 10/15m, got "${value}"` });
        return z.NEVER;
      }
      return rule;
    });

/** The PRODUCT.md schedule: 5 s, 30 s, 2 m, 10 m, 30 m, 2 h, 6 h, 12 h, 24 h. */
const DEFAULT_RETRY_SCHEDULE = '5s,30s,2m,10m,30m,2h,6h,12h,24h';

/** A comma-separated list of durations (WEBHOOK_RETRY_SCHEDULE, MAIL_RETRY_SCHEDULE), `fallback` when unset. */
const retryScheduleOf = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const schedule = RetrySchedule.parse(value);
      if (typeof schedule === 'string') {
        ctx.addIssue({ code: 'custom', message: `expected comma-separated durations such as ${fallback}: ${schedule}` });
        return z.NEVER;
      }
      return schedule;
    });
const retrySchedule = retryScheduleOf(DEFAULT_RETRY_SCHEDULE);

/** TRUST_PROXY: `off` (the default) believes no X-Forwarded-For; otherwise the proxies that may set it. */
const trustProxy = z
  .string()
  .default('off')
  .transform((value, ctx) => {
    if (value === 'off') return null;
    const trusted = TrustedProxies.parse(value);
    if (typeof trusted === 'string') {
      ctx.addIssue({ code: 'custom', message: `expected off, loopback, or comma-separated proxy addresses/CIDRs such as 127.0.0.1,10.0.0.0/8: ${trusted}` });
      return z.NEVER;
    }
    return trusted;
  });

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .min(1)
    .default('./data/orderpulse.db')
    .superRefine((url, ctx) => {
      try {
        storeLocation(url);
      } catch (error) {
        if (!(error instanceof StoreUrlError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message.replace(/^DATABASE_URL: /, '') });
      }
    }),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: flag.optional(),
  PUBLIC_URL: z
    .url()
    .transform((u) => new URL(u).origin)
    .optional(),
  RATE_LIMIT_LOGIN: rateLimit('10/15m'),
  RATE_LIMIT_LOGIN_ADDRESS: rateLimit('100/15m'),
  RATE_LIMIT_REGISTER: rateLimit('20/1h'),
  TRUST_PROXY: trustProxy,
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBHOOK_ALLOW_PRIVATE: flag.default(false),
  WEBHOOK_RETRY_SCHEDULE: retrySchedule,
  SMTP_URL: z
    .url()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps:// (user and password in the URL)')
    .optional(),
  MAIL_FROM: z.string().min(3).default('OrderPulse <orders@orderpulse.localhost>'),
  MAIL_DIR: z.string().min(1).default('./data/mail'),
  MAIL_RETRY_SCHEDULE: retryScheduleOf('1m,5m,30m,2h,6h,24h'),
  READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Web build to serve; tests point this elsewhere or at nothing. */
  WEB_DIST: z.string().default('./dist/web'),
  /** Tests only (ignored unless NODE_ENV=test): see withFault in app-server.ts. */
  FAULT_INJECTION: z.enum(['exit-before-publish']).optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  sessionSecret: string | undefined;
  logLevel: string;
  demoData: boolean;
  publicOrigin: string | undefined;
  rateLimitLogin: RateLimitRule;
  /** Failed logins per address, whatever the accounts tried. */
  rateLimitLoginAddress: RateLimitRule;
  rateLimitRegister: RateLimitRule;
  /** The proxies whose X-Forwarded-For names the client (rate limits per address); null: the socket's peer is the client. */
  trustProxy: TrustedProxies | null;
  /** Bearer token for GET /metrics; unset: open in development, 404 in production. */
  metricsToken: string | undefined;
  webDist: string;
  session: {
    idleMs: number;
    absoluteMs: number;
    touchAfterMs: number;
  };
  /** How long a node reuses a session or an order head it read from the database (0: never). */
  readCacheMs: number;
  webhooks: {
    /** Targets on loopback, private, link-local… addresses allowed (development and tests only). */
    allowPrivate: boolean;
    retrySchedule: RetrySchedule;
  };
  mail: {
    /** smtp:// or smtps:// with its credentials; unset: `.eml` files in `dir` (development), none (production). */
    smtpUrl: string | undefined;
    from: string;
    dir: string;
    retrySchedule: RetrySchedule;
  };
  faultInjection: 'exit-before-publish' | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    // One problem reads on one line; several get a line each.
    if (lines.length === 1) throw new ConfigError(`invalid configuration: ${lines[0]?.trim()}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError('invalid configuration: SESSION_SECRET: required in production (32+ characters)');
  }
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA ?? !production,
    publicOrigin: e.PUBLIC_URL,
    rateLimitLogin: e.RATE_LIMIT_LOGIN,
    rateLimitLoginAddress: e.RATE_LIMIT_LOGIN_ADDRESS,
    rateLimitRegister: e.RATE_LIMIT_REGISTER,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    webDist: e.WEB_DIST,
    session: {
      idleMs: 7 * 24 * 3_600_000,
      absoluteMs: 30 * 24 * 3_600_000,
      touchAfterMs: 60_000,
    },
    readCacheMs: e.READ_CACHE_MS,
    webhooks: { allowPrivate: e.WEBHOOK_ALLOW_PRIVATE, retrySchedule: e.WEBHOOK_RETRY_SCHEDULE },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, dir: e.MAIL_DIR, retrySchedule: e.MAIL_RETRY_SCHEDULE },
    faultInjection: e.NODE_ENV === 'test' ? e.FAULT_INJECTION : undefined,
  };
}
