// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CheckoutAttempt, randomKey } from './idempotency-key.js';

describe('CheckoutAttempt', () => {
  it('reuses the key when the same order is retried', () => {
    const attempt = new CheckoutAttempt();
    const first = attempt.keyFor('{"a":1}');
    expect(attempt.keyFor('{"a":1}')).toBe(first);
  });

  it('keeps the key after an unknown outcome even if the form changed', () => {
    const attempt = new CheckoutAttempt();
    const first = attempt.keyFor('{"a":1}');
    expect(attempt.keyFor('{"a":2}')).toBe(first);
  });

  it('draws a new key once the server refused and the buyer changed the order', () => {
    const attempt = new CheckoutAttempt();
    const first = attempt.keyFor('{"a":1}');
    attempt.markRefused();
    expect(attempt.keyFor('{"a":1}')).toBe(first);
    attempt.markRefused();
    expect(attempt.keyFor('{"a":2}')).not.toBe(first);
  });
});

describe('randomKey', () => {
  it('is a v4 UUID', () => {
    expect(randomKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
