import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, IDEMPOTENCY_KEY_PATTERN, requestHash } from '../../server/domain/idempotency.js';

/** The same object with its keys inserted in reverse order, at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties: `out[k] = v` would set the prototype for "__proto__".
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

const body = {
  payment_method: 'card',
  shipping_address: { name: 'Bea', line1: '1 Road', city: 'Town', postal_code: '123', country: 'X' },
  items: [{ product_id: 1, quantity: 2 }],
};

describe('canonical JSON', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('drops undefined members, as JSON.stringify does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('keeps a "__proto__" key that JSON.parse made an own property', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":2}}'))).toBe('{"__proto__":{"x":2},"b":1}');
  });

  it('writes scalars as JSON', () => {
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(12)).toBe('12');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('parses back to the same value for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('request hash for Idempotency-Key', () => {
  it('is the same whatever order the keys come in', () => {
    expect(requestHash(reverseKeys(body))).toBe(requestHash(body));
  });

  it('ignores key order for any JSON object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        expect(requestHash(reverseKeys(value))).toBe(requestHash(value));
      }),
    );
  });

  it('differs when any part of the body differs', () => {
    const variants = [
      { ...body, payment_method: 'paypal' },
      { ...body, items: [{ product_id: 1, quantity: 3 }] },
      { ...body, items: [{ product_id: 2, quantity: 2 }] },
      { ...body, items: undefined },
      { ...body, shipping_address: { ...body.shipping_address, city: 'Other' } },
      { ...body, items: [...body.items, { product_id: 1, quantity: 2 }] },
    ];
    const hashes = new Set([requestHash(body), ...variants.map(requestHash)]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('tells apart different JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        expect(requestHash(a)).not.toBe(requestHash(b));
      }),
    );
  });

  it('is a hex SHA-256', () => {
    expect(requestHash(body)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('Idempotency-Key format', () => {
  it.each(['a', 'order-2026-11-25-abc', 'x'.repeat(255), '!~'])('accepts %s', (key) => {
    expect(IDEMPOTENCY_KEY_PATTERN.test(key)).toBe(true);
  });

  it.each(['', 'x'.repeat(256), 'has space', 'tab\there', 'é', 'line\nbreak'])('refuses %j', (key) => {
    expect(IDEMPOTENCY_KEY_PATTERN.test(key)).toBe(false);
  });
});
