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
import { QuantityField } from './QuantityField.jsx';
import { checkQuantity } from './quantity-rule.js';

export function AddToCartForm(props: { product: ProductBody; withQuantity?: boolean }): JSX.Element {
  const id = () => `product-${props.product.id}`;
  const [size, setSize] = createSignal(props.product.sizes[0] ?? '');
  const [color, setColor] = createSignal(props.product.colors[0] ?? '');
  const [quantityError, setQuantityError] = createSignal<string | undefined>(undefined);
  let quantityInput: HTMLInputElement | undefined;
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
    // Read from the field itself: Enter submits before the field's change event is handled.
    const checked = quantityInput ? checkQuantity(quantityInput.value, props.product.stock, quantityInput.validity.badInput) : ({ ok: true, quantity: 1 } as const);
    if (!checked.ok) {
      setQuantityError(checked.message);
      setMessage(null);
      quantityInput?.focus();
      return;
    }
    const quantity = checked.quantity;
    const input: AddToCartInput = { product_id: props.product.id, quantity };
    if (size()) input.size = size();
    if (color()) input.color = color();
    setSending(true);
    setMessage(null);
    try {
      setCartFromServer(await addCartItem(input));
      setMessage({ kind: 'success', text: `Added ${quantity} × ${props.product.name} to your cart.` });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setSending(false);
    }
  };

  return (
    <Switch
      fallback={
        // noValidate: the quantity's refusal is said in words beside it, not in the browser's bubble.
        <form class="add-to-cart" onSubmit={onSubmit} aria-label={`Add ${props.product.name} to cart`} noValidate>
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
              <QuantityField
                id={`${id()}-quantity`}
                label="Quantity"
                initialValue="1"
                max={props.product.stock}
                error={quantityError()}
                ref={(element) => (quantityInput = element)}
                onInput={() => setQuantityError(undefined)}
                onChange={(raw, bad) => {
                  const checked = checkQuantity(raw, props.product.stock, bad);
                  setQuantityError(checked.ok ? undefined : checked.message);
                }}
              />
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
