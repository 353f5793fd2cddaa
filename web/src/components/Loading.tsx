import type { JSX } from 'solid-js';

export function Loading(props: { label?: string }): JSX.Element {
  return (
    <p class="loading" role="status">
      <span class="loading__spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </p>
  );
}
