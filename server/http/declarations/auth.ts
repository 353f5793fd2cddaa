/** Accounts and sessions. */
import { z } from 'zod';
import { UserBody } from '../../contract/api.js';
import { loginSchema, registerSchema, updateMeSchema } from '../../contract/request-schemas.js';
import { declareRoute, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const tags = ['Accounts'];
const withSessionCookie = (description: string) => ({
  ...jsonContent(z.strictObject({ user: UserBody }), description),
  headers: { 'Set-Cookie': { description: 'The session cookie (HttpOnly, SameSite=Lax; Secure in production)', schema: { type: 'string' as const } } },
});

export const register = declareRoute({
  method: 'post',
  path: '/api/auth/register',
  tags,
  summary: 'Create a buyer or seller account and sign in',
  description: 'Sellers need a store_name. Limited per address by RATE_LIMIT_REGISTER.',
  request: { body: jsonBody(registerSchema) },
  responses: {
    201: withSessionCookie('Created and signed in'),
    ...errors([409, 429], { 409: 'email_taken: an account with this email exists' }),
  },
});

export const login = declareRoute({
  method: 'post',
  path: '/api/auth/login',
  tags,
  summary: 'Sign in',
  description:
    'Every login starts a new session (the one the browser came with ends). Failed logins are limited per account and address (RATE_LIMIT_LOGIN) and per address (RATE_LIMIT_LOGIN_ADDRESS).',
  request: { body: jsonBody(loginSchema) },
  responses: {
    200: withSessionCookie('Signed in'),
    ...errors([401, 429], { 401: 'invalid_credentials: email or password is incorrect' }),
  },
});

export const logout = declareRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags,
  summary: 'Sign out',
  description: "Ends the session; its sockets on every node are dropped.",
  ...signedIn,
  responses: { 204: { description: 'Signed out; the cookie is cleared' }, ...errors([401, 403]) },
});

export const me = declareRoute({
  method: 'get',
  path: '/api/auth/me',
  tags,
  summary: 'The signed-in user',
  ...signedIn,
  responses: {
    200: jsonContent(z.strictObject({ user: UserBody }), 'The user (sellers with seller_id and store_name), with email_notifications'),
    ...errors([401]),
  },
});

export const updateMe = declareRoute({
  method: 'patch',
  path: '/api/auth/me',
  tags,
  summary: "Change the signed-in user's settings",
  description: 'email_notifications: whether order e-mails (confirmation, shipped, delivered, cancelled) are sent.',
  ...signedIn,
  request: { body: jsonBody(updateMeSchema) },
  responses: { 200: jsonContent(z.strictObject({ user: UserBody }), 'The user as changed'), ...errors([401]) },
});

const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const unsubscribeRequest = { query: z.object({ token: z.string().min(1).max(100).describe("The token of an e-mail's unsubscribe link") }) };

export const unsubscribePage = declareRoute({
  method: 'get',
  path: '/api/email/unsubscribe',
  tags,
  summary: "The unsubscribe link's page",
  description: 'Asks to confirm with a button (a link opened by a mail scanner changes nothing).',
  request: unsubscribeRequest,
  responses: { 200: htmlPage('A page with the confirming button'), ...errors([400]) },
});

export const unsubscribe = declareRoute({
  method: 'post',
  path: '/api/email/unsubscribe',
  tags,
  summary: 'Turn order e-mails off (one-click, RFC 8058)',
  description: "Sent by the page's button and by mail clients' one-click unsubscribe (List-Unsubscribe-Post).",
  request: unsubscribeRequest,
  responses: { 200: htmlPage('Done'), ...errors([400, 403, 404], { 404: 'not_found: no user has this unsubscribe link' }) },
});

export const session = declareRoute({
  method: 'get',
  path: '/api/auth/session',
  tags,
  summary: 'Who is here, if anyone',
  description: 'For pages that work signed in or out: no 401 for guests.',
  responses: { 200: jsonContent(z.strictObject({ user: z.union([UserBody, z.null()]) }), 'The user, or null'), ...errors([]) },
});
