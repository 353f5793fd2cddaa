import type { BrowserContext } from 'playwright-core';
import type { TestClient } from '../../support/http-client.js';

/** Logs a browser context in as the TestClient's user by handing it the same session cookie. */
export async function shareSession(context: BrowserContext, client: TestClient, baseUrl: string): Promise<void> {
  const cookies = client.cookieHeader
    .split('; ')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: baseUrl, httpOnly: true, sameSite: 'Lax' as const };
    });
  await context.addCookies(cookies);
}
