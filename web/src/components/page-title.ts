import { createEffect } from 'solid-js';

const APP_NAME = 'OrderPulse';

export function usePageTitle(title: () => string): void {
  createEffect(() => {
    document.title = `${title()} · ${APP_NAME}`;
  });
}
