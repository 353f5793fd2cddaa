/**
 * What a new buyer tripped on, page by page, each as it was reported: a product link to
 * nothing, an over-long search, an e-mail the server was asked about, a throttled login with
 * no wait time, a password rule said twice, an "already registered" with no way to log in,
 * and a cart field showing a quantity the cart never took without saying why.
 */
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CartBody, UserBody } from '../../../server/contract/api.js';
import { productBody } from '../api/bodies.test-support.js';
import { installFakeFetch, jsonResponse } from '../api/fake-fetch.test-support.js';
import { renderRouted } from '../router.test-support.jsx';
import { setCartFromServer } from '../state/cart-store.js';
import { setSessionUser } from '../state/session.js';
import { CartPage } from './CartPage.jsx';
import { CatalogPage } from './CatalogPage.jsx';
import { LoginPage } from './LoginPage.jsx';
import { ProductDetailPage } from './ProductDetailPage.jsx';
import { RegisterPage } from './RegisterPage.jsx';

const buyer: UserBody = { id: 1, email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', role: 'buyer', created_at: '2026-01-01T00:00:00Z' };

const tee = productBody({ store_name: 'Shop' });

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionUser(null);
  setCartFromServer(undefined);
});

describe('a product link to nothing', () => {
  it('says "Product not found" instead of loading forever', async () => {
    installFakeFetch({ 'GET /api/products/99999': () => ({ status: 404, body: { error: { code: 'not_found', message: 'Product not found' } } }) });
    renderRouted(ProductDetailPage, '/products/99999', '/products/:id');
    expect(await screen.findByRole('heading', { name: 'Product not found' })).toBeTruthy();
    expect(screen.queryByText('Loading product…')).toBeNull();
    expect(screen.getByRole('link', { name: 'Back to the shop' }).getAttribute('href')).toBe('/');
    await waitFor(() => expect(document.title).toContain('Product not found'));
  });
});

describe('searching the catalog', () => {
  it('never sends a search over 100 characters, and says so in plain words', async () => {
    const requests = installFakeFetch({});
    renderRouted(CatalogPage, `/?q=${'a'.repeat(101)}`, '/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('at most 100 characters');
    expect(alert.textContent).not.toContain('query string');
    expect(requests.filter((r) => r.path.startsWith('/api/products'))).toEqual([]);
    expect(screen.queryByText('Loading products…')).toBeNull();
    expect((screen.getByLabelText('Search products') as HTMLInputElement).maxLength).toBe(100);
  });

  it('offers the way back from a search that found nothing', async () => {
    installFakeFetch({ 'GET /api/products': () => ({ status: 200, body: { products: [], total: 0, page: 1, limit: 12 } }) });
    renderRouted(CatalogPage, '/?q=unicorn', '/');
    expect(await screen.findByText(/No products match “unicorn”\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See all products' }).getAttribute('href')).toBe('/');
  });
});

describe('logging in', () => {
  it('refuses an e-mail address that is not one before asking the server', async () => {
    const requests = installFakeFetch({});
    renderRouted(LoginPage, '/login');
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'ada.example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('Enter an email address like name@example.com.')).toBeTruthy();
    expect(screen.queryByText(/incorrect/)).toBeNull();
    expect(requests).toEqual([]);
  });

  it('says how long to wait when the server throttles (Retry-After)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        const response = jsonResponse(429, { error: { code: 'rate_limited', message: 'Too many attempts; try again later' } });
        response.headers.set('Retry-After', '120');
        return response;
      }),
    );
    renderRouted(LoginPage, '/login');
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Please try again in 2 minutes.'));
  });
});

describe('registering', () => {
  it('says the password rule once: the error takes the hint’s place', async () => {
    installFakeFetch({});
    renderRouted(RegisterPage, '/register');
    expect(screen.getAllByText(/at least 8 characters/i)).toHaveLength(1);
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await screen.findByText('Please correct the highlighted fields.');
    expect(screen.getAllByText(/at least 8 characters/i)).toHaveLength(1);
  });

  it('links "already registered" to logging in', async () => {
    installFakeFetch({
      'POST /api/auth/register': () => ({
        status: 409,
        body: { error: { code: 'email_taken', message: 'An account with this email already exists', details: [{ path: ['email'], message: 'Already registered' }] } },
      }),
    });
    renderRouted(RegisterPage, '/register?next=%2Fcart', '/register');
    fireEvent.input(screen.getByLabelText('First name'), { target: { value: 'Ada' } });
    fireEvent.input(screen.getByLabelText('Last name'), { target: { value: 'Lovelace' } });
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    const link = await screen.findByRole('link', { name: 'Log in instead' });
    expect(link.getAttribute('href')).toBe('/login?next=%2Fcart');
  });
});

describe('the cart', () => {
  it('refuses a quantity over the stock beside the field, keeping what was typed, without asking the server', async () => {
    setSessionUser(buyer);
    const cart: CartBody = { currency: 'USD', total_amount: 24_000, items: [{ id: 3, product_id: 9, quantity: 10, size: null, color: null, product: tee }] };
    const requests = installFakeFetch({ 'GET /api/cart': () => ({ status: 200, body: cart }) });
    renderRouted(CartPage, '/cart');
    const field = (await screen.findByLabelText('Quantity of Tee')) as HTMLInputElement;
    field.value = '999';
    fireEvent.change(field);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Only 10 left. Enter a whole number from 1 to 10.'));
    expect(field.value).toBe('999');
    expect(requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });
});
