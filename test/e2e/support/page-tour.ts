/**
 * Every page of the web app, each in the state a person would normally see it (a cart with
 * a line, an order to confirm, a seller with orders), for the screenshot and axe checks.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ProductBody } from '../../../server/contract/api.js';
import { addToCart, advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, registerWebhook, requestReturn, setStatus, type Actor } from '../../support/factories.js';
import { openPage, type OpenedPage, type Viewport } from './contexts.js';

export interface TourScenario {
  seller: Actor;
  buyer: Actor;
  product: ProductBody;
  /** Pending: the one the confirmation page and the update dialog show. */
  orderNumber: string;
  /** The pending order's checkout (one order). */
  checkoutNumber: string;
  shippedOrderNumber: string;
  cancelledOrderNumber: string;
  /** Delivered, nothing asked: the buyer's return form opens on it. */
  deliveredOrderNumber: string;
  /** Delivered, with an open return request: the seller's Returns page lists it. */
  returnRequestedOrderNumber: string;
}

/**
 * A seller with two products and a buyer with an order in every status (so the badges,
 * the mini progress bars and the tracker are checked in each of their looks) and a cart line.
 */
export async function buildTourScenario(baseUrl: string): Promise<TourScenario> {
  const [seller, buyer] = await Promise.all([
    registerSeller(baseUrl, { first_name: 'Sam', last_name: 'Seller', store_name: 'Harbor Goods' }),
    registerBuyer(baseUrl, { first_name: 'Bea', last_name: 'Buyer' }),
  ]);
  const product = await createProduct(seller, {
    name: 'Tour Canvas Tote',
    description: 'A sturdy tote bag with an inside pocket.',
    price: 2450,
    stock: 60,
    sizes: ['S', 'M', 'L'],
    colors: ['Navy', 'Sand'],
  });
  await createProduct(seller, { name: 'Tour Enamel Mug', price: 1200, stock: 4 });
  const order = async () => placeOrder(buyer, [{ product_id: product.id, quantity: 2, size: 'M', color: 'Navy' }]);

  const returned = await order();
  await advanceTo(seller, returned.order_id, 'delivered');
  await setStatus(seller, returned.order_id, 'returned', { note: 'Wrong size' });
  const delivered = await order();
  await advanceTo(seller, delivered.order_id, 'delivered');
  const returnRequested = await order();
  await advanceTo(seller, returnRequested.order_id, 'delivered');
  await requestReturn(buyer, returnRequested.order_id, { reason: 'wrong_item', message: 'I ordered the navy one; this one is sand.' });
  const shipped = await order();
  await advanceTo(seller, shipped.order_id, 'processing');
  await setStatus(seller, shipped.order_id, 'shipped', {
    carrier_code: 'dhl_express',
    tracking_number: 'JD014600006281230457',
    note: 'Left the warehouse',
    buyer_message: 'Your parcel is on its way. Thank you!',
  });
  await advanceTo(seller, (await order()).order_id, 'processing');
  await advanceTo(seller, (await order()).order_id, 'confirmed');
  const cancelled = await order();
  const cancel = await buyer.client.post(`/api/orders/${cancelled.order_id}/cancel`);
  expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
  const pending = await order();

  // Placing with explicit items leaves the cart alone: the cart and checkout pages have a line.
  await addToCart(buyer, { product_id: product.id, quantity: 1, size: 'L', color: 'Sand' });
  // Registered after the orders: nothing is sent to it (a public address literal needs no DNS).
  await registerWebhook(seller, 'https://93.184.215.14/orderpulse/hooks');
  return {
    seller,
    buyer,
    product,
    orderNumber: pending.order_number,
    checkoutNumber: pending.checkout_number,
    shippedOrderNumber: shipped.order_number,
    cancelledOrderNumber: cancelled.order_number,
    deliveredOrderNumber: delivered.order_number,
    returnRequestedOrderNumber: returnRequested.order_number,
  };
}

export interface TourStop {
  /** Used in screenshot file names and test names. */
  name: string;
  as: 'guest' | 'buyer' | 'seller';
  path: (scenario: TourScenario) => string;
  /** An open dialog over the page: a screenshot of the viewport shows it as a person does. */
  overlay?: boolean;
  /** Another state of a page already in the tour (errors, a shipped or cancelled order): axe checks it, screenshots skip it. */
  variant?: boolean;
  /** Waits until the page shows what a person came for (and, for the dialog, opens it). */
  ready: (page: Page, scenario: TourScenario) => Promise<void>;
}

const heading = (page: Page, name: string | RegExp, level = 1) => page.getByRole('heading', { name, level }).waitFor();

