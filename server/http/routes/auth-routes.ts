import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { presentUser } from '../../contract/presenters.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/auth.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../middleware/session.js';
import { createRouter } from '../router.js';

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (app.request in tests) have no socket.
    return 'local';
  }
}

export function authRoutes({ accounts, config }: HttpDeps) {
  return createRouter()
    .openapi(declared.register, async (c) => {
      const body = c.req.valid('json');
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
    .openapi(declared.login, async (c) => {
      const body = c.req.valid('json');
      const previous = sessionToken(c, config);
      const session = await accounts.login(body.email, body.password, clientAddress(c));
      // A new id on every login; the one the browser came with is ended.
      if (previous) await accounts.logout(previous);
      setSessionCookie(c, config, session.token, session.expiresAt);
      return c.json({ user: presentUser(session.user) }, 200);
    })
    .openapi(declared.logout, async (c) => {
      const token = sessionToken(c, config);
      if (token) await accounts.logout(token);
      clearSessionCookie(c, config);
      return c.body(null, 204);
    })
    .openapi(declared.me, (c) => c.json({ user: presentUser(c.get('viewer')) }, 200))
    .openapi(declared.session, (c) => {
      const user = c.get('user');
      return c.json({ user: user ? presentUser(user) : null }, 200);
    });
}
