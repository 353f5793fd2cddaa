import { Show, createResource, type JSX } from 'solid-js';
import { errorMessage } from '../api/api-client.js';
import { fetchProduct } from '../api/catalog-api.js';
import { AddToCartForm } from '../components/AddToCartForm.jsx';
import { Loading } from '../components/Loading.jsx';
import { Notice } from '../components/Notice.jsx';
import { ProductImage } from '../components/ProductImage.jsx';
import { usePageTitle } from '../components/page-title.js';
import { formatMoney } from '../format/money.js';
import { usePathParam } from '../path-params.js';

export function ProductDetailPage(): JSX.Element {
  const idParam = usePathParam('id');
  const productId = () => {
    const id = Number(idParam());
    return Number.isInteger(id) && id > 0 ? id : null;
  };
  const [product] = createResource(productId, fetchProduct);
  // A resource that failed throws its error when read: everything outside the error branch
  // reads it through this, so a missing product shows "Product not found", not a spinner.
  const loaded = () => (product.error ? undefined : product());
  usePageTitle(() => (product.error ? 'Product not found' : (loaded()?.name ?? 'Product')));

  return (
    <div class="page">
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Shop</a>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{loaded()?.name ?? 'Product'}</span>
      </nav>
      <Show when={productId() === null || product.error}>
        <h1>Product not found</h1>
        <Notice kind="error">{productId() === null ? 'That is not a valid product link.' : errorMessage(product.error)}</Notice>
        <p>
          <a href="/">Back to the shop</a>
        </p>
      </Show>
      <Show when={productId() !== null && !product.error}>
        <Show when={loaded()} fallback={<Loading label="Loading product…" />}>
          {(item) => (
            <article class="product-detail">
              <ProductImage url={item().image_url} name={item().name} size="detail" eager />
              <div class="product-detail__info">
                <h1>{item().name}</h1>
                <p class="product-detail__store">Sold by {item().store_name}</p>
                <p class="product-detail__price">{formatMoney(item().price, item().currency)}</p>
                <p class="product-detail__stock">{item().stock > 0 ? `${item().stock} in stock` : 'Out of stock'}</p>
                <Show when={item().description}>
                  <p class="product-detail__description">{item().description}</p>
                </Show>
                <Show when={item().sizes.length > 0 || item().colors.length > 0}>
                  <dl class="product-detail__options">
                    <Show when={item().sizes.length > 0}>
                      <dt>Sizes</dt>
                      <dd>{item().sizes.join(', ')}</dd>
                    </Show>
                    <Show when={item().colors.length > 0}>
                      <dt>Colours</dt>
                      <dd>{item().colors.join(', ')}</dd>
                    </Show>
                  </dl>
                </Show>
                <AddToCartForm product={item()} withQuantity />
              </div>
            </article>
          )}
        </Show>
      </Show>
    </div>
  );
}
