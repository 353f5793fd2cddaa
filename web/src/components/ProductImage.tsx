import { Show, type JSX } from 'solid-js';

/** The product photo, or a neutral tile with its initial when it has none. */
export function ProductImage(props: { url: string | null; name: string; size: 'card' | 'detail' | 'thumb'; eager?: boolean }): JSX.Element {
  const pixels = () => ({ card: 320, detail: 560, thumb: 64 })[props.size];
  return (
    <Show
      when={props.url}
      fallback={
        <div class={`product-image product-image--${props.size} product-image--placeholder`} aria-hidden="true">
          {props.name.slice(0, 1).toUpperCase()}
        </div>
      }
    >
      {(url) => (
        <img
          class={`product-image product-image--${props.size}`}
          src={url()}
          alt=""
          width={pixels()}
          height={pixels()}
          loading={props.eager ? 'eager' : 'lazy'}
          decoding="async"
        />
      )}
    </Show>
  );
}
