/**
 * Size, colour (where the product has them), quantity and the Add to cart button.
 * Guests are sent to log in first and brought back here.
 */
import { For, Match, Show, Switch, createSignal, type JSX } from 'solid-js';
import type { ProductBody } from '../../../server/contract/api.js';
import { errorMessage } from '../api/api-client.js';
import { addCartItem, type AddToCartInput } from '../api/cart-api.js';
import { useSendToLogin } from '../pages/auth-redirect.js';
import { setCartFromServer } from '../state/cart-store.js';
import { currentUser } from '../state/session.js';

export function AddToCartForm(props: { product: ProductBody; withQuantity?: boolean }): JSX.Element {
  const id = () => `product-${props.product.id}`;
  const [size, setSize] = createSignal(props.product.sizes[0] ?? '');
  const [color, setColor] = createSignal(props.product.colors[0] ?? '');
  const [quantity, setQuantity] = createSignal(1);
  const [sending, setSending] = createSignal(false);
  const [message, setMessage] = createSignal<{ kind: 'success' | 'error'; text: string } | null>(null);
  const soldOut = () => props.product.stock <= 0;
  const sendToLogin = useSendToLogin();

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (currentUser() === null) {
      sendToLogin();
      return;
    }
    const input: AddToCartInput = { product_id: props.product.id, quantity: quantity() };
    if (size()) input.size = size();
    if (color()) input.color = color();
    setSending(true);
    setMessage(null);
    try {
      setCartFromServer(await addCartItem(input));
      setMessage({ kind: 'success', text: `Added ${quantity()} × ${props.product.name} to your cart.` });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setSending(false);
    }
  };

  return (
    <Switch
      fallback={
        <form class="add-to-cart" onSubmit={onSubmit} aria-label={`Add ${props.product.name} to cart`}>
          <div class="add-to-cart__options">
            <Show when={props.product.sizes.length > 0}>
              <div class="field field--inline">
                <label for={`${id()}-size`}>Size</label>
                <select id={`${id()}-size`} value={size()} onChange={(event) => setSize(event.currentTarget.value)}>
                  <For each={props.product.sizes}>{(option) => <option value={option}>{option}</option>}</For>
                </select>
              </div>
            </Show>
            <Show when={props.product.colors.length > 0}>
              <div class="field field--inline">
                <label for={`${id()}-color`}>Colour</label>
                <select id={`${id()}-color`} value={color()} onChange={(event) => setColor(event.currentTarget.value)}>
                  <For each={props.product.colors}>{(option) => <option value={option}>{option}</option>}</For>
                </select>
              </div>
            </Show>
            <Show when={props.withQuantity}>
              <div class="field field--inline">
                <label for={`${id()}-quantity`}>Quantity</label>
                <input
                  id={`${id()}-quantity`}
                  type="number"
                  inputmode="numeric"
                  min="1"
                  max={Math.max(1, props.product.stock)}
                  value={quantity()}
                  onChange={(event) => setQuantity(Math.min(props.product.stock, Math.max(1, Math.floor(Number(event.currentTarget.value)) || 1)))}
                />
              </div>
            </Show>
          </div>
          <button type="submit" class="button button--primary add-to-cart__button" disabled={sending()} aria-busy={sending()}>
            {sending() ? 'Adding…' : 'Add to cart'}
          </button>
          <Show when={message()}>
            {(shown) => (
              <p class={`add-to-cart__message add-to-cart__message--${shown().kind}`} role={shown().kind === 'error' ? 'alert' : 'status'}>
                {shown().text}
                <Show when={shown().kind === 'success'}>
                  {' '}
                  <a href="/cart">View cart</a>
                </Show>
              </p>
            )}
          </Show>
        </form>
      }
    >
      <Match when={currentUser()?.role === 'seller'}>
        <p class="add-to-cart__note">Seller accounts cannot place orders.</p>
      </Match>
      <Match when={soldOut()}>
        <p class="add-to-cart__note add-to-cart__note--sold-out">Out of stock</p>
      </Match>
    </Switch>
  );
}
