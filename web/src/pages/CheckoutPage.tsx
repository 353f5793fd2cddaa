import { useNavigate } from '@solidjs/router';
import { For, Show, createSignal, onMount, type JSX } from 'solid-js';
import type { PaymentMethod, ShippingAddress } from '../../../server/contract/api.js';
import { ApiRequestError, errorMessage } from '../api/api-client.js';
import { fieldErrorsFrom, formErrorSummary, type FieldErrors } from '../api/field-errors.js';
import { placeOrder, type PlaceOrderInput } from '../api/orders-api.js';
import { CheckoutAttempt } from '../checkout/idempotency-key.js';
import { Loading } from '../components/Loading.jsx';
import { Notice } from '../components/Notice.jsx';
import { RequireUser } from '../components/RequireUser.jsx';
import { TextField } from '../components/TextField.jsx';
import { usePageTitle } from '../components/page-title.js';
import { formatMoney } from '../format/money.js';
import { PAYMENT_METHODS, PAYMENT_METHOD_LABELS } from '../format/payment-methods.js';
import { currentCart, refreshCart } from '../state/cart-store.js';
import { cartHasStockProblems } from '../components/quantity-rule.js';
import type { CheckoutPageState } from './CheckoutConfirmationPage.jsx';
import { currentUser } from '../state/session.js';

type AddressField = Exclude<keyof ShippingAddress, 'line2'>;

const ADDRESS_FIELDS: readonly { key: AddressField; label: string; autocomplete: string }[] = [
  { key: 'name', label: 'Full name', autocomplete: 'shipping name' },
  { key: 'line1', label: 'Street address', autocomplete: 'shipping address-line1' },
  { key: 'city', label: 'City', autocomplete: 'shipping address-level2' },
  { key: 'postal_code', label: 'Postal code', autocomplete: 'shipping postal-code' },
  { key: 'country', label: 'Country', autocomplete: 'shipping country-name' },
];

export function CheckoutPage(): JSX.Element {
  usePageTitle(() => 'Checkout');
  return (
    <RequireUser role="buyer">
      <CheckoutForm />
    </RequireUser>
  );
}

