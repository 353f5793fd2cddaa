import fc from 'fast-check';
import { parse } from 'hono/utils/cookie';
import { describe, expect, it } from 'vitest';
import { cookieValue } from '../../server/http/middleware/session.js';

describe('cookieValue', () => {
  it('finds the named pair wherever it stands', () => {
    expect(cookieValue('op_session=abc', 'op_session')).toBe('abc');
    expect(cookieValue('a=1; op_session=abc; b=2', 'op_session')).toBe('abc');
    expect(cookieValue('a=1;op_session=abc', 'op_session')).toBe('abc');
    expect(cookieValue('a=1;  op_session=abc  ', 'op_session')).toBe('abc');
    expect(cookieValue('op_session=', 'op_session')).toBe('');
  });

  it('does not take a cookie whose name merely contains the name, or a value that does', () => {
    expect(cookieValue('x_op_session=evil', 'op_session')).toBeUndefined();
    expect(cookieValue('op_session_old=evil; op_session=good', 'op_session')).toBe('good');
    expect(cookieValue('a=op_session=evil', 'op_session')).toBeUndefined();
    expect(cookieValue('a=op_session=evil; op_session=good', 'op_session')).toBe('good');
    expect(cookieValue('a=1; b=2', 'op_session')).toBeUndefined();
  });

  it('agrees with hono’s cookie parser on headers of plain pairs', () => {
    const name = fc.constantFrom('op_session', 'op', 'session', 'x_op_session', 'op_session2', 'a');
    const value = fc.stringMatching(/^[A-Za-z0-9_=-]{0,12}$/);
    const header = fc.array(fc.tuple(name, value), { maxLength: 6 }).map((pairs) => pairs.map(([n, v]) => `${n}=${v}`).join('; '));
    fc.assert(
      fc.property(header, (h) => {
        // hono keeps the last of repeated names, browsers send the most specific first: compare unique names.
        const names = h.split('; ').map((p) => p.split('=')[0]);
        fc.pre(names.filter((n) => n === 'op_session').length <= 1);
        expect(cookieValue(h, 'op_session')).toBe(parse(h, 'op_session')['op_session']);
      }),
    );
  });
});
