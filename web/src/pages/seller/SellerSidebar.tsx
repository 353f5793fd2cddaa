import { Show, type JSX } from 'solid-js';
import { currentUser } from '../../state/session.js';
import { dashboardHref } from './dashboard-query.js';
import { createSellerTotals, type SellerTotals } from './seller-totals.js';

export const WEBHOOKS_PATH = '/seller-dashboard/webhooks';
export const RETURNS_PATH = '/seller-dashboard/returns';
export const SELLER_PRODUCTS_PATH = '/seller/products';

/**
 * The seller workspace's sections, the one on screen marked current (none, `null`, on a page
 * below a section), each page putting it first in its markup: on a phone it is a compact menu
 * above the content, never something to scroll past the content for. The pending and open
 * return counts are the seller's totals on every page: a page that follows them live passes
 * its own `totals` (refreshed on pushes); any other page gets them fetched once here.
 */
export function SellerSidebar(props: { current: 'orders' | 'returns' | 'products' | 'webhooks' | null; totals?: SellerTotals }): JSX.Element {
  const totals = props.totals ?? createSellerTotals();
  const storeName = () => currentUser()?.store_name;
  return (
    <aside class="dashboard__sidebar">
      <Show when={storeName()}>
        <p class="dashboard__store">{storeName()}</p>
      </Show>
      <nav aria-label="Seller dashboard">
        <ul class="dashboard__nav">
          <li>
            <a href={dashboardHref({})} class="dashboard__nav-link" aria-current={props.current === 'orders' ? 'page' : undefined}>
              <span aria-hidden="true">📋</span> Orders
              <Show when={totals.pending()}>
                {(pending) => (
                  <span class="dashboard__nav-badge">
                    {pending()}
                    <span class="visually-hidden"> pending</span>
                  </span>
                )}
              </Show>
            </a>
          </li>
          <li>
            <a href={RETURNS_PATH} class="dashboard__nav-link" aria-current={props.current === 'returns' ? 'page' : undefined}>
              <span aria-hidden="true">↩️</span> Returns
              <Show when={totals.openReturns()}>
                {(open) => (
                  <span class="dashboard__nav-badge">
                    {open()}
                    <span class="visually-hidden"> open</span>
                  </span>
                )}
              </Show>
            </a>
          </li>
          <li>
            <a href={SELLER_PRODUCTS_PATH} class="dashboard__nav-link" aria-current={props.current === 'products' ? 'page' : undefined}>
              <span aria-hidden="true">🏷️</span> Products
            </a>
          </li>
          <li>
            <a href={WEBHOOKS_PATH} class="dashboard__nav-link" aria-current={props.current === 'webhooks' ? 'page' : undefined}>
              <span aria-hidden="true">🔔</span> Webhooks
            </a>
          </li>
        </ul>
      </nav>
    </aside>
  );
}
