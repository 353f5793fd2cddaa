/**
 * The seller's webhooks: add an endpoint, choose its events, turn it off and on, rotate its
 * secret (shown once, right after), remove it, and read its delivery log with Retry.
 */
import { For, Show, createSignal, onMount, type JSX } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { WebhookBody } from '../../../../server/contract/api.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../../server/domain/webhooks.js';
import { errorMessage } from '../../api/api-client.js';
import { fieldErrorsFrom, type FieldErrors } from '../../api/field-errors.js';
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret, updateWebhook, type WebhookPatch } from '../../api/webhooks-api.js';
import { Loading } from '../../components/Loading.jsx';
import { Notice } from '../../components/Notice.jsx';
import { RequireUser } from '../../components/RequireUser.jsx';
import { TextField } from '../../components/TextField.jsx';
import { usePageTitle } from '../../components/page-title.js';
import { formatDateTime } from '../../format/dates.js';
import { SellerSidebar } from './SellerSidebar.jsx';
import { EVENT_LABELS } from './webhook-events.js';
import { WebhookDeliveryLog } from './WebhookDeliveryLog.jsx';

export function SellerWebhooksPage(): JSX.Element {
  return (
    <RequireUser role="seller">
      <SellerWebhooks />
    </RequireUser>
  );
}

/** A secret just made: shown until the seller dismisses it, never again. */
interface ShownSecret {
  webhookId: number;
  secret: string;
  rotated: boolean;
}

