/** Who is logged in, shared by the header, guards and pages. `undefined` while loading. */
import { createSignal } from 'solid-js';
import type { UserBody } from '../../../server/contract/api.js';
import { fetchCurrentUser, logout } from '../api/auth-api.js';

const [user, setUser] = createSignal<UserBody | null | undefined>(undefined);

export const currentUser = user;

export function setSessionUser(next: UserBody | null): void {
  setUser(next);
}

export async function loadSession(): Promise<void> {
  try {
    setUser(await fetchCurrentUser());
  } catch {
    // Server unreachable: browse as a guest; pages that need a session show their own error.
    setUser(null);
  }
}

export async function signOut(): Promise<void> {
  await logout();
  setUser(null);
}

export function displayName(person: UserBody): string {
  return person.first_name || person.email;
}
