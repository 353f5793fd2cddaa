/** The buyer's return request: why (one of the server's reasons, in words), an optional message, Submit or Cancel. */
import { For, Show, createSignal, onMount, type JSX } from 'solid-js';
import type { ReturnRequestBody } from '../../../server/contract/api.js';
import type { ReturnReason } from '../../../server/domain/returns.js';
import { ApiRequestError, errorMessage, isApiErrorCode } from '../api/api-client.js';
import { MAX_RETURN_MESSAGE, RETURN_REASONS, RETURN_REASON_LABELS, isReturnReason, requestReturn, type ReturnRequestInput } from '../api/returns-api.js';
import { Notice } from './Notice.jsx';

export interface ReturnRequestFormProps {
  orderId: number;
  orderNumber: string;
  onRequested: (request: ReturnRequestBody) => void;
  onCancel: () => void;
  onStale: () => void;
  submit?: (orderId: number, input: ReturnRequestInput) => Promise<ReturnRequestBody>;
}

/** The server's refusals, said for this form (its own words are kept for the rest). */
function refusal(error: unknown): string {
  if (isApiErrorCode(error, 'return_already_requested')) return 'You have already asked to return this order. The seller has not decided yet.';
  if (isApiErrorCode(error, 'return_not_allowed')) return `This order cannot be returned: ${error.message}`;
  return errorMessage(error);
}

export function ReturnRequestForm(props: ReturnRequestFormProps): JSX.Element {
  const submit = props.submit ?? requestReturn;
  const [reason, setReason] = createSignal<ReturnReason | ''>('');
  const [message, setMessage] = createSignal('');
  const [reasonError, setReasonError] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [sending, setSending] = createSignal(false);
  const id = (part: string) => `return-${props.orderId}-${part}`;
  let reasonSelect: HTMLSelectElement | undefined;
  onMount(() => reasonSelect?.focus());

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = reason();
    if (!chosen) {
      setReasonError('Choose why you are returning it.');
      reasonSelect?.focus();
      return;
    }
    if (sending()) return;
    setSending(true);
    setFailure(null);
    try {
      const text = message().trim();
      props.onRequested(await submit(props.orderId, text ? { reason: chosen, message: text } : { reason: chosen }));
    } catch (error) {
      setFailure(refusal(error));
      // A 409 means the order or its request changed under the page: show what it is now.
      if (error instanceof ApiRequestError && error.status === 409) props.onStale();
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="form return-form" aria-labelledby={id('title')} onSubmit={(event) => void onSubmit(event)} novalidate>
      <h2 id={id('title')} class="return-form__title">
        Return order {props.orderNumber}
      </h2>
      <div class="field" classList={{ 'field--invalid': Boolean(reasonError()) }}>
        <label for={id('reason')}>Reason</label>
        <select
          id={id('reason')}
          ref={reasonSelect}
          required
          aria-invalid={reasonError() ? 'true' : undefined}
          aria-describedby={reasonError() ? id('reason-error') : undefined}
          value={reason()}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setReason(isReturnReason(value) ? value : '');
            if (isReturnReason(value)) setReasonError(null);
          }}
        >
          <option value="">Choose a reason…</option>
          <For each={RETURN_REASONS}>{(option) => <option value={option}>{RETURN_REASON_LABELS[option]}</option>}</For>
        </select>
        <Show when={reasonError()}>
          <p id={id('reason-error')} class="field__error">
            {reasonError()}
          </p>
        </Show>
      </div>
      <div class="field">
        <label for={id('message')}>
          Message to the seller <span class="field__optional">(optional)</span>
        </label>
        <textarea id={id('message')} rows={3} maxLength={MAX_RETURN_MESSAGE} value={message()} onInput={(event) => setMessage(event.currentTarget.value)} />
      </div>
      <Show when={failure()}>
        <Notice kind="error">{failure()}</Notice>
      </Show>
      <div class="return-form__actions">
        <button type="submit" class="button button--primary" disabled={sending()} aria-busy={sending()}>
          {sending() ? 'Sending…' : 'Request return'}
        </button>
        <button type="button" class="button button--secondary" disabled={sending()} onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
