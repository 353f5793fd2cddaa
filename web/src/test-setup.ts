import { cleanup } from '@solidjs/testing-library';
import { afterEach } from 'vitest';

// Vitest runs without globals, so testing-library cannot register its own cleanup.
afterEach(cleanup);
