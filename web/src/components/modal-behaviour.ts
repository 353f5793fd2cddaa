/**
 * What every dialog of the app does while it is open: Esc closes it, Tab stays inside it, the
 * page behind it is inert (no focus, no clicks; screen readers do not wander out, which
 * aria-modal alone does not ensure everywhere), and focus goes back where it came from.
 */
import { onCleanup, onMount } from 'solid-js';
import { trapTab } from './focus-trap.js';

/** Where focus goes on close: an element, or a function that finds it again (a list refresh may have replaced it). */
export type FocusReturn = HTMLElement | (() => HTMLElement | null | undefined) | null | undefined;

export function useModalBehaviour(options: {
  dialog: () => HTMLElement | undefined;
  onClose: () => void;
  returnFocusTo: FocusReturn;
  focusFirst: () => void;
}): void {
  const activeAtOpen = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // Read once: the caller's props may be backed by parent state that is gone by cleanup.
  const returnFocusTo = options.returnFocusTo;
  const returnTarget = (): HTMLElement | null => {
    if (typeof returnFocusTo === 'function') return returnFocusTo() ?? activeAtOpen;
    return returnFocusTo ?? activeAtOpen;
  };

  // On the document, not the dialog: a button that disables itself while sending drops
  // focus to <body>, and Esc must still close the dialog then.
  const onKeyDown = (event: KeyboardEvent) => {
    const dialog = options.dialog();
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      options.onClose();
    } else if (dialog) {
      trapTab(event, dialog);
    }
  };

  const madeInert: Element[] = [];
  onMount(() => {
    const dialog = options.dialog();
    document.body.classList.add('has-modal');
    for (const element of document.body.children) {
      if (dialog && !element.contains(dialog) && !element.hasAttribute('inert')) {
        element.setAttribute('inert', '');
        madeInert.push(element);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    options.focusFirst();
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKeyDown);
    document.body.classList.remove('has-modal');
    for (const element of madeInert.splice(0)) element.removeAttribute('inert');
    const target = returnTarget();
    if (target?.isConnected) target.focus();
  });
}
