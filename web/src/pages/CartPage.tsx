import { For, Show, createSignal, onMount, type JSX } from 'solid-js';
import type { CartItemBody } from '../../../server/contract/api.js';
import { errorMessage } from '../api/api-client.js';
import { removeCartItem, updateCartItem } from '../api/cart-api.js';
import { Loading } from '../components/Loading.jsx';
import { Notice } from '../components/Notice.jsx';
import { ProductImage } from '../components/ProductImage.jsx';
import { RequireUser } from '../components/RequireUser.jsx';
import { usePageTitle } from '../components/page-title.js';
import { formatMoney } from '../format/money.js';
import { currentCart, refreshCart, setCartFromServer } from '../state/cart-store.js';

export function CartPage(): JSX.Element {
  usePageTitle(() => 'Your cart');
  return (
    <RequireUser role="buyer">
      <CartContents />
    </RequireUser>
  );
}

function CartContents(): JSX.Element {
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const [busyItem, setBusyItem] = createSignal<number | null>(null);

  onMount(() => {
    refreshCart().catch((error: unknown) => setLoadError(errorMessage(error)));
  });

  /** Runs a change of one line; a refused one leaves the line as the server has it (`onRefused` puts its field back). */
  const run = async (itemId: number, action: () => ReturnType<typeof updateCartItem>, onRefused?: () => void) => {
    setBusyItem(itemId);
    setActionError(null);
    try {
      setCartFromServer(await action());
    } catch (error) {
      onRefused?.();
      setActionError(errorMessage(error));
    } finally {
      setBusyItem(null);
    }
  };

  const changeQuantity = (item: CartItemBody, raw: string, input: HTMLInputElement) => {
    const quantity = Math.floor(Number(raw));
    if (!Number.isFinite(quantity) || quantity < 1) {
      input.value = String(item.quantity);
      return;
    }
    // Refused (more than the stock): the field shows the quantity the cart still has, as the totals do.
    if (quantity !== item.quantity) void run(item.id, () => updateCartItem(item.id, quantity), () => (input.value = String(item.quantity)));
  };

  return (
    <div class="page">
      <h1>Your cart</h1>
      <Show when={loadError()}>
        <Notice kind="error">{loadError()}</Notice>
      </Show>
      <Show when={actionError()}>
        <Notice kind="error">{actionError()}</Notice>
      </Show>
      <Show when={currentCart()} fallback={<Show when={!loadError()}><Loading label="Loading your cart…" /></Show>}>
        {(cart) => (
          <Show
            when={cart().items.length > 0}
            fallback={
              <div class="empty-state">
                <p>Your cart is empty.</p>
                <a class="button button--primary" href="/">
                  Browse products
                </a>
              </div>
            }
          >
            <div class="cart-layout">
              <ul class="cart-lines" aria-label="Items in your cart">
                <For each={cart().items}>
                  {(item) => (
                    <li class="cart-line" aria-busy={busyItem() === item.id}>
                      <ProductImage url={item.product.image_url} name={item.product.name} size="thumb" />
                      <div class="cart-line__info">
                        <a class="cart-line__name" href={`/products/${item.product_id}`}>
                          {item.product.name}
                        </a>
                        <p class="cart-line__meta">
                          {[item.size && `Size ${item.size}`, item.color && `Colour ${item.color}`, `${formatMoney(item.product.price, item.product.currency)} each`]
                            .filter(Boolean)
                            .join(' · ')}
                        </p>
                      </div>
                      <div class="field field--inline cart-line__quantity">
                        <label for={`cart-qty-${item.id}`}>
                          Quantity<span class="visually-hidden"> of {item.product.name}</span>
                        </label>
                        <input
                          id={`cart-qty-${item.id}`}
                          type="number"
                          inputmode="numeric"
                          min="1"
                          max={Math.max(item.quantity, item.product.stock)}
                          value={item.quantity}
                          disabled={busyItem() === item.id}
                          onChange={(event) => changeQuantity(item, event.currentTarget.value, event.currentTarget)}
                        />
                      </div>
                      <p class="cart-line__total">{formatMoney(item.product.price * item.quantity, item.product.currency)}</p>
                      <button
                        type="button"
                        class="button button--ghost cart-line__remove"
                        disabled={busyItem() === item.id}
                        onClick={() => void run(item.id, () => removeCartItem(item.id))}
                      >
                        Remove<span class="visually-hidden"> {item.product.name}</span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
              <aside class="summary-card" aria-labelledby="cart-summary-heading">
                <h2 id="cart-summary-heading">Summary</h2>
                <dl class="summary-card__rows">
                  <dt>Items</dt>
                  <dd>{cart().items.reduce((sum, item) => sum + item.quantity, 0)}</dd>
                  <dt>Total</dt>
                  <dd class="summary-card__total">{formatMoney(cart().total_amount, cart().currency)}</dd>
                </dl>
                <p class="summary-card__note">Prices and stock are confirmed when you place the order.</p>
                <a class="button button--primary button--block" href="/checkout">
                  Proceed to checkout
                </a>
              </aside>
            </div>
          </Show>
        )}
      </Show>
    </div>
  );
}
