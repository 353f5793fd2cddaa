import { render, screen } from '@solidjs/testing-library';
import type { Component } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onDemandPage, thenPreload } from './page-loading.jsx';

/** A page chunk the test delivers (or fails to) when it chooses. */
function pageChunk(text: string) {
  const Page: Component = () => <h1>{text}</h1>;
  let settle: { resolve: () => void; reject: () => void } | undefined;
  const load = vi.fn(
    () =>
      new Promise<{ default: Component }>((resolve, reject) => {
        settle = { resolve: () => resolve({ default: Page }), reject: () => reject(new Error('Failed to fetch dynamically imported module')) };
      }),
  );
  return { load, deliver: () => settle?.resolve(), fail: () => settle?.reject() };
}

describe('onDemandPage', () => {
  it('says it is loading until the page chunk is there, then shows the page', async () => {
    const chunk = pageChunk('Cart');
    const CartPage = onDemandPage(chunk.load);
    render(() => <CartPage />);
    expect(screen.getByRole('status').textContent).toContain('Loading');
    chunk.deliver();
    expect(await screen.findByRole('heading', { name: 'Cart' })).toBeTruthy();
    expect(chunk.load).toHaveBeenCalledTimes(1);
  });

  it('shows a page preloaded before (a hovered link) at once', async () => {
    const chunk = pageChunk('Checkout');
    const CheckoutPage = onDemandPage(chunk.load);
    const preloaded = CheckoutPage.preload?.();
    chunk.deliver();
    await preloaded;
    render(() => <CheckoutPage />);
    expect(screen.getByRole('heading', { name: 'Checkout' })).toBeTruthy();
  });

  it('says so when the chunk cannot be fetched, and tries again on the next visit', async () => {
    const chunk = pageChunk('Shop');
    const CatalogPage = onDemandPage(chunk.load);
    const first = render(() => <CatalogPage />);
    chunk.fail();
    expect((await screen.findByRole('alert')).textContent).toContain('This page could not be loaded');
    first.unmount();

    render(() => <CatalogPage />);
    expect(screen.queryByRole('alert')).toBeNull();
    chunk.deliver();
    expect(await screen.findByRole('heading', { name: 'Shop' })).toBeTruthy();
    expect(chunk.load).toHaveBeenCalledTimes(2);
  });
});

describe('thenPreload', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fetches the next pages of the buying flow once the page is shown and the browser is idle', async () => {
    const next = pageChunk('Checkout');
    const CheckoutPage = onDemandPage(next.load);
    const CartPage = thenPreload(() => <h1>Cart</h1>, () => [CheckoutPage]);
    render(() => <CartPage />);
    expect(screen.getByRole('heading', { name: 'Cart' })).toBeTruthy();
    expect(next.load).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    expect(next.load).toHaveBeenCalledTimes(1);
  });

  it('fetches nothing for a page left before the browser was idle', async () => {
    const next = pageChunk('Checkout');
    const CartPage = thenPreload(() => <h1>Cart</h1>, () => [onDemandPage(next.load)]);
    render(() => <CartPage />).unmount();
    await vi.runAllTimersAsync();
    expect(next.load).not.toHaveBeenCalled();
  });
});
