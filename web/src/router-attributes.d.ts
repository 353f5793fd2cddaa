import 'solid-js';

declare module 'solid-js' {
  namespace JSX {
    interface AnchorHTMLAttributes<T> extends HTMLAttributes<T> {
      /** @solidjs/router: following this link keeps the scroll position (the same page, narrowed or opened in place). */
      noscroll?: boolean;
    }
  }
}
