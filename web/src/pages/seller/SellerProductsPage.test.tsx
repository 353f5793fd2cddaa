import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductBody, StatusCounts, UserBody } from '../../../../server/contract/api.js';
import { productBody } from '../../api/bodies.test-support.js';
import { installFakeFetch, type RecordedRequest } from '../../api/fake-fetch.test-support.js';
import { renderRouted } from '../../router.test-support.jsx';
import { setSessionUser } from '../../state/session.js';
import { ProductEditorPage } from './ProductEditorPage.jsx';
import { SellerProductsPage } from './SellerProductsPage.jsx';

const seller: UserBody = { id: 3, email: 'uma@example.com', first_name: 'Uma', last_name: 'R', role: 'seller', created_at: '2026-01-01T00:00:00Z', seller_id: 1, store_name: 'Urban Threads' };

const product = (id: number, overrides: Partial<ProductBody> = {}): ProductBody => productBody({ id, name: `Product ${id}`, stock: 20, ...overrides });

const totals: StatusCounts = { all: 9, pending: 4, confirmed: 5, processing: 0, shipped: 0, delivered: 0, cancelled: 0, returned: 0 };

describe('seller products', () => {
  let products: ProductBody[];
  let requests: RecordedRequest[];

  beforeEach(() => {
    setSessionUser(seller);
    products = [];
    requests = installFakeFetch({
      'GET /api/seller/products': () => ({ status: 200, body: { products } }),
      'POST /api/seller/products': (request) => {
        const input = request.body as { name: string; price: number };
        if (input.name === 'Taken') return { status: 400, body: { error: { code: 'invalid_input', message: 'The request is not valid', details: [{ path: 'price', message: 'Too expensive' }] } } };
        const created = product(7, { ...(request.body as Partial<ProductBody>) });
        products = [created];
        return { status: 201, body: { product: created } };
      },
      'GET /api/products/7': () => ({ status: 200, body: { product: products[0] } }),
      // Another store's product, public in the catalog: the editor must never show it.
      'GET /api/products/1': () => ({ status: 200, body: { product: productBody({ id: 1, name: 'Organic Cotton Tee', seller_id: 2 }) } }),
      // The seller's totals, asked unfiltered (a filtered list would count less).
      'GET /api/seller/orders?page=1&limit=1': () => ({ status: 200, body: { orders: [], counts: totals, total: totals.all } }),
      'GET /api/seller/return-requests?page=1&limit=1&status=requested': () => ({ status: 200, body: { return_requests: [], counts: { requested: 2, approved: 0, declined: 0 }, total: 2 } }),
      'POST /api/seller/products/7/image': () => {
        products = [{ ...(products[0] ?? product(7)), image_url: '/images/products/7/0123456789abcdef.png' }];
        return { status: 200, body: { product: products[0] } };
      },
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('leads a seller with no products to add a first one', async () => {
    renderRouted(SellerProductsPage, '/seller/products');
    const first = await screen.findByRole('link', { name: 'Add your first product' });
    expect(first.getAttribute('href')).toBe('/seller/products/new');
    const nav = screen.getByRole('navigation', { name: 'Seller dashboard' });
    expect(within(nav).getByRole('link', { name: /Products/ }).getAttribute('aria-current')).toBe('page');
  });

  it('lists products with a low-stock badge at 5 or fewer, hidden ones said so, and a search by name', async () => {
    products = [product(1, { name: 'Felt Hat', stock: 5 }), product(2, { name: 'Scarf', stock: 40, active: false }), product(3, { name: 'Mittens', stock: 0 })];
    renderRouted(SellerProductsPage, '/seller/products');
    await screen.findByRole('rowheader', { name: 'Felt Hat' });
    const row = (name: string) => screen.getByRole('rowheader', { name }).closest('tr') as HTMLElement;
    expect(row('Felt Hat').textContent).toContain('Low stock');
    expect(row('Scarf').textContent).not.toContain('Low stock');
    expect(row('Scarf').textContent).toContain('No (hidden)');
    expect(row('Mittens').textContent).toContain('Sold out');
    expect(within(row('Felt Hat')).getByRole('link', { name: 'Edit Felt Hat' }).getAttribute('href')).toBe('/seller/products/1');
    fireEvent.input(screen.getByLabelText('Search your products'), { target: { value: 'hat' } });
    expect(screen.queryByRole('rowheader', { name: 'Scarf' })).toBeNull();
    expect(screen.getByRole('rowheader', { name: 'Felt Hat' })).toBeTruthy();
  });

  it('adds a product with its picture, then shows it for editing', async () => {
    renderRouted(ProductEditorPage, '/seller/products/new', '/seller/products/:id');
    await screen.findByRole('heading', { name: 'New product' });
    fireEvent.click(screen.getByRole('button', { name: 'Add product' }));
    expect(screen.getByText('Give the product a name')).toBeTruthy();
    expect(screen.getByText('Enter a price like 12.50')).toBeTruthy();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);

    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Felt Hat' } });
    fireEvent.input(screen.getByLabelText(/Price/), { target: { value: '24.50' } });
    fireEvent.input(screen.getByLabelText(/In stock/), { target: { value: '12' } });
    fireEvent.input(screen.getByLabelText(/Sizes/), { target: { value: 'S, M, M , L' } });
    const picture = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'hat.png', { type: 'image/png' });
    fireEvent.change(screen.getByLabelText(/Picture/), { target: { files: [picture] } });
    fireEvent.click(screen.getByRole('button', { name: 'Add product' }));

    await waitFor(() => expect(window.location.pathname).toBe('/seller/products/7'));
    const created = requests.find((r) => r.method === 'POST' && r.path === '/api/seller/products');
    expect(created?.body).toEqual({ name: 'Felt Hat', description: '', price: 2450, stock: 12, sizes: ['S', 'M', 'L'], colors: [] });
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/seller/products/7/image')).toBe(true);
    await screen.findByRole('heading', { name: 'Edit Felt Hat' });
    expect(screen.getByRole('status').textContent).toContain('Added');
  });

  it('shows the server’s refusal next to its field', async () => {
    renderRouted(ProductEditorPage, '/seller/products/new', '/seller/products/:id');
    await screen.findByRole('heading', { name: 'New product' });
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Taken' } });
    fireEvent.input(screen.getByLabelText(/Price/), { target: { value: '1' } });
    fireEvent.input(screen.getByLabelText(/In stock/), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add product' }));
    await screen.findByText('Too expensive');
    expect(screen.getByLabelText(/Price/).getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps the seller’s pending and open-return totals on the sidebar, menu first in the page', async () => {
    renderRouted(SellerProductsPage, '/seller/products');
    const nav = screen.getByRole('navigation', { name: 'Seller dashboard' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: /Orders/ }).textContent).toBe('📋 Orders4 pending'));
    await waitFor(() => expect(within(nav).getByRole('link', { name: /Returns/ }).textContent).toBe('↩️ Returns2 open'));
    const heading = await screen.findByRole('heading', { name: 'Products', level: 1 });
    expect(nav.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows a clear not-found state, with a way back, for a product that does not exist', async () => {
    products = [product(4, { name: 'Felt Hat' })];
    renderRouted(ProductEditorPage, '/seller/products/9999', '/seller/products/:id');
    await screen.findByRole('heading', { name: 'Product not found', level: 1 });
    expect(screen.getByRole('link', { name: 'Back to your products' }).getAttribute('href')).toBe('/seller/products');
    expect(screen.queryByText('Loading product…')).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Name' })).toBeNull();
  });

  it('never fills the form with another seller’s product: it is not found here', async () => {
    products = [product(4, { name: 'Felt Hat' })];
    renderRouted(ProductEditorPage, '/seller/products/1', '/seller/products/:id');
    await screen.findByRole('heading', { name: 'Product not found', level: 1 });
    expect(screen.queryByText(/Organic Cotton Tee/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
    expect(requests.some((r) => r.path === '/api/products/1')).toBe(false);
  });

  it('edits one of the seller’s own products, filled from their own list', async () => {
    products = [product(4, { name: 'Felt Hat', price: 2450 })];
    renderRouted(ProductEditorPage, '/seller/products/4', '/seller/products/:id');
    await screen.findByRole('heading', { name: 'Edit Felt Hat' });
    expect((screen.getByLabelText(/Price/) as HTMLInputElement).value).toBe('24.50');
  });
});
