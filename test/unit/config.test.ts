import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { parseRateLimit } from '../../server/domain/rate-limit.js';

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      production: false,
      port: 3000,
      databaseUrl: './data/orderpulse.db',
      redisUrl: undefined,
      demoData: true,
      publicOrigin: undefined,
      rateLimitLogin: { count: 10, windowMs: 15 * 60_000 },
      rateLimitLoginAddress: { count: 100, windowMs: 15 * 60_000 },
      rateLimitRegister: { count: 20, windowMs: 3_600_000 },
      metricsToken: undefined,
      trustProxy: null,
    });
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: ':memory:',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SESSION_SECRET: 's'.repeat(32),
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'off',
      PUBLIC_URL: 'https://shop.example.com/some/path',
      RATE_LIMIT_LOGIN: '5/30s',
      RATE_LIMIT_LOGIN_ADDRESS: '50/10m',
      RATE_LIMIT_REGISTER: '100/2h',
      METRICS_TOKEN: 'm'.repeat(16),
      TRUST_PROXY: 'loopback,10.0.0.0/8',
    });
    expect(config.trustProxy?.trusts('10.1.2.3')).toBe(true);
    expect(config.trustProxy?.trusts('192.0.2.1')).toBe(false);
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: ':memory:',
      redisUrl: 'redis://127.0.0.1:6379',
      sessionSecret: 's'.repeat(32),
      logLevel: 'warn',
      demoData: false,
      publicOrigin: 'https://shop.example.com',
      rateLimitLogin: { count: 5, windowMs: 30_000 },
      rateLimitLoginAddress: { count: 50, windowMs: 600_000 },
      rateLimitRegister: { count: 100, windowMs: 7_200_000 },
      metricsToken: 'm'.repeat(16),
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', RATE_LIMIT_LOGIN: '', METRICS_TOKEN: '' })).toMatchObject({
      port: 3000,
      rateLimitLogin: { count: 10 },
      metricsToken: undefined,
    });
  });

  it('takes TRUST_PROXY=off as unset', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBeNull();
  });

  it('turns demo data off by default in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
    expect(config).toMatchObject({ production: true, demoData: false });
  });

  it('requires SESSION_SECRET in production, and names it', () => {
    expect(configErrorOf({ NODE_ENV: 'production' }).message).toContain('SESSION_SECRET');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['DEMO_DATA', 'maybe'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['SESSION_SECRET', 'short'],
    ['PUBLIC_URL', 'not a url'],
    ['RATE_LIMIT_LOGIN', '10'],
    ['RATE_LIMIT_LOGIN', '10/15d'],
    ['RATE_LIMIT_LOGIN', '0/1m'],
    ['RATE_LIMIT_REGISTER', 'ten/1h'],
    ['RATE_LIMIT_REGISTER', '5/0s'],
    ['RATE_LIMIT_LOGIN_ADDRESS', '100'],
    ['RATE_LIMIT_LOGIN_ADDRESS', '100/15d'],
    ['RATE_LIMIT_LOGIN_ADDRESS', '0/15m'],
    ['METRICS_TOKEN', 'm'.repeat(15)],
    ['TRUST_PROXY', 'on'],
    ['TRUST_PROXY', 'nginx.internal'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '127.0.0.1,,10.0.0.1'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const error = configErrorOf({ [name]: value });
    expect(error.message).toContain(name);
  });
});

describe('RATE_LIMIT format COUNT/WINDOW', () => {
  it.each([
    ['10/15m', { count: 10, windowMs: 900_000 }],
    ['3/1m', { count: 3, windowMs: 60_000 }],
    ['20/1h', { count: 20, windowMs: 3_600_000 }],
    ['1/45s', { count: 1, windowMs: 45_000 }],
    [' 7/2m ', { count: 7, windowMs: 120_000 }],
  ])('reads %j', (text, rule) => {
    expect(parseRateLimit(text)).toEqual(rule);
  });

  it.each(['', '10', '/1m', '10/', '10/m', '10/1', '10/1d', '1.5/1m', '-1/1m', '0/1m', '1/0m', 'a/b', '10 / 1m'])(
    'refuses %j',
    (text) => {
      expect(parseRateLimit(text)).toBeNull();
    },
  );
});
