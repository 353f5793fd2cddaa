import { cleanup } from '@solidjs/testing-library';
import { afterEach } from 'vitest';

// Vitest runs without globals, so testing-library cannot register its own cleanup.
afterEach(cleanup);

// jsdom has no layout, so scrolling (the router's, the app shell's) is a no-op there rather than
// a "not implemented" complaint on every navigation. Tests spy on it where it matters.
if (typeof window !== 'undefined') window.scrollTo = () => undefined;
