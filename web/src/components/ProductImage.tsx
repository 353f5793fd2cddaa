import { Show, type JSX } from 'solid-js';

const SIZES = {
  thumb: { css: 64, widths: [128] },
  card: { css: 320, widths: [320, 640] },
  detail: { css: 560, widths: [640, 1120] },
} as const;

/** An uploaded picture's URL (`/images/products/{id}/{digest}.{ext}`): the server keeps WebP copies of it at set widths. */
const UPLOADED = /^(\/images\/products\/\d+\/[0-9a-f]{16})\.(png|jpg|webp)$/;

/**
 * Where the picture at `size` comes from: for an uploaded one, its copies sized for the place
 * (1× and 2× where there are both), so a 5 MB upload never reaches a catalog card; any other
 * URL as it is.
 */
export function imageSources(url: string, size: keyof typeof SIZES): { src: string; srcset?: string } {
  const uploaded = UPLOADED.exec(url);
  if (!uploaded) return { src: url };
  const base = uploaded[1];
  const widths = SIZES[size].widths;
  const at = (width: number) => `${base}-${width}.webp`;
  if (widths.length === 1) return { src: at(widths[0]) };
  return { src: at(widths[0]), srcset: widths.map((width, i) => `${at(width)} ${i + 1}x`).join(', ') };
}

/** The product photo, or a neutral tile with its initial when it has none. */
export function ProductImage(props: { url: string | null; name: string; size: 'card' | 'detail' | 'thumb'; eager?: boolean }): JSX.Element {
  const pixels = () => SIZES[props.size].css;
  return (
    <Show
      when={props.url}
      fallback={
        <div class={`product-image product-image--${props.size} product-image--placeholder`} aria-hidden="true">
          {props.name.slice(0, 1).toUpperCase()}
        </div>
      }
    >
      {(url) => {
        const sources = () => imageSources(url(), props.size);
        return (
          <img
            class={`product-image product-image--${props.size}`}
            src={sources().src}
            srcset={sources().srcset}
            alt=""
            width={pixels()}
            height={pixels()}
            loading={props.eager ? 'eager' : 'lazy'}
            decoding="async"
          />
        );
      }}
    </Show>
  );
}
