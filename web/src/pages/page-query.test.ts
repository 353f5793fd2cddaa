// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { positivePage, queryValue, safeNextPath, withQuery } from './page-query.js';

describe('page-query', () => {
  it('reads page numbers defensively', () => {
    expect(positivePage('3')).toBe(3);
    expect(positivePage(null)).toBe(1);
    expect(positivePage('0')).toBe(1);
    expect(positivePage('1.5')).toBe(1);
    expect(positivePage('abc')).toBe(1);
  });

  it('reads one value of a query parameter, the first of a repeated one', () => {
    expect(queryValue({ q: 'mug' }, 'q')).toBe('mug');
    expect(queryValue({ q: ['mug', 'tee'] }, 'q')).toBe('mug');
    expect(queryValue({}, 'q')).toBeNull();
  });

  it('builds query strings without empty values or page 1', () => {
    expect(withQuery('/', { q: 'mug', page: 1 })).toBe('/?q=mug');
    expect(withQuery('/', { q: '', page: 2 })).toBe('/?page=2');
    expect(withQuery('/seller-dashboard', {})).toBe('/seller-dashboard');
  });

  it('accepts only same-site return paths', () => {
    expect(safeNextPath('/orders')).toBe('/orders');
    expect(safeNextPath('//evil.test')).toBeNull();
    expect(safeNextPath('/\\evil.test')).toBeNull();
    expect(safeNextPath('https://evil.test')).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });
});
