/**
 * Every page of the web app, each in the state a person would normally see it (a cart with
 * a line, an order to confirm, a seller with orders), for the screenshot and axe checks.
 */
import type { Browser, Page } from 'playwright-core';
import type { ProductBody } from '../../../server/contract/api.js';
import { openPage, type OpenedPage, type Viewport } from './contexts.js';
import { addToCart, createProduct, placeOrder, registerBuyer, registerSeller, type Actor } from '../../support/factories.js';

export interface TourScenario {
  seller: Actor;
  buyer: Actor;
  product: ProductBody;
  orderNumber: string;
}

export async function buildTourScenario(baseUrl: string): Promise<TourScenario> {
  const [seller, buyer] = await Promise.all([
    registerSeller(baseUrl, { first_name: 'Sam', last_name: 'Seller', store_name: 'Harbor Goods' }),
    registerBuyer(baseUrl, { first_name: 'Bea', last_name: 'Buyer' }),
  ]);
  const product = await createProduct(seller, {
    name: 'Tour Canvas Tote',
    description: 'A sturdy tote bag with an inside pocket.',
    price: 2450,
    stock: 30,
    sizes: ['S', 'M', 'L'],
    colors: ['Navy', 'Sand'],
  });
  await createProduct(seller, { name: 'Tour Enamel Mug', price: 1200, stock: 4 });
  const placed = await placeOrder(buyer, [{ product_id: product.id, quantity: 2, size: 'M', color: 'Navy' }]);
  // Placing with explicit items leaves the cart alone: the cart and checkout pages have a line.
  await addToCart(buyer, { product_id: product.id, quantity: 1, size: 'L', color: 'Sand' });
  return { seller, buyer, product, orderNumber: placed.order_number };
}

export interface TourStop {
  /** Used in screenshot file names and test names. */
  name: string;
  as: 'guest' | 'buyer' | 'seller';
  path: (scenario: TourScenario) => string;
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
    path: () => '/seller-dashboard',
    ready: async (page, s) => {
      await page.getByRole('button', { name: `Update order ${s.orderNumber}` }).click();
      await page.getByRole('dialog', { name: `Update order ${s.orderNumber}` }).waitFor();
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
  options: { bypassCSP?: boolean } = {},
): Promise<void> {
  const opened = new Map<TourStop['as'], OpenedPage>();
  try {
    for (const stop of TOUR_STOPS) {
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
