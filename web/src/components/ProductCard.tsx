import { Show, type JSX } from 'solid-js';
import type { ProductBody } from '../../../server/contract/api.js';
import { formatMoney } from '../format/money.js';
import { AddToCartForm } from './AddToCartForm.jsx';
import { ProductImage } from './ProductImage.jsx';

export function ProductCard(props: { product: ProductBody; eagerImage?: boolean }): JSX.Element {
  return (
    <article class="product-card" aria-labelledby={`product-${props.product.id}-name`}>
      <a href={`/products/${props.product.id}`} class="product-card__image-link" tabindex="-1" aria-hidden="true">
        <ProductImage url={props.product.image_url} name={props.product.name} size="card" eager={props.eagerImage} />
      </a>
      <div class="product-card__body">
        <h2 id={`product-${props.product.id}-name`} class="product-card__name">
          <a href={`/products/${props.product.id}`}>{props.product.name}</a>
        </h2>
        <p class="product-card__store">{props.product.store_name}</p>
        <p class="product-card__price">{formatMoney(props.product.price, props.product.currency)}</p>
        <Show when={props.product.stock > 0 && props.product.stock <= 5}>
          <p class="product-card__stock">Only {props.product.stock} left</p>
        </Show>
        <AddToCartForm product={props.product} />
      </div>
    </article>
  );
}
