/** "Log in, then come back here": the way to the login page and the way back. */
import { useLocation, useNavigate } from '@solidjs/router';
import { untrack } from 'solid-js';
import type { UserBody } from '../../../server/contract/api.js';
import { refreshCart } from '../state/cart-store.js';
import { setSessionUser } from '../state/session.js';
import { safeNextPath, withQuery } from './page-query.js';

/** Sends a guest to the login page, which brings them back to this page afterwards. */
export function useSendToLogin(): (options?: { replace?: boolean }) => void {
  const location = useLocation();
  const navigate = useNavigate();
  // untrack: a caller inside an effect must not re-run when the location changes.
  return (options) => navigate(withQuery('/login', { next: untrack(() => location.pathname + location.search) }), options);
}

/** After login or registration: remember the user, then go back or to their home page. */
export function useEnterApp(): (user: UserBody, next: string | null) => void {
  const navigate = useNavigate();
  return (user, next) => {
    setSessionUser(user);
    if (user.role === 'buyer') refreshCart().catch(() => undefined);
    const home = user.role === 'seller' ? '/seller-dashboard' : '/';
    navigate(safeNextPath(next) ?? home, { replace: true });
  };
}
