/** Guest: log in / register. Logged in: a disclosure menu with the user's pages and log out. */
import { useLocation, useNavigate } from '@solidjs/router';
import { Match, Show, Switch, createEffect, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { errorMessage } from '../api/api-client.js';
import { setCartFromServer } from '../state/cart-store.js';
import { EmailNotificationsToggle } from './EmailNotificationsToggle.jsx';
import { currentUser, displayName, signOut } from '../state/session.js';

export function AccountMenu(): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const location = useLocation();
  const navigate = useNavigate();
  let root: HTMLDivElement | undefined;
  let toggle: HTMLButtonElement | undefined;

  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }));

  const onDocumentClick = (event: MouseEvent) => {
    if (open() && root && event.target instanceof Node && !root.contains(event.target)) setOpen(false);
  };
  document.addEventListener('click', onDocumentClick);
  onCleanup(() => document.removeEventListener('click', onDocumentClick));

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open()) {
      setOpen(false);
      toggle?.focus();
    }
  };

  const logOut = async () => {
    setError(null);
    try {
      await signOut();
      setCartFromServer(undefined);
      setOpen(false);
      navigate('/');
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <Show
      when={currentUser()}
      fallback={
        <Show when={currentUser() === null}>
          <div class="account-links">
            <a href="/login" class="button button--ghost">
              Log in
            </a>
            <a href="/register" class="button button--primary">
              Register
            </a>
          </div>
        </Show>
      }
    >
      {(user) => (
        <div
          class="account-menu"
          ref={root}
          onKeyDown={onKeyDown}
          onFocusOut={(event) => {
            // Tabbing past the last item closes the menu, as clicking elsewhere does.
            if (event.relatedTarget instanceof Node && !root?.contains(event.relatedTarget)) setOpen(false);
          }}
        >
          <button
            ref={toggle}
            type="button"
            class="account-menu__toggle"
            aria-expanded={open()}
            aria-controls="account-menu-panel"
            onClick={() => setOpen(!open())}
          >
            <span class="account-menu__avatar" aria-hidden="true">
              {displayName(user()).slice(0, 1).toUpperCase()}
            </span>
            <span class="account-menu__name">{displayName(user())}</span>
            <span class="visually-hidden"> account menu</span>
            <span class="account-menu__caret" aria-hidden="true">
              ▾
            </span>
          </button>
          <div id="account-menu-panel" class="account-menu__panel" hidden={!open()}>
            <p class="account-menu__who">
              Signed in as <strong>{user().email}</strong>
              <Show when={user().store_name}>{(store) => <span class="account-menu__store">{store()}</span>}</Show>
            </p>
            <ul class="account-menu__list">
              <Switch>
                <Match when={user().role === 'seller'}>
                  <li>
                    <a href="/seller-dashboard">Seller dashboard</a>
                  </li>
                </Match>
                <Match when={user().role === 'buyer'}>
                  <li>
                    <a href="/orders">My orders</a>
                  </li>
                  <li>
                    <a href="/cart">Cart</a>
                  </li>
                </Match>
              </Switch>
              <li>
                <button type="button" class="account-menu__logout" onClick={() => void logOut()}>
                  Log out
                </button>
              </li>
            </ul>
            <Show when={user().role === 'buyer' && open()}>
              <EmailNotificationsToggle />
            </Show>
            <Show when={error()}>
              <p class="field__error" role="alert">
                {error()}
              </p>
            </Show>
          </div>
        </div>
      )}
    </Show>
  );
}
