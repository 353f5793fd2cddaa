/**
 * "E-mail me about my orders": the buyer's switch for order e-mails (PATCH /api/auth/me),
 * read when first shown. A failed change puts the box back and says why.
 */
import { Show, createResource, createSignal, type JSX } from 'solid-js';
import { errorMessage } from '../api/api-client.js';
import { fetchEmailNotifications, setEmailNotifications } from '../api/auth-api.js';

export function EmailNotificationsToggle(): JSX.Element {
  const [stored, { mutate }] = createResource(fetchEmailNotifications);
  const [saving, setSaving] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const change = async (input: HTMLInputElement) => {
    const wanted = input.checked;
    setSaving(true);
    setError(null);
    try {
      mutate(await setEmailNotifications(wanted));
    } catch (caught) {
      input.checked = !wanted;
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="account-menu__setting">
      <label>
        <input
          type="checkbox"
          checked={!stored.error && stored() === true}
          disabled={stored.loading || Boolean(stored.error) || saving()}
          aria-describedby="email-notifications-hint"
          onChange={(event) => void change(event.currentTarget)}
        />{' '}
        E-mail me about my orders
      </label>
      <p id="email-notifications-hint" class="account-menu__hint">
        Confirmation, shipping, delivery and cancellation.
      </p>
      <Show when={error() ?? (stored.error ? errorMessage(stored.error) : null)}>
        {(message) => (
          <p class="field__error" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </div>
  );
}
