import type { JSX } from 'solid-js';
import type { LiveMode } from '../live/live-socket.js';

const WORDS: Record<LiveMode, { text: string; title: string }> = {
  live: { text: 'Live', title: 'Updates arrive the moment they happen.' },
  polling: { text: 'Polling every 30 s', title: 'The live connection is down; checking for updates every 30 seconds.' },
  connecting: { text: 'Connecting…', title: 'Opening the live connection.' },
};

export function LiveIndicator(props: { mode: LiveMode }): JSX.Element {
  return (
    // A status region, so a screen reader hears when updates drop from Live to polling and back.
    <span role="status" class={`live-indicator live-indicator--${props.mode}`} title={WORDS[props.mode].title} data-mode={props.mode}>
      <span class="live-indicator__dot" aria-hidden="true" />
      {WORDS[props.mode].text}
    </span>
  );
}
