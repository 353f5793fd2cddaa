import type { UserBody } from '../../../server/contract/api.js';
import { apiRequest } from './api-client.js';

export interface RegisterInput {
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  role: 'buyer' | 'seller';
  store_name?: string;
}

/** The logged-in user or null; /api/auth/session answers 200 for guests, so no 401 lands in the console. */
export async function fetchCurrentUser(): Promise<UserBody | null> {
  const { user } = await apiRequest<{ user: UserBody | null }>('/api/auth/session', { cache: 'no-store' });
  return user;
}

export async function login(email: string, password: string): Promise<UserBody> {
  const { user } = await apiRequest<{ user: UserBody }>('/api/auth/login', {
    method: 'POST',
    body: { email, password },
  });
  return user;
}

export async function register(input: RegisterInput): Promise<UserBody> {
  const { user } = await apiRequest<{ user: UserBody }>('/api/auth/register', { method: 'POST', body: input });
  return user;
}

export function logout(): Promise<void> {
  return apiRequest<void>('/api/auth/logout', { method: 'POST' });
}

/** Whether order e-mails go to the signed-in user (GET /api/auth/me). */
export async function fetchEmailNotifications(): Promise<boolean> {
  const { user } = await apiRequest<{ user: UserBody }>('/api/auth/me', { cache: 'no-store' });
  return user.email_notifications ?? true;
}

export async function setEmailNotifications(on: boolean): Promise<boolean> {
  const { user } = await apiRequest<{ user: UserBody }>('/api/auth/me', { method: 'PATCH', body: { email_notifications: on } });
  return user.email_notifications ?? on;
}
