import type { UserBody } from '../../../server/contract/api.js';
import { ApiRequestError, apiRequest } from './api-client.js';

export interface RegisterInput {
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  role: 'buyer' | 'seller';
  store_name?: string;
}

export async function fetchCurrentUser(): Promise<UserBody | null> {
  try {
    const { user } = await apiRequest<{ user: UserBody }>('/api/auth/me', { cache: 'no-store' });
    return user;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
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
