import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CartBody, PlaceOrderBody, UserBody } from '../../../server/contract/api.js';
import { renderRouted } from '../router.test-support.jsx';
import { setCartFromServer } from '../state/cart-store.js';
import { setSessionUser } from '../state/session.js';
import { CheckoutPage } from './CheckoutPage.jsx';
import { productBody } from '../api/bodies.test-support.js';

const buyer: UserBody = { id: 1, email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', role: 'buyer', created_at: '2026-01-01T00:00:00Z' };

const cart: CartBody = {
  currency: 'USD',
  total_amount: 4800,
  items: [
    {
      id: 1,
      product_id: 9,
      quantity: 2,
      size: 'M',
      color: null,
      product: productBody({ sizes: ['M'], store_name: 'Shop' }),
    },
  ],
};

const placed: PlaceOrderBody = { success: true, order_id: 5, order_number: 'OP-5', checkout_number: 'CO-5', orders: [{ order_id: 5, order_number: 'OP-5', seller_id: 1, total_amount: 4800 }] };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

type PlaceHandler = (init: RequestInit) => Promise<Response>;

function mockFetch(placeOrder: PlaceHandler) {
  const placeCalls: RequestInit[] = [];
  const fetchMock = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if (url === '/api/cart') return Promise.resolve(json(200, cart));
    if (url === '/api/place-order') {
      placeCalls.push(init);
      return placeOrder(init);
    }
    return Promise.resolve(json(404, { error: { code: 'not_found', message: 'nope' } }));
  });
  vi.stubGlobal('fetch', fetchMock);
  return placeCalls;
}

function headerOf(init: RequestInit, name: string): string | undefined {
  return (init.headers as Record<string, string>)[name];
}

async function fillAddress() {
  await screen.findByLabelText('Street address');
  fireEvent.input(screen.getByLabelText('Street address'), { target: { value: '1 Main St' } });
  fireEvent.input(screen.getByLabelText('City'), { target: { value: 'Springfield' } });
  fireEvent.input(screen.getByLabelText('Postal code'), { target: { value: '12345' } });
  fireEvent.input(screen.getByLabelText('Country'), { target: { value: 'US' } });
}

describe('CheckoutPage', () => {
  beforeEach(() => {
    setSessionUser(buyer);
    setCartFromServer(cart);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
    setCartFromServer(undefined);
  });

  it('disables Place order while sending and retries with the same Idempotency-Key', async () => {
    let release: (response: Response) => void = () => {};
    let attempt = 0;
    const calls = mockFetch(() => {
      attempt += 1;
      if (attempt === 1) return Promise.reject(new TypeError('Failed to fetch'));
      return new Promise((resolve) => (release = resolve));
    });
    renderRouted(CheckoutPage, '/checkout');
    await fillAddress();

    fireEvent.click(screen.getByRole('button', { name: /Place order/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Could not reach the server'));
    const button = screen.getByRole('button', { name: /Place order/ }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);

    fireEvent.click(button);
    await waitFor(() => expect(calls).toHaveLength(2));
    expect((screen.getByRole('button', { name: /Placing your order/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(headerOf(calls[1] ?? {}, 'Idempotency-Key')).toBe(headerOf(calls[0] ?? {}, 'Idempotency-Key'));
    expect(headerOf(calls[0] ?? {}, 'Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(String(calls[0]?.body))).toEqual({
      payment_method: 'card',
      shipping_address: { name: 'Ada Lovelace', line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
    });

    const entries = window.history.length;
    release(json(201, placed));
    await waitFor(() => expect(window.location.pathname).toBe('/checkout-confirmation/CO-5'));
    // The thank-you travels as the history entry's state, never in the address.
    expect(window.location.search).toBe('');
    expect(window.history.state).toMatchObject({ placed: true });
    // It replaced the checkout's entry: Back does not land on a checkout of the emptied cart.
    expect(window.history.length).toBe(entries);
  });

  it("shows the server's refusal in words and its field messages next to the fields", async () => {
    mockFetch(() =>
      Promise.resolve(
        json(400, {
          error: { code: 'invalid_input', message: 'The request is not valid: shipping_address.postal_code — Too long', details: [{ path: 'shipping_address.postal_code', message: 'Too long' }] },
        }),
      ),
    );
    renderRouted(CheckoutPage, '/checkout');
    await fillAddress();
    fireEvent.click(screen.getByRole('button', { name: /Place order/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Please correct the highlighted fields.'));
    const postal = screen.getByLabelText('Postal code');
    expect(postal.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(postal.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Too long');
  });

  it('names a stock problem plainly', async () => {
    mockFetch(() => Promise.resolve(json(409, { error: { code: 'insufficient_stock', message: 'Only 1 Tee left in stock' } })));
    renderRouted(CheckoutPage, '/checkout');
    await fillAddress();
    fireEvent.click(screen.getByRole('button', { name: /Place order/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Only 1 Tee left in stock'));
    expect(screen.getByRole('link', { name: 'Change the quantities in your cart' }).getAttribute('href')).toBe('/cart');
  });

  it('asks for missing address fields before sending anything', async () => {
    const calls = mockFetch(() => Promise.resolve(json(201, placed)));
    renderRouted(CheckoutPage, '/checkout');
    await screen.findByLabelText('City');
    fireEvent.click(screen.getByRole('button', { name: /Place order/ }));
    expect(calls).toHaveLength(0);
    expect(screen.getByLabelText('City').getAttribute('aria-invalid')).toBe('true');
  });
});
