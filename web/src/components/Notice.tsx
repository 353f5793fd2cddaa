import { Show, type JSX } from 'solid-js';

/** A message box: errors interrupt (alert), everything else is announced politely. */
export function Notice(props: { kind: 'error' | 'success' | 'info'; children: JSX.Element; title?: string }): JSX.Element {
  return (
    <div class={`notice notice--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <Show when={props.title}>
        <strong class="notice__title">{props.title}</strong>{' '}
      </Show>
      {props.children}
    </div>
  );
}
