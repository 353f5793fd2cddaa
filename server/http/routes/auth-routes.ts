import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { loginSchema, registerSchema } from '../../contract/request-schemas.js';
import { presentUser } from '../../contract/presenters.js';
import type { AppEnv, HttpDeps } from '../app-env.js';
import { readBody } from '../request-parsing.js';
import { clearSessionCookie, requireUser, sessionToken, setSessionCookie } from '../middleware/session.js';

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (app.request in tests) have no socket.
    return 'local';
  }
}

export function authRoutes({ accounts, config, bus }: HttpDeps) {
  return new Hono<AppEnv>()
    .post('/api/auth/register', async (c) => {
      const body = await readBody(c, registerSchema);
      const session = await accounts.register(
        {
          email: body.email,
          password: body.password,
          firstName: body.first_name,
          lastName: body.last_name,
          role: body.role,
          storeName: body.store_name,
        },
        clientAddress(c),
      );
      setSessionCookie(c, config, session.token, session.expiresAt);
      return c.json({ user: presentUser(session.user) }, 201);
    })
    .post('/api/auth/login', async (c) => {
      const body = await readBody(c, loginSchema);
      const previous = sessionToken(c, config);
      const session = await accounts.login(body.email, body.password, clientAddress(c));
      // A new id on every login; the one the browser came with is ended.
      if (previous) bus.publish({ type: 'session:ended', sessionId: await accounts.logout(previous) });
      setSessionCookie(c, config, session.token, session.expiresAt);
      return c.json({ user: presentUser(session.user) }, 200);
    })
    .post('/api/auth/logout', async (c) => {
      requireUser(c);
      const token = sessionToken(c, config);
      if (token) bus.publish({ type: 'session:ended', sessionId: await accounts.logout(token) });
      clearSessionCookie(c, config);
      return c.body(null, 204);
    })
    .get('/api/auth/me', (c) => c.json({ user: presentUser(requireUser(c)) }))
    // For pages that work logged in or out: who is here, without a 401 in the console for guests.
    .get('/api/auth/session', (c) => {
      const user = c.get('user');
      return c.json({ user: user ? presentUser(user) : null });
    });
}
