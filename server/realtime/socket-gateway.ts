/**
 * The Socket.IO gateway: authenticated sockets on the HTTP server's port, rooms per buyer,
 * seller, order and session, and the bridge from bus events to those rooms. Handlers are
 * thin: they validate, ask the order service, and map its answer to an ack. No state lives
 * here beyond Socket.IO's own rooms, so any number of nodes can run side by side.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents, WatchAck } from '../contract/api.js';
import { presentCreatedEvent, presentOrderStatus, presentReturnEvent, presentStatusEvent } from '../contract/presenters.js';
import type { AccountService } from '../domain/account-service.js';
import { DomainError } from '../domain/errors.js';
import type { User } from '../domain/model.js';
import type { OrderService } from '../domain/order-service.js';
import type { DomainEvent, EventBus } from '../domain/ports.js';
import { isCrossSite, ownOrigin } from '../http/middleware/origin-guard.js';
import { sessionTokenIn } from '../http/middleware/session.js';
import type { Metrics } from '../infra/metrics.js';

interface SocketData {
  user: User;
  sessionId: string;
  /** When to look at the session again: it may have expired (or been extended). */
  recheckAt: number;
}

type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface GatewayDeps {
  accounts: AccountService;
  orders: OrderService;
  bus: EventBus;
  logger: Logger;
  production: boolean;
  publicOrigin: string | undefined;
  metrics: Metrics;
  /** How often sockets' sessions are re-checked for expiry. */
  sessionSweepMs?: number;
}

export const rooms = {
  buyer: (userId: number) => `buyer:${userId}`,
  seller: (sellerId: number) => `seller:${sellerId}`,
  order: (orderId: number) => `order:${orderId}`,
  session: (sessionId: string) => `session:${sessionId}`,
};

const watchPayload = z.object({ order_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export function createSocketGateway(httpServer: HttpServer, deps: GatewayDeps) {
  const { accounts, orders, bus, logger, metrics } = deps;

  const io: GatewayServer = new Server(httpServer, {
    path: '/socket.io',
    // WebSocket only: no long-polling session to pin to one node, so no sticky sessions.
    transports: ['websocket'],
    serveClient: false,
    // CORS is enforced by browsers only; a WebSocket handshake must be checked here.
    allowRequest: (req, callback) => {
      const own = ownOrigin(deps.publicOrigin, isEncrypted(req) ? 'https' : 'http', req.headers.host);
      // Node joins a repeated header's values with commas, as the HTTP side sees them.
      const secFetchSite = req.headers['sec-fetch-site'];
      const refused = isCrossSite({ origin: req.headers.origin, secFetchSite: typeof secFetchSite === 'string' ? secFetchSite : undefined }, own);
      callback(refused ? 'cross_site_request' : null, !refused);
    },
  });

  io.use(async (socket, next) => {
    try {
      const token = sessionTokenIn(socket.request.headers.cookie, deps.production);
      const found = token ? await accounts.authenticate(token) : null;
      if (!found) return next(new Error('unauthorized'));
      socket.data = { user: found.user, sessionId: found.sessionId, recheckAt: found.expiresAt };
      next();
    } catch (err) {
      logger.error({ err }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket: GatewaySocket) => {
    const { user, sessionId } = socket.data;
    const own = [rooms.session(sessionId), rooms.buyer(user.id)];
    if (user.sellerId !== null) own.push(rooms.seller(user.sellerId));
    void socket.join(own);

    socket.on('order:watch', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = watchPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: 'bad_request' } satisfies WatchAck);
      try {
        const view = await orders.status(socket.data.user, parsed.data.order_id);
        await socket.join(rooms.order(view.orderId));
        ack({ ok: true, order: presentOrderStatus(view) });
      } catch (err) {
        if (!(err instanceof DomainError)) logger.error({ err }, 'order:watch failed');
        ack({ ok: false, error: 'not_found' });
      }
    });

    socket.on('order:unwatch', (payload) => {
      const parsed = watchPayload.safeParse(payload);
      if (parsed.success) void socket.leave(rooms.order(parsed.data.order_id));
    });
  });

  // Every node hears every event; most have no socket in its rooms, so skip encoding for nobody.
  const occupied = (names: string[]) => names.filter((name) => (io.sockets.adapter.rooms.get(name)?.size ?? 0) > 0);

  const deliver = (event: DomainEvent) => {
    switch (event.type) {
      case 'order:status': {
        const { order } = event;
        const targets = occupied([rooms.order(order.orderId), rooms.buyer(order.buyerId), rooms.seller(order.sellerId)]);
        // One emit to the union of the rooms: a socket in several of them gets it once.
        if (targets.length > 0) {
          io.to(targets).emit('order:status', presentStatusEvent(order));
          metrics.pushEvents.inc({ event: 'order:status' });
        }
        break;
      }
      case 'order:created': {
        const targets = occupied([rooms.seller(event.order.sellerId)]);
        if (targets.length > 0) {
          io.to(targets).emit('order:created', presentCreatedEvent(event.order, event.customerName));
          metrics.pushEvents.inc({ event: 'order:created' });
        }
        break;
      }
      case 'return:requested':
      case 'return:decided': {
        const { returnRequest } = event;
        const targets = occupied([rooms.buyer(returnRequest.buyerId), rooms.seller(returnRequest.sellerId)]);
        if (targets.length > 0) {
          io.to(targets).emit(event.type, presentReturnEvent(returnRequest));
          metrics.pushEvents.inc({ event: event.type });
        }
        break;
      }
      case 'session:ended':
        io.in(rooms.session(event.sessionId)).disconnectSockets(true);
        break;
    }
  };
  const unsubscribe = bus.subscribe(({ event }) => deliver(event));

  const sweep = setInterval(() => void dropExpiredSessions(), deps.sessionSweepMs ?? 60_000);
  sweep.unref();
  async function dropExpiredSessions() {
    const now = Date.now();
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.recheckAt > now) continue;
      const session = await accounts.authenticateById(socket.data.sessionId).catch(() => null);
      if (session) socket.data.recheckAt = session.expiresAt;
      else socket.disconnect(true);
    }
  }

  return {
    io,
    async close(): Promise<void> {
      clearInterval(sweep);
      unsubscribe();
      io.disconnectSockets(true);
      // io.close() would also close the HTTP server; the caller owns that.
      io.engine.close();
    },
  };
}

function isEncrypted(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && req.socket.encrypted === true;
}
