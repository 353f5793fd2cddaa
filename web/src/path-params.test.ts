import { describe, expect, it } from 'vitest';
import { decodePathParam, isDecodable } from './path-params.js';

describe('path parameters', () => {
  it('decodes what the router hands over still escaped', () => {
    expect(decodePathParam('42')).toBe('42');
    expect(decodePathParam('ORD%2D1')).toBe('ORD-1');
    expect(decodePathParam('caf%C3%A9')).toBe('café');
  });

  it('treats a malformed escape as matching nothing', () => {
    expect(decodePathParam('%E0%A4')).toBeNull();
    expect(isDecodable('%E0%A4')).toBe(false);
    expect(isDecodable('ORD%2D1')).toBe(true);
  });
});
