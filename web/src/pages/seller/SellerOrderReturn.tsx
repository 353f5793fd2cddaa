/** An order's return request as its seller sees it (on the order's own view), with Approve / Decline while it is open. */
import { Show, createSignal, type JSX } from 'solid-js';
import type { ReturnRequestBody } from '../../../../server/contract/api.js';
import { RETURN_REASON_LABELS } from '../../api/returns-api.js';
import { formatDateTime } from '../../format/dates.js';
import { ReturnDecisionDialog, type ReturnDecision } from './ReturnDecisionDialog.jsx';

const STATUS_WORDS: Readonly<Record<ReturnRequestBody['status'], string>> = { requested: 'Open', approved: 'Approved', declined: 'Declined' };

/** A request's state in words: open, approved (restocked or not), declined. */
export function ReturnStatusLabel(props: { request: Pick<ReturnRequestBody, 'status' | 'restock'> }): JSX.Element {
  return (
    <span class={`return-status return-status--${props.request.status}`} data-return-status={props.request.status}>
      {STATUS_WORDS[props.request.status]}
      {props.request.status === 'approved' ? (props.request.restock ? ', restocked' : ', not restocked') : ''}
    </span>
  );
}

/** `onDecided`: fetch the order again (the dialog waits for it before it closes). */
export function SellerOrderReturn(props: { request: ReturnRequestBody; customerName: string; onDecided: () => Promise<unknown> }): JSX.Element {
  const [deciding, setDeciding] = createSignal<{ decision: ReturnDecision; opener: HTMLElement } | null>(null);
  let heading: HTMLHeadingElement | undefined;
  return (
    <section class="card seller-return" aria-labelledby="seller-return-heading" data-return-status={props.request.status}>
      <div class="seller-return__head">
        <h2 id="seller-return-heading" ref={heading} tabindex="-1">
          Return request
        </h2>
        <ReturnStatusLabel request={props.request} />
      </div>
      <dl class="order-facts">
        <div>
          <dt>Reason</dt>
          <dd>{RETURN_REASON_LABELS[props.request.reason]}</dd>
        </div>
        <div>
          <dt>Buyer’s message</dt>
          <dd>{props.request.message ?? 'None'}</dd>
        </div>
        <div>
          <dt>Requested</dt>
          <dd>{formatDateTime(props.request.created_at)}</dd>
        </div>
        <Show when={props.request.decided_at}>
          {(at) => (
            <div>
              <dt>Decided</dt>
              <dd>{formatDateTime(at())}</dd>
            </div>
          )}
        </Show>
        <Show when={props.request.buyer_message}>
          {(message) => (
            <div>
              <dt>Your message to the buyer</dt>
              <dd>{message()}</dd>
            </div>
          )}
        </Show>
      </dl>
      <Show when={props.request.status === 'requested'}>
        <div class="seller-return__actions">
          <button type="button" class="button button--primary" onClick={(event) => setDeciding({ decision: 'approve', opener: event.currentTarget })}>
            Approve return
          </button>
          <button type="button" class="button button--danger-outline" onClick={(event) => setDeciding({ decision: 'decline', opener: event.currentTarget })}>
            Decline return
          </button>
        </div>
      </Show>
      <Show when={deciding()} keyed>
        {(open) => (
          <ReturnDecisionDialog
            request={{ ...props.request, customer_name: props.customerName }}
            decision={open.decision}
            // Decided, the buttons are gone: focus goes to the section's heading.
            returnFocusTo={() => (open.opener.isConnected ? open.opener : heading)}
            onClose={() => setDeciding(null)}
            onDecided={() => props.onDecided()}
            onStale={() => void props.onDecided()}
          />
        )}
      </Show>
    </section>
  );
}
