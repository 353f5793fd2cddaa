import type { UserBody } from '../../../server/contract/api.js';
import { navigate } from '../router/router.jsx';
import { refreshCart } from '../state/cart-store.js';
import { setSessionUser } from '../state/session.js';
import { safeNextPath } from './page-query.js';

/** After login or registration: remember the user, then go back or to their home page. */
export function enterApp(user: UserBody, next: string | null): void {
  setSessionUser(user);
  if (user.role === 'buyer') refreshCart().catch(() => undefined);
  const home = user.role === 'seller' ? '/seller-dashboard' : '/';
  navigate(safeNextPath(next) ?? home, { replace: true });
}
