/**
 * The buyer pages' audit, as reported: a cart that never warned about stock, quantity fields
 * that quietly turned what was typed into another number, and a catalog page past the last
 * with nothing on it and nothing said.
 */
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CartBody, CartItemBody, ProductBody, UserBody } from '../../../server/contract/api.js';
import { productBody } from '../api/bodies.test-support.js';
import { installFakeFetch } from '../api/fake-fetch.test-support.js';
import { renderRouted } from '../router.test-support.jsx';
import { setCartFromServer } from '../state/cart-store.js';
import { setSessionUser } from '../state/session.js';
import { CartPage } from './CartPage.jsx';
import { CatalogPage } from './CatalogPage.jsx';
import { ProductDetailPage } from './ProductDetailPage.jsx';

const buyer: UserBody = { id: 1, email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', role: 'buyer', created_at: '2026-01-01T00:00:00Z' };

const line = (id: number, quantity: number, product: ProductBody, size: string | null = null): CartItemBody => ({
  id,
  product_id: product.id,
  quantity,
  size,
  color: null,
  product,
});
const cartOf = (...items: CartItemBody[]): CartBody => ({
  currency: 'USD',
  total_amount: items.reduce((sum, item) => sum + item.quantity * item.product.price, 0),
  items,
});

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionUser(null);
  setCartFromServer(undefined);
});

const checkoutLink = () => screen.queryByRole('link', { name: 'Proceed to checkout' });
const checkoutButton = () => screen.queryByRole('button', { name: 'Proceed to checkout' }) as HTMLButtonElement | null;

describe('the cart against the stock', () => {
  it('marks a line holding more than is left, offers to reduce it, and does not check out until it is fixed', async () => {
    setSessionUser(buyer);
    const mug = productBody({ id: 4, name: 'Mug', stock: 1 });
    const reduced = cartOf(line(3, 1, mug));
    const requests = installFakeFetch({
      'GET /api/cart': () => ({ status: 200, body: cartOf(line(3, 3, mug)) }),
      'PATCH /api/cart/items/3': () => ({ status: 200, body: { cart: reduced } }),
    });
    renderRouted(CartPage, '/cart');
    const problem = await screen.findByText(/Only 1 left for this line, and it has 3\./);
    expect(problem.textContent).toContain('Not enough stock');
    expect(checkoutLink()).toBeNull();
    expect(checkoutButton()?.disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: /^Reduce to 1\s*Mug$/ }));
    await waitFor(() => expect(checkoutLink()?.getAttribute('href')).toBe('/checkout'));
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ quantity: 1 });
    expect(screen.queryByText(/Not enough stock/)).toBeNull();
  });

  it('says "Out of stock" on a line whose product has none left, with no reduce offer', async () => {
    setSessionUser(buyer);
    installFakeFetch({ 'GET /api/cart': () => ({ status: 200, body: cartOf(line(3, 3, productBody({ name: 'Mug', stock: 0 }))) }) });
    renderRouted(CartPage, '/cart');
    expect((await screen.findByText('Out of stock:')).closest('.cart-line__problem')?.textContent).toContain('Remove it to check out.');
    expect(screen.queryByRole('button', { name: /Reduce to/ })).toBeNull();
    expect(checkoutButton()?.disabled).toBe(true);
  });

  it('counts the stock once across the lines of one product (two sizes)', async () => {
    setSessionUser(buyer);
    const tee = productBody({ name: 'Tee', stock: 5, sizes: ['S', 'M'] });
    installFakeFetch({ 'GET /api/cart': () => ({ status: 200, body: cartOf(line(1, 3, tee, 'S'), line(2, 3, tee, 'M')) }) });
    renderRouted(CartPage, '/cart');
    expect((await screen.findAllByText(/Not enough stock/)).length).toBe(2);
    expect(screen.getAllByText(/Only 2 left for this line \(your other lines of it hold 3\), and it has 3\./)).toHaveLength(2);
  });
});

