import { Match, Switch, createEffect, type JSX } from 'solid-js';
import type { Role } from '../../../server/contract/api.js';
import { useSendToLogin } from '../pages/auth-redirect.js';
import { currentUser } from '../state/session.js';
import { Loading } from './Loading.jsx';

const ROLE_WORDS: Record<Role, string> = { buyer: 'a buyer account', seller: 'a seller account', admin: 'an admin account' };

/** Renders its children only for a logged-in user (of the given role); guests go to login. */
export function RequireUser(props: { role?: Role; children: JSX.Element }): JSX.Element {
  const sendToLogin = useSendToLogin();
  createEffect(() => {
    if (currentUser() === null) sendToLogin({ replace: true });
  });
  const wrongRole = () => {
    const user = currentUser();
    return Boolean(user && props.role && user.role !== props.role);
  };
  return (
    <Switch>
      <Match when={currentUser() === undefined}>
        <Loading />
      </Match>
      <Match when={wrongRole() && props.role}>
        {(role) => (
          <div class="page page--narrow">
            <h1>Not available for this account</h1>
            <p>This page needs {ROLE_WORDS[role()]}.</p>
            <p>
              <a href="/">Back to the shop</a>
            </p>
          </div>
        )}
      </Match>
      <Match when={currentUser()}>{props.children}</Match>
    </Switch>
  );
}
