import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ID, quickUpdateStatus, updateStatusSchema } from '../../server/contract/request-schemas.js';

describe('quickUpdateStatus', () => {
  it('reads the usual bodies', () => {
    const none = { expected_version: null, carrier: null, tracking_number: null, note: null };
    expect(quickUpdateStatus({ order_id: 7, new_status: 'shipped' })).toEqual({ order_id: 7, new_status: 'shipped', ...none });
    expect(quickUpdateStatus({ order_id: 7, new_status: 'confirmed', expected_version: 3 })).toEqual({
      order_id: 7,
      new_status: 'confirmed',
      ...none,
      expected_version: 3,
    });
    expect(quickUpdateStatus({ order_id: MAX_ID, new_status: 'x'.repeat(40), note: null })).toEqual({
      order_id: MAX_ID,
      new_status: 'x'.repeat(40),
      ...none,
    });
  });

  it('leaves every other body to the schema', () => {
    for (const body of [
      null,
      [],
      'order_id=7',
      { order_id: '7', new_status: 'shipped' }, // a form's digits
      { order_id: 7.5, new_status: 'shipped' },
      { order_id: 0, new_status: 'shipped' },
      { order_id: 7, new_status: '' },
      { order_id: 7, new_status: 'x'.repeat(41) },
      { order_id: 7, new_status: 'shipped', expected_version: '' },
      { order_id: 7, new_status: 'shipped', carrier: 'DHL' },
      { order_id: 7, new_status: 'shipped', extra: 1 },
      JSON.parse('{"order_id":7,"new_status":"shipped","__proto__":{}}'),
    ]) {
      expect(quickUpdateStatus(body), JSON.stringify(body)).toBeUndefined();
    }
  });

  it('gives what the schema gives whenever it answers', () => {
    const anyValue = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer({ min: -3, max: 12 }),
      fc.constantFrom(0, -0, 1, 1.5, MAX_ID, MAX_ID + 1, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY),
      fc.double(),
      fc.string({ maxLength: 45 }),
      fc.constantFrom('', ' ', '7', 'shipped', ' DHL '),
      fc.boolean(),
      fc.constant({}),
      fc.constant([]),
    );
    const key = fc.constantFrom('order_id', 'new_status', 'expected_version', 'carrier', 'tracking_number', 'note', 'extra', 'toString');
    const body = fc.oneof(
      fc.dictionary(key, anyValue, { maxKeys: 7 }),
      // Mostly near the usual shape, so that both sides often answer.
      fc.record(
        {
          order_id: fc.oneof(fc.integer({ min: 1, max: MAX_ID }), anyValue),
          new_status: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), anyValue),
          expected_version: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 99 }), anyValue),
          note: fc.oneof(fc.constant(null), anyValue),
        },
        { requiredKeys: ['order_id', 'new_status'] },
      ),
      anyValue,
    );
    let answered = 0;
    fc.assert(
      fc.property(body, (b) => {
        const quick = quickUpdateStatus(b);
        if (quick === undefined) return;
        answered++;
        const schema = updateStatusSchema.safeParse(b);
        expect(schema.success, JSON.stringify(b)).toBe(true);
        expect(quick).toStrictEqual(schema.data);
      }),
      { numRuns: 5_000 },
    );
    expect(answered).toBeGreaterThan(100);
  });
});