describe('the cart’s quantity field', () => {
  const mugCart = () => cartOf(line(3, 2, productBody({ name: 'Mug', stock: 115 })));
  it.each([
    ['0', 'A quantity is at least 1. Enter a whole number from 1 to 115.'],
    ['-2', 'A quantity cannot be negative. Enter a whole number from 1 to 115.'],
    ['1.5', 'A quantity is a whole number. Enter a whole number from 1 to 115.'],
    ['99999', 'Only 115 left. Enter a whole number from 1 to 115.'],
  ])('refuses %s beside the field, keeps what was typed, and asks the server nothing', async (typed, message) => {
    setSessionUser(buyer);
    const requests = installFakeFetch({ 'GET /api/cart': () => ({ status: 200, body: mugCart() }) });
    renderRouted(CartPage, '/cart');
    const field = (await screen.findByLabelText('Quantity of Mug')) as HTMLInputElement;
    field.value = typed;
    fireEvent.change(field);
    const error = await screen.findByText(message);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(error.id);
    expect(field.value).toBe(typed);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('keeps the number the server refused (stock moved meanwhile), with its reason and what the cart still has', async () => {
    setSessionUser(buyer);
    installFakeFetch({
      'GET /api/cart': () => ({ status: 200, body: mugCart() }),
      'PATCH /api/cart/items/3': () => ({
        status: 409,
        body: { error: { code: 'insufficient_stock', message: 'Only 10 of Mug left: this line can have at most 10', details: { product_id: 9, available: 10 } } },
      }),
    });
    renderRouted(CartPage, '/cart');
    const field = (await screen.findByLabelText('Quantity of Mug')) as HTMLInputElement;
    field.value = '50';
    fireEvent.change(field);
    await screen.findByText('Only 10 of Mug left: this line can have at most 10 Your cart still has 2.');
    expect((screen.getByLabelText('Quantity of Mug') as HTMLInputElement).value).toBe('50');
  });
});

describe('the product page’s quantity field', () => {
  it.each([
    ['-3', 'A quantity cannot be negative. Enter a whole number from 1 to 115.'],
    ['1.5', 'A quantity is a whole number. Enter a whole number from 1 to 115.'],
    ['99999', 'Only 115 left. Enter a whole number from 1 to 115.'],
  ])('refuses %s with the reason and adds nothing', async (typed, message) => {
    setSessionUser(buyer);
    const requests = installFakeFetch({ 'GET /api/products/9': () => ({ status: 200, body: { product: productBody({ name: 'Mug', stock: 115 }) } }) });
    renderRouted(ProductDetailPage, '/products/9', '/products/:id');
    const field = (await screen.findByLabelText('Quantity')) as HTMLInputElement;
    field.value = typed;
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(await screen.findByText(message)).toBeTruthy();
    expect(field.value).toBe(typed);
    expect(requests.filter((r) => r.path.startsWith('/api/cart'))).toEqual([]);
  });

  it('over 1000 in stock, says the per-line limit', async () => {
    setSessionUser(buyer);
    installFakeFetch({ 'GET /api/products/9': () => ({ status: 200, body: { product: productBody({ name: 'Pin', stock: 5000 }) } }) });
    renderRouted(ProductDetailPage, '/products/9', '/products/:id');
    const field = (await screen.findByLabelText('Quantity')) as HTMLInputElement;
    field.value = '2000';
    fireEvent.change(field);
    expect(await screen.findByText('At most 1000 can be ordered at once. Enter a whole number from 1 to 1000.')).toBeTruthy();
  });

  it('adds exactly the whole number typed', async () => {
    setSessionUser(buyer);
    const requests = installFakeFetch({
      'GET /api/products/9': () => ({ status: 200, body: { product: productBody({ name: 'Mug', stock: 115 }) } }),
      'POST /api/cart/items': () => ({ status: 201, body: { cart: cartOf() } }),
    });
    renderRouted(ProductDetailPage, '/products/9', '/products/:id');
    const field = (await screen.findByLabelText('Quantity')) as HTMLInputElement;
    field.value = '7';
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    await screen.findByText(/Added 7 × Mug/);
    expect(requests.find((r) => r.path === '/api/cart/items')?.body).toEqual({ product_id: 9, quantity: 7 });
  });
});

describe('a catalog page past the last', () => {
  it('says there is no such page and links to the first and the last', async () => {
    installFakeFetch({ 'GET /api/products': () => ({ status: 200, body: { products: [], total: 30, page: 99, limit: 12 } }) });
    renderRouted(CatalogPage, '/?page=99', '/');
    expect(await screen.findByText('There is no page 99: these products fill 3 pages.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to the first page' }).getAttribute('href')).toBe('/');
    expect(screen.getByRole('link', { name: 'Go to the last page (3)' }).getAttribute('href')).toBe('/?page=3');
    expect(screen.queryByText(/Page 99 of 3/)).toBeNull();
  });
});
