import { For, Show, createSignal, onMount, type JSX } from 'solid-js';
import type { CartBody, CartItemBody } from '../../../server/contract/api.js';
import { errorMessage } from '../api/api-client.js';
import { removeCartItem, updateCartItem } from '../api/cart-api.js';
import { Loading } from '../components/Loading.jsx';
import { Notice } from '../components/Notice.jsx';
import { ProductImage } from '../components/ProductImage.jsx';
import { QuantityField } from '../components/QuantityField.jsx';
import { availableForLine, cartHasStockProblems, checkQuantity, stockProblem } from '../components/quantity-rule.js';
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

  /**
   * A quantity the cart did not take, by line id: the buyer's text and why. Kept here, not in
   * the row, because every answer from the server redraws the rows.
   */
  const [refused, setRefused] = createSignal<Record<number, { text: string; message: string }>>({});
  const refuse = (itemId: number, text: string, message: string) => setRefused((all) => ({ ...all, [itemId]: { text, message } }));
  const accept = (itemId: number) =>
    setRefused((all) => {
      const { [itemId]: _dropped, ...rest } = all;
      return rest;
    });

  /** Runs a change of one line; a refused one leaves the cart as the server has it and says why. */
  const run = async (itemId: number, action: () => ReturnType<typeof updateCartItem>, onRefused?: (message: string) => void) => {
    setBusyItem(itemId);
    setActionError(null);
    try {
      setCartFromServer(await action());
      accept(itemId);
    } catch (error) {
      if (onRefused) onRefused(errorMessage(error));
      else setActionError(errorMessage(error));
    } finally {
      setBusyItem(null);
    }
  };

  const changeQuantity = (cart: CartBody, item: CartItemBody, raw: string, unreadable: boolean) => {
    const checked = checkQuantity(raw, availableForLine(cart, item), unreadable);
    if (!checked.ok) return refuse(item.id, raw, checked.message);
    if (checked.quantity === item.quantity) return accept(item.id);
    // Refused by the server (the stock moved since the cart was read): the buyer's number stays, with the reason.
    return run(item.id, () => updateCartItem(item.id, checked.quantity), (message) => {
      refuse(item.id, raw, `${message} Your cart still has ${item.quantity}.`);
      void refreshCart().catch(() => undefined);
    });
  };

  const reduceTo = (item: CartItemBody, available: number) => void run(item.id, () => updateCartItem(item.id, available));

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
                      <QuantityField
                        id={`cart-qty-${item.id}`}
                        class="cart-line__quantity"
                        label={
                          <>
                            Quantity<span class="visually-hidden"> of {item.product.name}</span>
                          </>
                        }
                        initialValue={refused()[item.id]?.text ?? String(item.quantity)}
                        max={Math.max(item.quantity, availableForLine(cart(), item))}
                        error={refused()[item.id]?.message}
                        disabled={busyItem() === item.id}
                        onInput={() => accept(item.id)}
                        onChange={(raw, unreadable) => void changeQuantity(cart(), item, raw, unreadable)}
                      />
                      <p class="cart-line__total">{formatMoney(item.product.price * item.quantity, item.product.currency)}</p>
                      <button
                        type="button"
                        class="button button--ghost cart-line__remove"
                        disabled={busyItem() === item.id}
                        onClick={() => void run(item.id, () => removeCartItem(item.id))}
                      >
                        Remove<span class="visually-hidden"> {item.product.name}</span>
                      </button>
                      <Show when={stockProblem(cart(), item)}>
                        {(problem) => (
                          <p class="cart-line__problem" id={`cart-problem-${item.id}`}>
                            <strong>{problem().title}:</strong> {problem().message}
                            <Show when={problem().available > 0}>
                              {' '}
                              <button type="button" class="button button--secondary" disabled={busyItem() === item.id} onClick={() => reduceTo(item, problem().available)}>
                                Reduce to {problem().available}
                                <span class="visually-hidden"> {item.product.name}</span>
                              </button>
                            </Show>
                          </p>
                        )}
                      </Show>
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
                <Show
                  when={cartHasStockProblems(cart())}
                  fallback={
                    <>
                      <p class="summary-card__note">Prices and stock are confirmed when you place the order.</p>
                      <a class="button button--primary button--block" href="/checkout">
                        Proceed to checkout
                      </a>
                    </>
                  }
                >
                  <p class="summary-card__note summary-card__note--problem" id="cart-blocked">
                    Some items are no longer in stock in the quantity you chose: change or remove the lines marked above to check out.
                  </p>
                  <button type="button" class="button button--primary button--block" disabled aria-describedby="cart-blocked">
                    Proceed to checkout
                  </button>
                </Show>
              </aside>
            </div>
          </Show>
        )}
      </Show>
    </div>
  );
}
