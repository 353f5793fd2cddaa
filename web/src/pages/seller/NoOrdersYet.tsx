/**
 * The dashboard of a seller who has no orders at all says what comes next: with no products,
 * adding a first one (nothing can be ordered before); with products, that their orders will
 * appear here.
 */
import { Show, createResource, type JSX } from 'solid-js';
import { fetchOwnProducts } from '../../api/seller-products-api.js';
import { SELLER_PRODUCTS_PATH } from './SellerSidebar.jsx';

export function NoOrdersYet(): JSX.Element {
  const [products] = createResource(fetchOwnProducts);
  // Read only once loaded: a pending read would suspend the page around it. A failed load is
  // not worth an error here (the products page reports it): the plain sentence stands.
  const productCount = () => (products.state === 'ready' ? products().length : undefined);
  return (
    <div class="empty-state">
      <Show when={productCount() !== undefined} fallback={<p>No orders yet. New orders appear here the moment they are placed.</p>}>
        <Show
          when={productCount()}
          fallback={
            <>
              <p>No orders yet. Buyers order from your products: add your first one, with a name, a price, its stock and a picture, and it is in the catalog at once.</p>
              <a class="button button--primary" href={`${SELLER_PRODUCTS_PATH}/new`}>
                Add your first product
              </a>
            </>
          }
        >
          <p>No orders yet. When buyers order your products, their orders appear here the moment they are placed.</p>
          <a class="button button--secondary" href={SELLER_PRODUCTS_PATH}>
            See your products
          </a>
        </Show>
      </Show>
    </div>
  );
}
