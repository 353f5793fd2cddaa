import { useLocation } from '@solidjs/router';
import type { JSX } from 'solid-js';

/** A link that marks itself as the current page. */
export function NavLink(props: { href: string; class?: string; children: JSX.Element; 'aria-label'?: string; end?: boolean }): JSX.Element {
  const location = useLocation();
  const active = () => {
    const path = location.pathname;
    return props.end || props.href === '/' ? path === props.href : path === props.href || path.startsWith(`${props.href}/`);
  };
  return (
    <a href={props.href} class={props.class} aria-current={active() ? 'page' : undefined} aria-label={props['aria-label']}>
      {props.children}
    </a>
  );
}
