// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { findRoute, matchPath, shouldInterceptClick } from './route-matching.js';

describe('matchPath', () => {
  it('matches static paths, with or without a trailing slash', () => {
    expect(matchPath('/cart', '/cart')).toEqual({});
    expect(matchPath('/cart', '/cart/')).toEqual({});
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/cart', '/checkout')).toBeNull();
  });

  it('captures and decodes parameters', () => {
    expect(matchPath('/products/:id', '/products/42')).toEqual({ id: '42' });
    expect(matchPath('/order-confirmation/:order_number', '/order-confirmation/ORD%2D1')).toEqual({ order_number: 'ORD-1' });
    expect(matchPath('/products/:id', '/products')).toBeNull();
    expect(matchPath('/products/:id', '/products/1/2')).toBeNull();
  });

  it('treats a malformed escape as no match', () => {
    expect(matchPath('/products/:id', '/products/%E0%A4')).toBeNull();
  });
});

describe('findRoute', () => {
  it('returns the first route that matches', () => {
    const routes = [
      { path: '/', view: 'home' },
      { path: '/products/:id', view: 'product' },
    ];
    expect(findRoute(routes, '/products/3')).toEqual({ route: routes[1], params: { id: '3' } });
    expect(findRoute(routes, '/nowhere')).toBeNull();
  });
});

describe('shouldInterceptClick', () => {
  const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
  const anchor = (pathname: string, extra: { target?: string; origin?: string; download?: boolean } = {}) => ({
    target: extra.target ?? '',
    origin: extra.origin ?? 'http://app.test',
    pathname,
    hasAttribute: (name: string) => name === 'download' && extra.download === true,
  });

  it('takes plain same-origin app links', () => {
    expect(shouldInterceptClick(click, anchor('/cart'), 'http://app.test')).toBe(true);
  });

  it('leaves modified clicks, new tabs, downloads, other origins and server paths to the browser', () => {
    expect(shouldInterceptClick({ ...click, ctrlKey: true }, anchor('/cart'), 'http://app.test')).toBe(false);
    expect(shouldInterceptClick({ ...click, button: 1 }, anchor('/cart'), 'http://app.test')).toBe(false);
    expect(shouldInterceptClick(click, anchor('/cart', { target: '_blank' }), 'http://app.test')).toBe(false);
    expect(shouldInterceptClick(click, anchor('/x.pdf', { download: true }), 'http://app.test')).toBe(false);
    expect(shouldInterceptClick(click, anchor('/cart', { origin: 'http://evil.test' }), 'http://app.test')).toBe(false);
    expect(shouldInterceptClick(click, anchor('/api/products'), 'http://app.test')).toBe(false);
  });
});
