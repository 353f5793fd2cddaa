import { useSearchParams } from '@solidjs/router';
import { Show, createSignal, type JSX } from 'solid-js';
import { login } from '../api/auth-api.js';
import { errorMessage } from '../api/api-client.js';
import { fieldErrorsFrom, formErrorSummary, type FieldErrors } from '../api/field-errors.js';
import { Notice } from '../components/Notice.jsx';
import { TextField } from '../components/TextField.jsx';
import { usePageTitle } from '../components/page-title.js';
import { currentUser } from '../state/session.js';
import { useEnterApp } from './auth-redirect.js';
import { EMAIL_EXAMPLE, looksLikeEmail } from './email-address.js';
import { queryValue, withQuery } from './page-query.js';

export function LoginPage(): JSX.Element {
  usePageTitle(() => 'Log in');
  const [params] = useSearchParams();
  const enterApp = useEnterApp();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [fieldErrors, setFieldErrors] = createSignal<FieldErrors>({});
  const [sending, setSending] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!email().trim()) errors.email = 'Enter your email address.';
    else if (!looksLikeEmail(email())) errors.email = EMAIL_EXAMPLE;
    if (!password()) errors.password = 'Enter your password.';
    setFieldErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;
    setSending(true);
    try {
      enterApp(await login(email().trim(), password()), queryValue(params, 'next'));
    } catch (caught) {
      const fields = fieldErrorsFrom(caught);
      setFieldErrors(fields);
      setError(formErrorSummary(caught, fields, errorMessage(caught)));
      setSending(false);
      errorBox?.focus();
    }
  };

  return (
    <div class="page page--narrow">
      <div class="card auth-card">
        <h1>Log in</h1>
        <Show when={currentUser()}>
          {(user) => (
            <Notice kind="info">
              You are already logged in as {user().email}. <a href={user().role === 'seller' ? '/seller-dashboard' : '/'}>Continue</a> or log in as someone else.
            </Notice>
          )}
        </Show>
        <div ref={errorBox} tabindex="-1" class="form-error-slot">
          <Show when={error()}>
            <Notice kind="error">{error()}</Notice>
          </Show>
        </div>
        <form class="form" onSubmit={onSubmit} novalidate>
          <TextField id="login-email" label="Email" type="email" autocomplete="email" required value={email()} onInput={setEmail} error={fieldErrors().email} />
          <TextField
            id="login-password"
            label="Password"
            type="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={setPassword}
            error={fieldErrors().password}
          />
          <button type="submit" class="button button--primary button--block" disabled={sending()} aria-busy={sending()}>
            {sending() ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p class="auth-card__switch">
          New here? <a href={withQuery('/register', { next: queryValue(params, 'next') ?? undefined })}>Create an account</a>
        </p>
      </div>
    </div>
  );
}
