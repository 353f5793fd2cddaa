import { useSearchParams } from '@solidjs/router';
import { Show, createSignal, type JSX } from 'solid-js';
import { register, type RegisterInput } from '../api/auth-api.js';
import { errorMessage, isApiErrorCode } from '../api/api-client.js';
import { fieldErrorsFrom, formErrorSummary, type FieldErrors } from '../api/field-errors.js';
import { Notice } from '../components/Notice.jsx';
import { TextField } from '../components/TextField.jsx';
import { usePageTitle } from '../components/page-title.js';
import { useEnterApp } from './auth-redirect.js';
import { EMAIL_EXAMPLE, looksLikeEmail } from './email-address.js';
import { queryValue, withQuery } from './page-query.js';

const MIN_PASSWORD = 8;

export function RegisterPage(): JSX.Element {
  usePageTitle(() => 'Create an account');
  const [params] = useSearchParams();
  const enterApp = useEnterApp();
  const [form, setForm] = createSignal({ first_name: '', last_name: '', email: '', password: '', store_name: '' });
  const [role, setRole] = createSignal<RegisterInput['role']>('buyer');
  const [error, setError] = createSignal<string | null>(null);
  const [emailTaken, setEmailTaken] = createSignal(false);
  const [fieldErrors, setFieldErrors] = createSignal<FieldErrors>({});
  const [sending, setSending] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;

  const set = (key: keyof ReturnType<typeof form>) => (value: string) => setForm({ ...form(), [key]: value });

  const validate = (): FieldErrors => {
    const values = form();
    const errors: FieldErrors = {};
    if (!values.first_name.trim()) errors.first_name = 'Enter your first name.';
    if (!values.last_name.trim()) errors.last_name = 'Enter your last name.';
    if (!looksLikeEmail(values.email)) errors.email = EMAIL_EXAMPLE;
    if (values.password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
    if (role() === 'seller' && !values.store_name.trim()) errors.store_name = 'Enter the name of your store.';
    return errors;
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const errors = validate();
    setFieldErrors(errors);
    setError(null);
    setEmailTaken(false);
    if (Object.keys(errors).length > 0) {
      setError('Please correct the highlighted fields.');
      errorBox?.focus();
      return;
    }
    const values = form();
    const input: RegisterInput = {
      email: values.email.trim(),
      password: values.password,
      first_name: values.first_name.trim(),
      last_name: values.last_name.trim(),
      role: role(),
    };
    if (role() === 'seller') input.store_name = values.store_name.trim();
    setSending(true);
    try {
      enterApp(await register(input), queryValue(params, 'next'));
    } catch (caught) {
      setEmailTaken(isApiErrorCode(caught, 'email_taken'));
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
        <h1>Create an account</h1>
        <div ref={errorBox} tabindex="-1" class="form-error-slot">
          <Show when={error()}>
            <Notice kind="error">
              {error()}
              <Show when={emailTaken()}>
                {' '}
                <a href={withQuery('/login', { next: queryValue(params, 'next') ?? undefined })}>Log in instead</a>
              </Show>
            </Notice>
          </Show>
        </div>
        <form class="form" onSubmit={onSubmit} novalidate>
          <fieldset class="fieldset">
            <legend>I want to</legend>
            <div class="radio-group radio-group--row">
              <label class="radio-card">
                <input type="radio" name="role" value="buyer" checked={role() === 'buyer'} onChange={() => setRole('buyer')} />
                <span>Buy products</span>
              </label>
              <label class="radio-card">
                <input type="radio" name="role" value="seller" checked={role() === 'seller'} onChange={() => setRole('seller')} />
                <span>Sell products</span>
              </label>
            </div>
          </fieldset>
          <div class="form__row">
            <TextField id="register-first-name" label="First name" autocomplete="given-name" required maxLength={100} value={form().first_name} onInput={set('first_name')} error={fieldErrors().first_name} />
            <TextField id="register-last-name" label="Last name" autocomplete="family-name" required maxLength={100} value={form().last_name} onInput={set('last_name')} error={fieldErrors().last_name} />
          </div>
          <Show when={role() === 'seller'}>
            <TextField id="register-store-name" label="Store name" autocomplete="organization" required maxLength={100} value={form().store_name} onInput={set('store_name')} error={fieldErrors().store_name} />
          </Show>
          <TextField id="register-email" label="Email" type="email" autocomplete="email" required maxLength={254} value={form().email} onInput={set('email')} error={fieldErrors().email} />
          <TextField
            id="register-password"
            label="Password"
            type="password"
            autocomplete="new-password"
            required
            minLength={MIN_PASSWORD}
            hint={fieldErrors().password ? undefined : `At least ${MIN_PASSWORD} characters.`}
            value={form().password}
            onInput={set('password')}
            error={fieldErrors().password}
          />
          <button type="submit" class="button button--primary button--block" disabled={sending()} aria-busy={sending()}>
            {sending() ? 'Creating your account…' : 'Create account'}
          </button>
        </form>
        <p class="auth-card__switch">
          Already have an account? <a href={withQuery('/login', { next: queryValue(params, 'next') ?? undefined })}>Log in</a>
        </p>
      </div>
    </div>
  );
}
