/**
 * POST /seller/update-order-status has two doors: the Node-level lane for the usual JSON
 * request, and the Hono app for everything else. Which one a request takes must never
 * show: two nodes on one database file, one with the lane and one without, get the same
 * property-based requests (any caller, any Origin, any body) for two orders in the same
 * state, and must answer alike (status, body, headers) and leave both orders alike.
 */
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laneTakes } from '../../server/http/status-update-lane.js';
import { ORDER_STATUSES, TRANSITIONS } from '../../server/domain/order-status.js';
import { advanceTo, createProduct, placeOrder, registerBuyer, registerSeller, setStatus, type Actor } from '../support/factories.js';
import { TestClient, type Reply } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const PATH = '/seller/update-order-status';
const MAX = 64 * 1024;

describe('which requests the lane takes, from their headers alone', () => {
  const request = (method: string, url: string, headers: Record<string, string>) =>
    ({ method, url, headers }) as unknown as IncomingMessage;
  const json = { 'content-type': 'application/json', 'content-length': '40' };

  it.each([
    ['a JSON POST with a Content-Length', request('POST', PATH, json)],
    ['with a charset', request('POST', PATH, { ...json, 'content-type': 'Application/JSON; charset=utf-8' })],
    ['of exactly the size limit', request('POST', PATH, { ...json, 'content-length': String(MAX) })],
  ])('takes %s', (_what, req) => {
    expect(laneTakes(req, MAX)).toBe(true);
  });

  it.each([
    ['a form post', request('POST', PATH, { ...json, 'content-type': 'application/x-www-form-urlencoded' })],
    ['a multipart post', request('POST', PATH, { ...json, 'content-type': 'multipart/form-data; boundary=x' })],
    ['text/plain', request('POST', PATH, { ...json, 'content-type': 'text/plain' })],
    ['a look-alike content type', request('POST', PATH, { ...json, 'content-type': 'application/jsonx' })],
    ['no content type', request('POST', PATH, { 'content-length': '40' })],
    ['a chunked body', request('POST', PATH, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' })],
    ['a body over the limit', request('POST', PATH, { ...json, 'content-length': String(MAX + 1) })],
    ['a query string', request('POST', `${PATH}?x=1`, json)],
    ['a trailing slash', request('POST', `${PATH}/`, json)],
    ['another method', request('PUT', PATH, json)],
    ['another path', request('POST', '/api/place-order', json)],
  ])('leaves %s to the Hono app', (_what, req) => {
    expect(laneTakes(req, MAX)).toBe(false);
  });
});

describe('the lane and the Hono app answer alike', () => {
  let lane: TestServer;
  let hono: TestServer;
  let seller: Actor;
  let otherSeller: Actor;
  let buyer: Actor;
  let productId: number;

  beforeAll(async () => {
    lane = await startTestServer();
    hono = await startTestServer({ DATABASE_URL: lane.databasePath }, { statusUpdateLane: false });
    [seller, otherSeller, buyer] = await Promise.all([registerSeller(lane.url), registerSeller(lane.url), registerBuyer(lane.url)]);
    productId = (await createProduct(seller, { stock: 100_000 })).id;
  });
  afterAll(async () => {
    await hono?.stop();
    await lane?.stop();
  });

  /** The same browser session, talking to another node. */
  const on = (server: TestServer, actor: Actor | null) => {
    const client = new TestClient(server.url);
    for (const pair of actor?.client.cookieHeader.split('; ').filter(Boolean) ?? []) {
      const eq = pair.indexOf('=');
      client.setCookie(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return client;
  };

  /** A fresh order, moved to `state` through `server` (each node moves its own order, so its caches know). */
  const orderIn = async (server: TestServer, state: string) => {
    const orderId = (await placeOrder(buyer, [{ product_id: productId, quantity: 1 }])).order_id;
    const sellerThere = { ...seller, client: on(server, seller) };
    if (state === 'cancelled') await setStatus(sellerThere, orderId, 'cancelled');
    else if (state !== 'pending') await advanceTo(sellerThere, orderId, state as 'confirmed' | 'processing' | 'shipped' | 'delivered');
    return orderId;
  };

  const field = fc.oneof(
    fc.constant('ORDER'),
    fc.constantFrom(...ORDER_STATUSES, 'teleported', '', 'PENDING'),
    fc.integer({ min: -2, max: 3 }),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 90 }),
    fc.array(fc.integer(), { maxLength: 2 }),
  );
  const statusBody = fc.record(
    {
      order_id: fc.oneof(fc.constant('ORDER'), fc.constant(999_999_999), field),
      new_status: fc.oneof(fc.constantFrom(...ORDER_STATUSES), field),
      expected_version: fc.oneof(fc.constant('VERSION'), fc.constant('STALE'), field),
      carrier: fc.oneof(fc.string({ maxLength: 90 }), field),
      tracking_number: fc.string({ maxLength: 10 }),
      note: fc.string({ maxLength: 20 }),
      surprise: field,
    },
    { requiredKeys: ['order_id', 'new_status'] },
  );
  const usualBody = fc.record(
    {
      order_id: fc.constantFrom('ORDER', 999_999_999),
      new_status: fc.oneof({ weight: 3, arbitrary: fc.constant('NEXT') }, fc.constantFrom(...ORDER_STATUSES)),
      expected_version: fc.constantFrom('VERSION', 'STALE'),
      carrier: fc.constantFrom('DHL', 'x'.repeat(81)),
    },
    { requiredKeys: ['order_id', 'new_status'] },
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: usualBody.map((b) => JSON.stringify(b)) },
    { weight: 4, arbitrary: statusBody.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.constantFrom('', '  ', '{"order_id": 1,', '[]', 'null', '"text"', '{}') },
  );
  const requestCase = fc.record({
    who: fc.oneof({ weight: 3, arbitrary: fc.constant('seller' as const) }, fc.constantFrom('other seller', 'buyer', 'anonymous')),
    state: fc.constantFrom('pending', 'confirmed', 'shipped', 'cancelled'),
    body,
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
    origin: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, fc.constantFrom('own', 'https://elsewhere.example')),
    fetchSite: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, fc.constantFrom('same-origin', 'cross-site')),
  });

  const whoIs = (who: string) => (who === 'seller' ? seller : who === 'other seller' ? otherSeller : who === 'buyer' ? buyer : null);

  type RequestCase = typeof requestCase extends fc.Arbitrary<infer T> ? T : never;

  async function send(server: TestServer, c: RequestCase, orderId: number): Promise<Reply> {
    const version = lane.db.get<{ version: number }>('SELECT version FROM orders WHERE order_id = ?', orderId)?.version ?? 0;
    const next = TRANSITIONS[c.state][0] ?? 'pending';
    const text = c.body.replaceAll('"ORDER"', String(orderId)).replaceAll('"NEXT"', `"${next}"`).replaceAll('"VERSION"', String(version)).replaceAll('"STALE"', String(version + 7));
    const headers: Record<string, string> = { 'content-type': c.contentType };
    if (c.origin) headers.origin = c.origin === 'own' ? server.url : c.origin;
    if (c.fetchSite) headers['sec-fetch-site'] = c.fetchSite;
    return on(server, whoIs(c.who)).post(PATH, text, headers);
  }

  /**
   * The reply with this order's id and its change's time written out of it. The two
   * orders' ids may differ in digits, so Content-Length is compared as "the length of
   * this reply's own body" rather than as a number.
   */
  const normalized = (reply: Reply, orderId: number) => {
    const body: unknown = JSON.parse(JSON.stringify(reply.body), (key, value: unknown) => {
      if (key === 'order_id' && value === orderId) return 'ORDER';
      return key === 'updated_at' ? 'T' : value;
    });
    const ownLength = String(Buffer.byteLength(JSON.stringify(reply.body)));
    const headers = [...reply.headers]
      .filter(([name]) => name !== 'date')
      .map(([name, value]) => (name === 'content-length' && value === ownLength ? [name, 'its body'] : [name, value]));
    return { status: reply.status, body, headers };
  };
  const orderState = (orderId: number) => ({
    order: lane.db.get('SELECT order_status, version FROM orders WHERE order_id = ?', orderId),
    history: lane.db.all('SELECT from_status, to_status, actor_role, note FROM order_status_history WHERE order_id = ? ORDER BY id', orderId),
    shipment: lane.db.get('SELECT carrier, tracking_number, status FROM shipments WHERE order_id = ?', orderId),
  });

  /**
   * One case for each answer of the chain. Random cases reach some of them rarely (a success
   * about one time in forty), so a run of 60 may miss one: these go first in every run.
   */
  const usual = (body: string, change: Partial<RequestCase> = {}): RequestCase => ({
    who: 'seller', state: 'pending', body, contentType: 'application/json', origin: undefined, fetchSite: undefined, ...change,
  });
  const everyAnswer: RequestCase[] = [
    usual('{"order_id":"ORDER","new_status":"NEXT"}'),
    usual('{"order_id":"ORDER","new_status":"NEXT","expected_version":"VERSION","carrier":"DHL"}', {
      state: 'shipped', contentType: 'application/json; charset=utf-8', origin: 'own', fetchSite: 'same-origin',
    }),
    usual('{"order_id":"ORDER","new_status":"NEXT","expected_version":"STALE"}', { state: 'confirmed' }),
    usual('{"order_id":999999999,"new_status":"confirmed"}'),
    usual('{"order_id":"ORDER","new_status":"teleported"}'),
    usual('{"order_id":"ORDER","new_status":"NEXT"}', { who: 'other seller' }),
    usual('{"order_id":"ORDER","new_status":"NEXT"}', { who: 'anonymous' }),
    usual('{"order_id":"ORDER","new_status":"NEXT"}', { origin: 'https://elsewhere.example' }),
  ];

  it('for any caller, Origin and body: same status, body and headers, same changes to the order', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requestCase, async (c) => {
        const [viaLane, viaHono] = await Promise.all([orderIn(lane, c.state), orderIn(hono, c.state)]);
        const [laneReply, honoReply] = [await send(lane, c, viaLane), await send(hono, c, viaHono)];
        expect(normalized(laneReply, viaLane)).toEqual(normalized(honoReply, viaHono));
        expect(laneReply.status).toBeLessThan(500);
        expect(orderState(viaLane)).toEqual(orderState(viaHono));
        statuses.add(laneReply.status);
      }),
      { numRuns: RUNS, examples: everyAnswer.map((c) => [c]) },
    );
    // Every step of the chain was compared, successes included.
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 404, 409]);
  });
});
