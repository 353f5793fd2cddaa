/**
 * The seller's answer to a return request. Approving moves the order to Returned (and, when
 * asked, puts its units back in stock), with an optional message to the buyer; declining leaves
 * the order as it is and must tell the buyer why.
 */
import { Show, createSignal, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import type { ReturnRequestBody } from '../../../../server/contract/api.js';
import { MAX_BUYER_MESSAGE } from '../../../../server/domain/order-status.js';
import { errorMessage, isApiErrorCode } from '../../api/api-client.js';
import { RETURN_REASON_LABELS, approveReturnRequest, declineReturnRequest } from '../../api/returns-api.js';
import { useModalBehaviour, type FocusReturn } from '../../components/modal-behaviour.js';
import { formatDateTime } from '../../format/dates.js';

export type ReturnDecision = 'approve' | 'decline';

export interface ReturnDecisionDialogProps {
  request: Pick<ReturnRequestBody, 'id' | 'order_number' | 'reason' | 'message' | 'created_at'> & { customer_name?: string };
  decision: ReturnDecision;
  onClose: () => void;
  /**
   * The request as decided. The dialog waits for what it returns (the page showing the
   * decision) before it closes, so focus goes back to a page that no longer changes under it.
   */
  onDecided: (request: ReturnRequestBody) => void | Promise<unknown>;
  /** The server says the request or its order changed meanwhile: the list should be fetched again. */
  onStale?: () => void;
  returnFocusTo?: FocusReturn;
  approve?: typeof approveReturnRequest;
  decline?: typeof declineReturnRequest;
}

/** The server's refusals, in words for this dialog. */
function refusal(error: unknown): string {
  if (isApiErrorCode(error, 'return_already_decided')) return 'This request has already been decided. The list now shows its decision.';
  if (isApiErrorCode(error, 'illegal_transition')) return `The order can no longer be returned: ${error.message}`;
  return errorMessage(error);
}

export function ReturnDecisionDialog(props: ReturnDecisionDialogProps): JSX.Element {
  const approving = props.decision === 'approve';
  const [restock, setRestock] = createSignal(false);
  const [message, setMessage] = createSignal('');
  const [messageError, setMessageError] = createSignal<string | null>(null);
  const [failure, setFailure] = createSignal<string | null>(null);
  const [sending, setSending] = createSignal(false);
  const titleId = 'return-decision-title';
  let dialog: HTMLDivElement | undefined;
  let firstField: HTMLElement | undefined;
  let messageField: HTMLTextAreaElement | undefined;

  useModalBehaviour({
    dialog: () => dialog,
    onClose: () => props.onClose(),
    returnFocusTo: props.returnFocusTo,
    focusFirst: () => firstField?.focus(),
  });

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (sending()) return;
    const text = message().trim();
    if (!approving && !text) {
      setMessageError('Tell the buyer why you are declining their return.');
      messageField?.focus();
      return;
    }
    setSending(true);
    setFailure(null);
    try {
      const decided = approving
        ? (await (props.approve ?? approveReturnRequest)(props.request.id, text ? { restock: restock(), buyer_message: text } : { restock: restock() })).return_request
        : await (props.decline ?? declineReturnRequest)(props.request.id, { buyer_message: text });
      await props.onDecided(decided);
      props.onClose();
    } catch (error) {
      setFailure(refusal(error));
      if (isApiErrorCode(error, 'return_already_decided') || isApiErrorCode(error, 'illegal_transition')) props.onStale?.();
    } finally {
      setSending(false);
    }
  };

  return (
    <Portal>
      <div class="modal-backdrop" onClick={(event) => event.target === event.currentTarget && props.onClose()}>
        <div ref={dialog} class="modal" role="dialog" aria-modal="true" aria-labelledby={titleId}>
          <div class="modal__header">
            <h2 id={titleId} class="modal__title">
              {approving ? 'Approve' : 'Decline'} return of {props.request.order_number}
            </h2>
            <button type="button" class="button button--ghost modal__close" onClick={() => props.onClose()} aria-label="Close dialog">
              <span aria-hidden="true">×</span>
            </button>
          </div>

          <dl class="order-facts return-facts">
            <Show when={props.request.customer_name}>
              <div>
                <dt>Customer</dt>
                <dd>{props.request.customer_name}</dd>
              </div>
            </Show>
            <div>
              <dt>Reason</dt>
              <dd>{RETURN_REASON_LABELS[props.request.reason]}</dd>
            </div>
            <Show when={props.request.message}>
              <div>
                <dt>Buyer’s message</dt>
                <dd>{props.request.message}</dd>
              </div>
            </Show>
            <div>
              <dt>Requested</dt>
              <dd>{formatDateTime(props.request.created_at)}</dd>
            </div>
          </dl>

          <Show when={failure()}>
            <div class="notice notice--error" role="alert">
              {failure()}
            </div>
          </Show>

          <form class="form" onSubmit={(event) => void onSubmit(event)} novalidate>
            <Show when={approving}>
              <p class="modal__current">The order becomes Returned.</p>
              <label class="checkbox-field">
                <input ref={(element) => (firstField = element)} type="checkbox" checked={restock()} onChange={(event) => setRestock(event.currentTarget.checked)} />
                Put the order’s items back in stock
              </label>
            </Show>
            <div class="field" classList={{ 'field--invalid': Boolean(messageError()) }}>
              <label for="return-decision-message">
                Message to the buyer{' '}
                <span class="field__optional">{approving ? '(optional, shown on their order page)' : '(required: why you decline, shown on their order page)'}</span>
              </label>
              <textarea
                id="return-decision-message"
                ref={(element) => {
                  messageField = element;
                  if (!approving) firstField = element;
                }}
                rows={3}
                maxLength={MAX_BUYER_MESSAGE}
                required={!approving}
                aria-invalid={messageError() ? 'true' : undefined}
                aria-describedby={messageError() ? 'return-decision-message-error' : undefined}
                value={message()}
                onInput={(event) => {
                  setMessage(event.currentTarget.value);
                  if (event.currentTarget.value.trim()) setMessageError(null);
                }}
              />
              <Show when={messageError()}>
                <p id="return-decision-message-error" class="field__error">
                  {messageError()}
                </p>
              </Show>
            </div>
            <div class="modal__actions">
              <button type="button" class="button button--secondary" onClick={() => props.onClose()}>
                Cancel
              </button>
              <button type="submit" class={`button ${approving ? 'button--primary' : 'button--danger'}`} disabled={sending()} aria-busy={sending()}>
                {sending() ? 'Sending…' : approving ? 'Approve return' : 'Decline return'}
              </button>
            </div>
          </form>
        </div>
      </div>
    </Portal>
  );
}