function SellerWebhooks(): JSX.Element {
  usePageTitle(() => 'Webhooks · Seller dashboard');
  // A store reconciled by id keeps each card (and the button just pressed) across changes.
  const [state, setState] = createStore<{ webhooks: WebhookBody[] | null }>({ webhooks: null });
  const webhooks = () => state.webhooks;
  const setWebhooks = (next: WebhookBody[]) => setState('webhooks', reconcile(next, { key: 'id' }));
  const [error, setError] = createSignal<string | null>(null);
  const [shown, setShown] = createSignal<ShownSecret | null>(null);
  let heading: HTMLHeadingElement | undefined;

  const load = async () => {
    try {
      setWebhooks(await listWebhooks());
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  onMount(() => void load());

  // The list never shows a secret: it is taken out here and shown once, above.
  const withoutSecret = ({ secret: _secret, ...rest }: WebhookBody): WebhookBody => rest;
  const replace = (changed: WebhookBody) => setWebhooks((webhooks() ?? []).map((w) => (w.id === changed.id ? withoutSecret(changed) : w)));

  return (
    <div class="dashboard">
      <SellerSidebar current="webhooks" />
      <div class="dashboard__main">
        <div class="page__header">
          <h1 ref={heading} tabindex="-1">
            Webhooks
          </h1>
        </div>
        <p class="webhooks__intro">
          Your systems hear of your orders as they happen: each event is POSTed to your endpoints as JSON, signed as Standard Webhooks
          says with the endpoint's secret, and retried with growing waits until your endpoint answers 2xx.
        </p>
        <Show when={shown()}>
          {(secret) => (
            <SecretNotice
              secret={secret()}
              onDone={() => {
                const endpoint = secret().webhookId;
                setShown(null);
                // The notice had focus: it goes to the endpoint the secret belongs to, not to the page body.
                document.getElementById(`webhook-${endpoint}-url`)?.focus();
              }}
            />
          )}
        </Show>
        <AddWebhookForm
          onAdded={(created) => {
            setWebhooks([...(webhooks() ?? []), withoutSecret(created)]);
            if (created.secret) setShown({ webhookId: created.id, secret: created.secret, rotated: false });
          }}
        />
        <Show when={error()}>
          <Notice kind="error">{error()}</Notice>
        </Show>
        <Show when={webhooks()} fallback={<Show when={!error()}><Loading label="Loading webhooks…" /></Show>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="empty-state">No endpoints yet.</p>}>
              <ul class="webhook-list">
                <For each={list()}>
                  {(webhook) => (
                    <WebhookCard
                      webhook={webhook}
                      onChanged={replace}
                      onRotated={(rotated) => {
                        replace(rotated);
                        if (rotated.secret) setShown({ webhookId: rotated.id, secret: rotated.secret, rotated: true });
                      }}
                      onDeleted={() => {
                        setWebhooks((webhooks() ?? []).filter((w) => w.id !== webhook.id));
                        // The card and its Remove button are gone: focus starts again at the page's heading.
                        heading?.focus();
                      }}
                    />
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </div>
    </div>
  );
}

function SecretNotice(props: { secret: ShownSecret; onDone: () => void }): JSX.Element {
  let done: HTMLButtonElement | undefined;
  onMount(() => done?.focus());
  return (
    <div class="notice notice--info webhook-secret" role="status">
      <strong class="notice__title">{props.secret.rotated ? 'New signing secret' : 'Signing secret'}</strong>
      <p>
        Copy it now: it is not shown again.
        {props.secret.rotated ? ' For the next 24 hours deliveries are signed with the old secret too.' : ''}
      </p>
      <code class="webhook-secret__value">{props.secret.secret}</code>
      <button ref={done} type="button" class="button button--secondary button--small" onClick={() => props.onDone()}>
        I have copied it
      </button>
    </div>
  );
}

function EventChoices(props: { idPrefix: string; chosen: WebhookEventType[]; onChange: (events: WebhookEventType[]) => void; error?: string | undefined }): JSX.Element {
  const toggle = (event: WebhookEventType, on: boolean) =>
    props.onChange(WEBHOOK_EVENT_TYPES.filter((e) => (e === event ? on : props.chosen.includes(e))));
  return (
    <fieldset class="fieldset webhook-events" aria-describedby={props.error ? `${props.idPrefix}-error` : undefined}>
      <legend>Events</legend>
      <For each={WEBHOOK_EVENT_TYPES}>
        {(event) => (
          <label class="webhook-events__choice">
            <input type="checkbox" checked={props.chosen.includes(event)} onChange={(e) => toggle(event, e.currentTarget.checked)} />
            {EVENT_LABELS[event]} <code>{event}</code>
          </label>
        )}
      </For>
      <Show when={props.error}>
        <p id={`${props.idPrefix}-error`} class="field__error">
          {props.error}
        </p>
      </Show>
    </fieldset>
  );
}

function AddWebhookForm(props: { onAdded: (webhook: WebhookBody) => void }): JSX.Element {
  const [url, setUrl] = createSignal('');
  const [description, setDescription] = createSignal('');
  const [events, setEvents] = createSignal<WebhookEventType[]>(['order.created', 'order.status_changed']);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [formError, setFormError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const created = await createWebhook({ url: url().trim(), events: events(), description: description().trim() });
      setUrl('');
      setDescription('');
      setErrors({});
      setFormError(null);
      props.onAdded(created);
    } catch (caught) {
      const fields = fieldErrorsFrom(caught);
      setErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? null : errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="form webhook-form" onSubmit={(event) => void submit(event)} aria-labelledby="add-webhook-title" novalidate>
      <h2 id="add-webhook-title">Add an endpoint</h2>
      <TextField id="webhook-url" label="Endpoint URL" type="text" value={url()} onInput={setUrl} required error={errors().url} hint="https://… in production" />
      <EventChoices idPrefix="webhook-events" chosen={events()} onChange={setEvents} error={errors().events} />
      <TextField id="webhook-description" label="Description" value={description()} onInput={setDescription} maxLength={200} error={errors().description} />
      <Show when={formError()}>
        <Notice kind="error">{formError()}</Notice>
      </Show>
      <button type="submit" class="button button--primary" disabled={saving()}>
        Add endpoint
      </button>
    </form>
  );
}

function WebhookCard(props: {
  webhook: WebhookBody;
  onChanged: (webhook: WebhookBody) => void;
  onRotated: (webhook: WebhookBody) => void;
  onDeleted: () => void;
}): JSX.Element {
  const [editing, setEditing] = createSignal<WebhookEventType[] | null>(null);
  const [showLog, setShowLog] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const id = () => props.webhook.id;

  // Busy buttons are aria-disabled, not disabled: a disabled button drops keyboard focus to the
  // page body, and the one just pressed must keep it.
  const run = async (work: () => Promise<void>) => {
    if (busy()) return;
    setBusy(true);
    try {
      await work();
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const patch = (change: WebhookPatch) => run(async () => props.onChanged(await updateWebhook(id(), change)));
  let card: HTMLLIElement | undefined;
  let editButton: HTMLButtonElement | undefined;
  // "Edit events" goes away while the form is open: focus moves to the form's first choice,
  // and back to the button when Save or Cancel closes the form.
  const openEditor = () => {
    setEditing([...props.webhook.events]);
    card?.querySelector<HTMLInputElement>('.webhook-card__edit input')?.focus();
  };
  const closeEditor = () => {
    setEditing(null);
    editButton?.focus();
  };
  const saveEvents = (events: WebhookEventType[]) =>
    run(async () => {
      props.onChanged(await updateWebhook(id(), { events }));
      closeEditor();
    });
  const rotate = () => {
    if (busy()) return;
    if (!window.confirm('Make a new signing secret? The old one keeps signing for 24 hours.')) return;
    void run(async () => props.onRotated(await rotateWebhookSecret(id())));
  };
  const remove = () => {
    if (busy()) return;
    if (!window.confirm(`Remove the endpoint ${props.webhook.url} and its delivery log?`)) return;
    void run(async () => {
      await deleteWebhook(id());
      props.onDeleted();
    });
  };

  return (
    <li ref={card} class="webhook-card" aria-labelledby={`webhook-${id()}-url`}>
      <div class="webhook-card__head">
        <h2 id={`webhook-${id()}-url`} class="webhook-card__url" tabindex="-1">
          {props.webhook.url}
        </h2>
        <span class={`webhook-status webhook-status--${props.webhook.active ? 'active' : 'disabled'}`}>{props.webhook.active ? 'Active' : 'Disabled'}</span>
      </div>
      <Show when={props.webhook.description}>
        <p class="webhook-card__description">{props.webhook.description}</p>
      </Show>
      <Show when={props.webhook.disabled_reason}>
        <Notice kind="error" title="Disabled by the deliveries:">
          {props.webhook.disabled_reason}
        </Notice>
      </Show>
      <Show when={props.webhook.active && props.webhook.failing_since}>
        {(since) => <Notice kind="info">Failing since {formatDateTime(since())}: deliveries are being retried.</Notice>}
      </Show>
      <Show
        when={editing()}
        fallback={
          <p class="webhook-card__events">
            Events: {props.webhook.events.map((e) => EVENT_LABELS[e]).join(', ')} · added {formatDateTime(props.webhook.created_at)}
          </p>
        }
      >
        {(chosen) => (
          <form
            class="webhook-card__edit"
            onSubmit={(event) => {
              event.preventDefault();
              void saveEvents(chosen());
            }}
          >
            <EventChoices idPrefix={`webhook-${id()}-events`} chosen={chosen()} onChange={setEditing} />
            <button type="submit" class="button button--primary button--small" disabled={busy() || chosen().length === 0}>
              Save events
            </button>
            <button type="button" class="button button--ghost button--small" onClick={closeEditor}>
              Cancel
            </button>
          </form>
        )}
      </Show>
      <Show when={error()}>
        <Notice kind="error">{error()}</Notice>
      </Show>
      <div class="webhook-card__actions" role="group" aria-label={`Actions for ${props.webhook.url}`}>
        <Show when={!editing()}>
          <button ref={editButton} type="button" class="button button--secondary button--small" onClick={openEditor}>
            Edit events
          </button>
        </Show>
        <button type="button" class="button button--secondary button--small" aria-disabled={busy()} onClick={() => void patch({ active: !props.webhook.active })}>
          {props.webhook.active ? 'Disable' : 'Enable'}
        </button>
        <button type="button" class="button button--secondary button--small" aria-disabled={busy()} onClick={rotate}>
          Rotate secret
        </button>
        <button type="button" class="button button--ghost button--small" aria-expanded={showLog()} onClick={() => setShowLog(!showLog())}>
          {showLog() ? 'Hide deliveries' : 'Delivery log'}
        </button>
        <button type="button" class="button button--danger-outline button--small" aria-disabled={busy()} onClick={remove}>
          Remove
        </button>
      </div>
      <Show when={showLog()}>
        <WebhookDeliveryLog webhookId={id()} url={props.webhook.url} />
      </Show>
    </li>
  );
}
