/** One endpoint's deliveries, newest first, a page at a time, with Retry for those not delivered. */
import { For, Show, createEffect, createSignal, on, type JSX } from 'solid-js';
import type { WebhookDeliveryBody } from '../../../../server/contract/api.js';
import { errorMessage } from '../../api/api-client.js';
import { fetchDeliveries, retryDelivery, type DeliveryPage } from '../../api/webhooks-api.js';
import { Loading } from '../../components/Loading.jsx';
import { Notice } from '../../components/Notice.jsx';
import { formatDateTime } from '../../format/dates.js';
import { EVENT_LABELS } from './webhook-events.js';

const PAGE_SIZE = 20;

const STATUS_WORDS: Record<WebhookDeliveryBody['status'], string> = { pending: 'Pending', succeeded: 'Delivered', failed: 'Failed' };

export function WebhookDeliveryLog(props: { webhookId: number; url: string }): JSX.Element {
  const [page, setPage] = createSignal(1);
  const [data, setData] = createSignal<DeliveryPage | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [retrying, setRetrying] = createSignal<number | null>(null);

  const load = async () => {
    try {
      setData(await fetchDeliveries(props.webhookId, page(), PAGE_SIZE));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  createEffect(on(page, () => void load()));

  const retry = async (delivery: WebhookDeliveryBody) => {
    setRetrying(delivery.id);
    try {
      await retryDelivery(props.webhookId, delivery.id);
      setNotice(`Delivery ${delivery.webhook_id_header} will be attempted again now.`);
      await load();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setRetrying(null);
    }
  };

  const pages = () => Math.max(1, Math.ceil((data()?.total ?? 0) / PAGE_SIZE));

  return (
    <section class="webhook-log" aria-label={`Deliveries to ${props.url}`}>
      <div class="webhook-log__header">
        <h3>Deliveries</h3>
        <button type="button" class="button button--ghost button--small" onClick={() => void load()}>
          Refresh<span class="visually-hidden"> deliveries</span>
        </button>
      </div>
      <Show when={notice()}>
        <Notice kind="success">{notice()}</Notice>
      </Show>
      <Show when={error()}>
        <Notice kind="error">{error()}</Notice>
      </Show>
      <Show when={data()} fallback={<Show when={!error()}><Loading label="Loading deliveries…" /></Show>}>
        {(body) => (
          <Show when={body().deliveries.length > 0} fallback={<p class="empty-state">No deliveries yet: they appear here as orders come in.</p>}>
            <div class="table-wrap">
              <table class="table webhook-log__table">
                <caption class="visually-hidden">Deliveries, newest first, page {page()}</caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Response</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Next attempt</th>
                    <th scope="col">Created</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={body().deliveries}>
                    {(delivery) => (
                      <tr>
                        <td>
                          {EVENT_LABELS[delivery.event_type]}
                          <span class="webhook-log__id">{delivery.webhook_id_header}</span>
                        </td>
                        <td>
                          <span class={`webhook-status webhook-status--${delivery.status}`}>{STATUS_WORDS[delivery.status]}</span>
                        </td>
                        <td>{delivery.attempts}</td>
                        <td>
                          {delivery.last_status_code ?? '—'}
                          <Show when={delivery.last_error}>
                            <span class="webhook-log__error">{delivery.last_error}</span>
                          </Show>
                        </td>
                        <td>{delivery.last_duration_ms === null ? '—' : `${delivery.last_duration_ms} ms`}</td>
                        <td>{delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at) : '—'}</td>
                        <td>{formatDateTime(delivery.created_at)}</td>
                        <td>
                          <Show when={delivery.status !== 'succeeded'}>
                            <button
                              type="button"
                              class="button button--secondary button--small"
                              disabled={retrying() === delivery.id}
                              onClick={() => void retry(delivery)}
                            >
                              Retry<span class="visually-hidden"> delivery {delivery.webhook_id_header}</span>
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={pages() > 1}>
              <nav class="pagination" aria-label="Delivery pages">
                <button type="button" class="button button--ghost button--small" disabled={page() <= 1} onClick={() => setPage(page() - 1)}>
                  Newer
                </button>
                <span class="pagination__status">
                  Page {page()} of {pages()}
                </span>
                <button type="button" class="button button--ghost button--small" disabled={page() >= pages()} onClick={() => setPage(page() + 1)}>
                  Older
                </button>
              </nav>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
