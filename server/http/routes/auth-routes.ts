import { presentUser } from '../../contract/presenters.js';
import type { HttpDeps } from '../app-env.js';
import { clientAddress } from '../client-address.js';
import * as declared from '../declarations/auth.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../middleware/session.js';
import { createRouter } from '../router.js';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The small pages of the unsubscribe link: plain HTML styled inline, no script. */
function unsubscribeHtml(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — OrderPulse</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#111827">
<h1 style="font-size:1.5rem">${escapeHtml(title)}</h1>${body}</body></html>`;
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
        clientAddress(c, config.trustProxy),
      );
      setSessionCookie(c, config, session.token, session.expiresAt);
      return c.json({ user: presentUser(session.user) }, 201);
    })
    .openapi(declared.login, async (c) => {
      const body = c.req.valid('json');
      const previous = sessionToken(c, config);
      const session = await accounts.login(body.email, body.password, clientAddress(c, config.trustProxy));
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
    .openapi(declared.me, async (c) => {
      const viewer = c.get('viewer');
      return c.json({ user: { ...presentUser(viewer), email_notifications: await accounts.emailNotifications(viewer) } }, 200);
    })
    .openapi(declared.updateMe, async (c) => {
      const viewer = c.get('viewer');
      const { email_notifications: on } = c.req.valid('json');
      await accounts.setEmailNotifications(viewer, on);
      return c.json({ user: { ...presentUser(viewer), email_notifications: on } }, 200);
    })
    .openapi(declared.unsubscribePage, (c) => {
      const { token } = c.req.valid('query');
      const action = `/api/email/unsubscribe?token=${encodeURIComponent(token)}`;
      return c.html(
        unsubscribeHtml(
          'Stop order e-mails?',
          `<p>You will no longer get e-mails about your OrderPulse orders. You can turn them back on from your account at any time.</p>
           <form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`,
        ),
        200,
      );
    })
    .openapi(declared.unsubscribe, async (c) => {
      await accounts.unsubscribe(c.req.valid('query').token);
      return c.html(unsubscribeHtml('You are unsubscribed', '<p>You will no longer get order e-mails from OrderPulse. <a href="/">Back to the shop</a></p>'), 200);
    })
    .openapi(declared.session, (c) => {
      const user = c.get('user');
      return c.json({ user: user ? presentUser(user) : null }, 200);
    });
}