function CheckoutForm(): JSX.Element {
  const user = currentUser();
  const [address, setAddress] = createSignal<Record<AddressField, string>>({
    name: user ? `${user.first_name} ${user.last_name}`.trim() : '',
    line1: '',
    city: '',
    postal_code: '',
    country: '',
  });
  const [payment, setPayment] = createSignal<PaymentMethod>('card');
  const [sending, setSending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  /** The refusal was about stock: the way out is the cart, where quantities can change. */
  const [stockProblem, setStockProblem] = createSignal(false);
  const [fieldErrors, setFieldErrors] = createSignal<FieldErrors>({});
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const attempt = new CheckoutAttempt();
  const navigate = useNavigate();
  let errorBox: HTMLDivElement | undefined;

  onMount(() => {
    refreshCart().catch((caught: unknown) => setLoadError(errorMessage(caught)));
  });

  const setField = (key: AddressField, value: string) => setAddress({ ...address(), [key]: value });

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
    for (const field of ADDRESS_FIELDS) {
      if (!address()[field.key].trim()) errors[`shipping_address.${field.key}`] = `Enter your ${field.label.toLowerCase()}.`;
    }
    return errors;
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (sending()) return;
    setError(null);
    setStockProblem(false);
    const errors = validate();
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      setError('Some details are missing. Check the highlighted fields.');
      errorBox?.focus();
      return;
    }
    const values = address();
    const input: PlaceOrderInput = {
      payment_method: payment(),
      shipping_address: {
        name: values.name.trim(),
        line1: values.line1.trim(),
        city: values.city.trim(),
        postal_code: values.postal_code.trim(),
        country: values.country.trim(),
      },
    };
    const key = attempt.keyFor(JSON.stringify(input));
    setSending(true);
    try {
      const placed = await placeOrder(input, key);
      // The thank-you is this visit's page state, never part of the address (see CheckoutConfirmationPage).
      // The confirmation takes the checkout's place in the history: Back leads to where the buyer
      // was before checking out, not to a checkout of the now empty cart.
      const state: CheckoutPageState = { placed: true };
      navigate(`/checkout-confirmation/${encodeURIComponent(placed.checkout_number)}`, { state, replace: true });
      // The header's count; a failure here must not hide the order that was placed.
      refreshCart().catch(() => undefined);
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.status >= 400 && caught.status < 500) attempt.markRefused();
      const fields = fieldErrorsFrom(caught);
      setFieldErrors(fields);
      setError(formErrorSummary(caught, fields, errorMessage(caught)));
      setStockProblem(caught instanceof ApiRequestError && caught.code === 'insufficient_stock');
      setSending(false);
      errorBox?.focus();
    }
  };

  const fieldError = (key: AddressField) => fieldErrors()[`shipping_address.${key}`] ?? fieldErrors()[key];

  return (
    <div class="page">
      <h1>Checkout</h1>
      <Show when={loadError()}>
        <Notice kind="error">{loadError()}</Notice>
      </Show>
      <Show when={currentCart()} fallback={<Show when={!loadError()}><Loading label="Loading your cart…" /></Show>}>
        {(cart) => (
          <Show
            when={cart().items.length > 0}
            fallback={
              <div class="empty-state">
                <p>Your cart is empty, so there is nothing to check out.</p>
                <a class="button button--primary" href="/">
                  Browse products
                </a>
              </div>
            }
          >
            <div class="checkout-layout">
              <form class="form checkout-form" onSubmit={onSubmit} novalidate aria-describedby={error() ? 'checkout-error' : undefined}>
                <Show when={cartHasStockProblems(cart())}>
                  <Notice kind="error" title="Some items are not in stock in the quantity in your cart.">
                    <a href="/cart">Change the quantities in your cart</a> to place the order.
                  </Notice>
                </Show>
                <div ref={errorBox} tabindex="-1" id="checkout-error" class="form-error-slot">
                  <Show when={error()}>
                    <Notice kind="error" title="Your order was not placed.">
                      {error()}
                      <Show when={stockProblem()}>
                        {' '}
                        <a href="/cart">Change the quantities in your cart</a>
                      </Show>
                    </Notice>
                  </Show>
                </div>
                <fieldset class="fieldset">
                  <legend>Shipping address</legend>
                  <For each={ADDRESS_FIELDS}>
                    {(field) => (
                      <TextField
                        id={`shipping-${field.key}`}
                        label={field.label}
                        value={address()[field.key]}
                        onInput={(value) => setField(field.key, value)}
                        autocomplete={field.autocomplete}
                        required
                        maxLength={200}
                        error={fieldError(field.key)}
                      />
                    )}
                  </For>
                </fieldset>
                <fieldset class="fieldset">
                  <legend>Payment method</legend>
                  <div class="radio-group">
                    <For each={PAYMENT_METHODS}>
                      {(method) => (
                        <label class="radio-card">
                          <input type="radio" name="payment_method" value={method} checked={payment() === method} onChange={() => setPayment(method)} />
                          <span>{PAYMENT_METHOD_LABELS[method]}</span>
                        </label>
                      )}
                    </For>
                  </div>
                  <Show when={fieldErrors().payment_method}>
                    <p class="field__error">{fieldErrors().payment_method}</p>
                  </Show>
                </fieldset>
                <button type="submit" class="button button--primary button--large" disabled={sending() || cartHasStockProblems(cart())} aria-busy={sending()}>
                  {sending() ? 'Placing your order…' : `Place order · ${formatMoney(cart().total_amount, cart().currency)}`}
                </button>
              </form>
              <aside class="summary-card" aria-labelledby="checkout-summary-heading">
                <h2 id="checkout-summary-heading">Order summary</h2>
                <ul class="summary-card__lines">
                  <For each={cart().items}>
                    {(item) => (
                      <li>
                        <span>
                          {item.quantity} × {item.product.name}
                          <Show when={item.size || item.color}>
                            <span class="summary-card__variant"> ({[item.size, item.color].filter(Boolean).join(', ')})</span>
                          </Show>
                        </span>
                        <span>{formatMoney(item.product.price * item.quantity, item.product.currency)}</span>
                      </li>
                    )}
                  </For>
                </ul>
                <dl class="summary-card__rows">
                  <dt>Total</dt>
                  <dd class="summary-card__total">{formatMoney(cart().total_amount, cart().currency)}</dd>
                </dl>
                <a href="/cart">Edit cart</a>
              </aside>
            </div>
          </Show>
        )}
      </Show>
    </div>
  );
}