export const TOUR_STOPS: readonly TourStop[] = [
  {
    name: 'catalog',
    as: 'buyer',
    path: () => '/',
    ready: async (page, s) => {
      await heading(page, 'Shop');
      await page.getByRole('heading', { name: s.product.name, level: 2 }).waitFor();
    },
  },
  {
    name: 'product',
    as: 'buyer',
    path: (s) => `/products/${s.product.id}`,
    ready: async (page, s) => {
      await heading(page, s.product.name);
      await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    },
  },
  {
    name: 'cart',
    as: 'buyer',
    path: () => '/cart',
    ready: async (page) => {
      await heading(page, 'Your cart');
      await page.getByRole('list', { name: 'Items in your cart' }).waitFor();
    },
  },
  {
    name: 'checkout',
    as: 'buyer',
    path: () => '/checkout',
    ready: async (page) => {
      await heading(page, 'Checkout');
      await page.getByRole('button', { name: /Place order/ }).waitFor();
    },
  },
  {
    name: 'checkout-errors',
    variant: true,
    as: 'buyer',
    path: () => '/checkout',
    ready: async (page) => {
      await heading(page, 'Checkout');
      await page.getByRole('button', { name: /Place order/ }).click();
      await page.getByRole('alert').filter({ hasText: 'Your order was not placed.' }).waitFor();
    },
  },
  {
    name: 'order-confirmation',
    as: 'buyer',
    path: (s) => `/order-confirmation/${s.orderNumber}`,
    ready: async (page, s) => {
      await heading(page, s.orderNumber);
      await page.getByRole('status').filter({ hasText: 'Waiting for the seller' }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
    },
  },
  {
    name: 'order-confirmation-shipped',
    variant: true,
    as: 'buyer',
    path: (s) => `/order-confirmation/${s.shippedOrderNumber}`,
    ready: async (page, s) => {
      await heading(page, s.shippedOrderNumber);
      await page.getByRole('status').filter({ hasText: 'Your order is on its way' }).waitFor();
      await page.getByRole('link', { name: /JD014600006281230457/ }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
    },
  },
  {
    name: 'order-confirmation-cancelled',
    variant: true,
    as: 'buyer',
    path: (s) => `/order-confirmation/${s.cancelledOrderNumber}`,
    ready: async (page, s) => {
      await heading(page, s.cancelledOrderNumber);
      await page.getByRole('status').filter({ hasText: 'This order was cancelled' }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
    },
  },
  {
    name: 'order-confirmation-return-form',
    variant: true,
    as: 'buyer',
    path: (s) => `/order-confirmation/${s.deliveredOrderNumber}`,
    ready: async (page, s) => {
      await heading(page, s.deliveredOrderNumber);
      await page.getByRole('button', { name: 'Return this order' }).click();
      await page.getByRole('form', { name: `Return order ${s.deliveredOrderNumber}` }).waitFor();
    },
  },
  {
    name: 'order-confirmation-return-requested',
    variant: true,
    as: 'buyer',
    path: (s) => `/order-confirmation/${s.returnRequestedOrderNumber}`,
    ready: async (page, s) => {
      await heading(page, s.returnRequestedOrderNumber);
      await page.getByRole('status').filter({ hasText: 'Return requested on' }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
    },
  },
  {
    name: 'checkout-confirmation',
    as: 'buyer',
    path: (s) => `/checkout-confirmation/${s.checkoutNumber}`,
    ready: async (page, s) => {
      await heading(page, s.checkoutNumber);
      await page.getByText('Live', { exact: true }).waitFor();
    },
  },
  {
    name: 'not-found',
    as: 'buyer',
    path: () => '/no-such-page',
    ready: (page) => heading(page, 'Page not found'),
  },
  {
    name: 'my-orders',
    as: 'buyer',
    path: () => '/orders',
    ready: async (page, s) => {
      await heading(page, 'My orders');
      await page.getByRole('link', { name: `Order ${s.orderNumber}` }).waitFor();
    },
  },
  {
    name: 'login',
    as: 'guest',
    path: () => '/login',
    ready: async (page) => {
      await heading(page, 'Log in');
      await page.getByLabel('Email').waitFor();
    },
  },
  {
    name: 'login-errors',
    variant: true,
    as: 'guest',
    path: () => '/login',
    ready: async (page) => {
      await heading(page, 'Log in');
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.getByText('Enter your email address.').waitFor();
    },
  },
  {
    name: 'register',
    as: 'guest',
    path: () => '/register',
    ready: async (page) => {
      await heading(page, 'Create an account');
      await page.getByLabel('Email').waitFor();
    },
  },
  {
    name: 'seller-dashboard',
    as: 'seller',
    path: () => '/seller-dashboard',
    ready: async (page, s) => {
      await heading(page, 'Orders');
      await page.getByRole('row').filter({ hasText: s.orderNumber }).waitFor();
    },
  },
  {
    name: 'update-modal',
    as: 'seller',
    overlay: true,
    path: () => '/seller-dashboard',
    ready: async (page, s) => {
      await page.getByRole('button', { name: `Update order ${s.orderNumber}` }).click();
      await page.getByRole('dialog', { name: `Update order ${s.orderNumber}` }).waitFor();
    },
  },
  {
    name: 'seller-webhooks',
    as: 'seller',
    path: () => '/seller-dashboard/webhooks',
    ready: async (page) => {
      await heading(page, 'Webhooks');
      await page.getByRole('heading', { name: 'https://93.184.215.14/orderpulse/hooks', level: 2 }).waitFor();
    },
  },
  {
    name: 'seller-order-view',
    variant: true,
    as: 'seller',
    path: (s) => `/seller-dashboard?view=${s.shippedOrderNumber}`,
    ready: async (page, s) => {
      await heading(page, s.shippedOrderNumber);
      await page.getByRole('region', { name: 'History' }).getByText('Internal note: Left the warehouse').waitFor();
    },
  },
  {
    name: 'bulk-status-dialog',
    variant: true,
    as: 'seller',
    overlay: true,
    path: () => '/seller-dashboard',
    ready: async (page, s) => {
      await page.getByLabel(`Select order ${s.orderNumber}`).check();
      await page.getByRole('button', { name: /Change status/ }).click();
      await page.getByRole('dialog', { name: 'Change status of 1 order' }).waitFor();
    },
  },
  {
    name: 'seller-returns',
    as: 'seller',
    path: () => '/seller-dashboard/returns',
    ready: async (page, s) => {
      await heading(page, 'Returns');
      await page.getByRole('rowheader', { name: s.returnRequestedOrderNumber }).waitFor();
    },
  },
  {
    name: 'return-decision-dialog',
    variant: true,
    as: 'seller',
    overlay: true,
    path: () => '/seller-dashboard/returns',
    ready: async (page, s) => {
      await page.getByRole('button', { name: `Decline return of ${s.returnRequestedOrderNumber}` }).click();
      await page.getByRole('dialog', { name: `Decline return of ${s.returnRequestedOrderNumber}` }).waitFor();
    },
  },
  {
    name: 'seller-order-view-return',
    variant: true,
    as: 'seller',
    path: (s) => `/seller-dashboard?view=${s.returnRequestedOrderNumber}`,
    ready: async (page, s) => {
      await heading(page, s.returnRequestedOrderNumber);
      await page.getByRole('region', { name: 'Return request' }).getByRole('button', { name: 'Approve return' }).waitFor();
    },
  },
  {
    name: 'seller-products',
    as: 'seller',
    path: () => '/seller/products',
    ready: async (page, s) => {
      await heading(page, 'Products');
      await page.getByRole('rowheader', { name: s.product.name }).waitFor();
    },
  },
  {
    name: 'seller-product-new',
    as: 'seller',
    path: () => '/seller/products/new',
    ready: async (page) => {
      await heading(page, 'New product');
      await page.getByLabel('Name').waitFor();
    },
  },
  {
    name: 'seller-product-edit',
    as: 'seller',
    path: (s) => `/seller/products/${s.product.id}`,
    ready: async (page, s) => {
      await heading(page, `Edit ${s.product.name}`);
      await page.getByLabel('Name').waitFor();
    },
  },
];

function actorFor(stop: TourStop, scenario: TourScenario): Actor | undefined {
  if (stop.as === 'buyer') return scenario.buyer;
  if (stop.as === 'seller') return scenario.seller;
  return undefined;
}

/**
 * Visits every stop at one viewport, one page per kind of user (a fresh renderer per
 * stop would triple the time on two cores), and hands each ready page to `visit`.
 */
export async function walkTour(
  browser: Browser,
  baseUrl: string,
  scenario: TourScenario,
  viewport: Viewport,
  visit: (page: Page, stop: TourStop) => Promise<void>,
  options: { bypassCSP?: boolean; stops?: readonly TourStop[] } = {},
): Promise<void> {
  const opened = new Map<TourStop['as'], OpenedPage>();
  try {
    for (const stop of options.stops ?? TOUR_STOPS) {
      let entry = opened.get(stop.as);
      if (!entry) {
        entry = await openPage(browser, baseUrl, { viewport, as: actorFor(stop, scenario), bypassCSP: options.bypassCSP });
        opened.set(stop.as, entry);
      }
      await entry.page.goto(baseUrl + stop.path(scenario));
      await stop.ready(entry.page, scenario);
      await visit(entry.page, stop);
    }
  } finally {
    for (const { context } of opened.values()) await context.close();
  }
}
