import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductBody, UserBody } from '../../server/contract/api.js';
import { installFakeFetch, type RecordedRequest } from './api/fake-fetch.test-support.js';
import { App } from './App.jsx';
import { setCartFromServer } from './state/cart-store.js';
import { setSessionUser } from './state/session.js';
import { productBody } from './api/bodies.test-support.js';

const buyer: UserBody = { id: 1, email: 'ada@example.com', first_name: 'Ada', last_name: 'L', role: 'buyer', created_at: '2026-01-01T00:00:00Z' };

const product = (id: number, name: string): ProductBody => productBody({ id, name });

const PRODUCTS = [product(3, 'Tee'), product(4, 'Mug')];

function searchOf(request: RecordedRequest): URLSearchParams {
  return new URLSearchParams(request.path.split('?')[1]);
}

describe('App routing', () => {
  let user: UserBody | null;
  let requests: RecordedRequest[];

  // Each page is a chunk the router imports on demand; a page's first import is also its first
  // transform here, which on a busy machine can outlast a findBy's wait. Import them once first.
  beforeAll(async () => {
    await Promise.all([import('./pages/CatalogPage.jsx'), import('./pages/ProductDetailPage.jsx'), import('./pages/CartPage.jsx'), import('./pages/LoginPage.jsx'), import('./pages/NotFoundPage.jsx')]);
  });

  beforeEach(() => {
    window.history.replaceState(null, '', '/');
    user = null;
    requests = installFakeFetch({
      'GET /api/auth/session': () => ({ status: 200, body: { user } }),
      'POST /api/auth/login': () => {
        user = buyer;
        return { status: 200, body: { user } };
      },
      'GET /api/cart': () => ({ status: 200, body: { items: [], total_amount: 0, currency: 'USD' } }),
      'GET /api/products': (request) => {
        const q = searchOf(request).get('q') ?? '';
        const products = PRODUCTS.filter((item) => item.name.toLowerCase().includes(q.toLowerCase()));
        return { status: 200, body: { products, total: products.length, page: 1, limit: 12 } };
      },
      'GET /api/products/3': () => ({ status: 200, body: { product: PRODUCTS[0] } }),
      'GET /api/products/4': () => ({ status: 200, body: { product: PRODUCTS[1] } }),
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
    setCartFromServer(undefined);
  });

  const main = () => document.getElementById('main');

  it('follows an app link without a page load, starting the new page at its top with <main> focused', async () => {
    const scrollTo = vi.spyOn(window, 'scrollTo');
    render(() => <App />);
    const link = await screen.findByRole('link', { name: 'Tee' });
    expect(fireEvent.click(link), 'the router took the click').toBe(false);
    expect(await screen.findByRole('heading', { level: 1, name: 'Tee' })).toBeTruthy();
    expect(window.location.pathname).toBe('/products/3');
    expect(document.activeElement).toBe(main());
    expect(scrollTo).toHaveBeenCalledWith(0, 0);
  });

  it('keeps the page on a query change: a search updates the list in place', async () => {
    render(() => <App />);
    await screen.findByRole('link', { name: 'Mug' });
    const box = screen.getByRole('searchbox', { name: 'Search products' });
    box.focus();
    fireEvent.input(box, { target: { value: 'tee' } });
    fireEvent.submit(box.closest('form') as HTMLFormElement);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Mug' })).toBeNull());
    expect(window.location.search).toBe('?q=tee');
    expect(screen.getByRole('searchbox', { name: 'Search products' }), 'the same page, not a remounted one').toBe(box);
    expect(document.activeElement, 'focus stays in the search box').toBe(box);
    expect(requests.filter((request) => request.path.startsWith('/api/products?')).map((request) => searchOf(request).get('q'))).toEqual([null, 'tee']);
  });

  it('follows Back and Forward', async () => {
    render(() => <App />);
    fireEvent.click(await screen.findByRole('link', { name: 'Tee' }));
    await screen.findByRole('heading', { level: 1, name: 'Tee' });
    window.history.back();
    expect(await screen.findByRole('heading', { level: 1, name: 'Shop' })).toBeTruthy();
    expect(window.location.pathname).toBe('/');
    window.history.forward();
    expect(await screen.findByRole('heading', { level: 1, name: 'Tee' })).toBeTruthy();
  });

  it('starts a new page for a new path of the same route', async () => {
    window.history.replaceState(null, '', '/products/3');
    render(() => <App />);
    const first = await screen.findByRole('heading', { level: 1, name: 'Tee' });
    window.history.pushState(null, '', '/products/4');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Mug' })).toBeTruthy();
    expect(first.isConnected, 'the page for product 3 is gone, not reused').toBe(false);
  });

  it('shows "Page not found" for unknown paths and undecodable parameters', async () => {
    window.history.replaceState(null, '', '/nowhere');
    const { unmount } = render(() => <App />);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
    unmount();
    window.history.replaceState(null, '', '/products/%E0%A4');
    render(() => <App />);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });

  it('leaves the skip link to the browser', async () => {
    render(() => <App />);
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    expect(fireEvent.click(skip), 'the router left the click alone').toBe(true);
    await waitFor(() => expect(window.location.hash, "the browser's own jump").toBe('#main'));
    expect(window.location.pathname).toBe('/');
  });

  it('sends a guest from a guarded page to log in, then back to it', async () => {
    window.history.replaceState(null, '', '/cart?from=test');
    render(() => <App />);
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/cart?from=test');
    fireEvent.input(await screen.findByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'secret-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe('/cart?from=test'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your cart' })).toBeTruthy();
  });
});
