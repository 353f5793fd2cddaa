import { createEffect } from 'solid-js';

export const APP_NAME = 'OrderPulse';

/** `title · OrderPulse`, or, when `full` gives one, that whole title instead. */
export function usePageTitle(title: () => string, full?: () => string | null): void {
  createEffect(() => {
    document.title = full?.() ?? `${title()} · ${APP_NAME}`;
  });
}
