/**
 * The seller's products: picture, name, price, stock (a low-stock badge at 5 or fewer) and
 * whether it is in the catalog; a search over names; "New product". A seller with none is
 * led to add a first one.
 */
import { For, Show, createMemo, createResource, createSignal, type JSX } from 'solid-js';
import type { ProductBody } from '../../../../server/contract/api.js';
import { errorMessage } from '../../api/api-client.js';
import { fetchOwnProducts } from '../../api/seller-products-api.js';
import { Loading } from '../../components/Loading.jsx';
import { Notice } from '../../components/Notice.jsx';
import { ProductImage } from '../../components/ProductImage.jsx';
import { RequireUser } from '../../components/RequireUser.jsx';
import { usePageTitle } from '../../components/page-title.js';
import { formatMoney } from '../../format/money.js';
import { SELLER_PRODUCTS_PATH, SellerSidebar } from './SellerSidebar.jsx';

export const LOW_STOCK = 5;

export function SellerProductsPage(): JSX.Element {
  return (
    <RequireUser role="seller">
      <SellerProducts />
    </RequireUser>
  );
}

function SellerProducts(): JSX.Element {
  usePageTitle(() => 'Products · Seller dashboard');
  const [products] = createResource(fetchOwnProducts);
  const [search, setSearch] = createSignal('');
  const shown = createMemo(() => {
    const q = search().trim().toLowerCase();
    return (products() ?? []).filter((p) => !q || p.name.toLowerCase().includes(q));
  });

  return (
    <div class="dashboard">
      <SellerSidebar current="products" />
      <div class="dashboard__main">
        <div class="page__header">
          <h1>Products</h1>
          <a class="button button--primary" href={`${SELLER_PRODUCTS_PATH}/new`}>
            <span aria-hidden="true">＋</span> New product
          </a>
        </div>
        <Show when={products.error}>
          <Notice kind="error">{errorMessage(products.error)}</Notice>
        </Show>
        <Show when={products()} fallback={<Show when={!products.error}><Loading label="Loading products…" /></Show>}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={
                <div class="empty-state">
                  <h2>Add your first product</h2>
                  <p>Buyers find your store through its products. Give one a name, a price, its stock and a picture, and it is in the catalog at once.</p>
                  <a class="button button--primary" href={`${SELLER_PRODUCTS_PATH}/new`}>
                    Add your first product
                  </a>
                </div>
              }
            >
              <div class="search-form" role="search">
                <label for="products-search" class="visually-hidden">
                  Search your products
                </label>
                <input id="products-search" type="search" placeholder="Search by name" value={search()} onInput={(event) => setSearch(event.currentTarget.value)} />
              </div>
              <ProductsTable products={shown()} />
              <Show when={shown().length === 0}>
                <p class="empty-state">No product matches “{search().trim()}”.</p>
              </Show>
            </Show>
          )}
        </Show>
      </div>
    </div>
  );
}

function ProductsTable(props: { products: readonly ProductBody[] }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="table orders-table products-table">
        <caption class="visually-hidden">Your products</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Picture</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col" class="numeric">
              Price
            </th>
            <th scope="col" class="numeric">
              Stock
            </th>
            <th scope="col">In catalog</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.products}>
            {(product) => (
              <tr data-product-id={product.id}>
                <td class="products-table__image">
                  <ProductImage url={product.image_url} name={product.name} size="thumb" />
                </td>
                <th scope="row" data-label="Name">
                  {product.name}
                </th>
                <td data-label="Price" class="numeric">
                  {formatMoney(product.price, product.currency)}
                </td>
                <td data-label="Stock" class="numeric">
                  {product.stock}
                  <Show when={product.stock <= LOW_STOCK}>
                    {' '}
                    <span class="stock-badge">{product.stock === 0 ? 'Sold out' : 'Low stock'}</span>
                  </Show>
                </td>
                <td data-label="In catalog">{product.active ? 'Yes' : 'No (hidden)'}</td>
                <td class="orders-table__actions">
                  <a class="button button--secondary button--small" href={`${SELLER_PRODUCTS_PATH}/${product.id}`}>
                    Edit <span class="visually-hidden">{product.name}</span>
                  </a>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
