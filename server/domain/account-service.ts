/** Accounts and sessions: register, log in, log out, and resolve a session token to a user. */
import { createHash, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { DomainError, notFound } from './errors.js';
import type { Role, User } from './model.js';
import type { Clock, EventBus, PasswordHasher, RateLimitRepository, SessionRepository, UserRepository } from './ports.js';
import type { RateLimitRule } from './rate-limit.js';

export interface AccountSettings {
  idleMs: number;
  absoluteMs: number;
  /** A session's last_seen_at is written at most this often (a write per request would serialise reads). */
  touchAfterMs: number;
  /** Failed logins per account and address. */
  rateLimitLogin: RateLimitRule;
  /** Failed logins per address, whatever the accounts tried. */
  rateLimitLoginAddress: RateLimitRule;
  rateLimitRegister: RateLimitRule;
  /** Keys the session-id hash when set. */
  secret: string | undefined;
}

export interface RegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role: Exclude<Role, 'admin'>;
  storeName: string | null;
}

export interface ResolvedSession {
  user: User;
  sessionId: string;
  /** When the session ends if it sees no further use (idle limit, capped by the absolute one). */
  expiresAt: number;
}

export interface Authenticated {
  user: User;
  token: string;
  expiresAt: number;
}

/** How many token → session id pairs the memo keeps. */
const RECENT_SESSION_IDS = 10_000;

export class AccountService {
  /** A hash to verify against when the email is unknown, so both failures take as long. */
  private dummyHash: Promise<string> | null = null;
  private hmacKey: KeyObject | null | undefined;
  /**
   * Session ids of recently seen tokens. The id is a pure function of the token, and
   * computing it is the largest single cost of resolving a session on a cached read; the
   * memo is bounded (cleared when full), so a flood of made-up tokens costs only memory
   * it gives back.
   */
  private readonly recentIds = new Map<string, string>();

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly hasher: PasswordHasher,
    private readonly settings: AccountSettings,
    private readonly clock: Clock = Date.now,
    /** Where an ended session is announced, after its transaction (every node drops its sockets). */
    private readonly events: Pick<EventBus, 'publish'> = { publish: () => undefined },
  ) {}

  /** The database key of a session token. */
  sessionId(token: string): string {
    // Runs on every request: the HMAC key is imported once, not on every call.
    const known = this.recentIds.get(token);
    if (known !== undefined) return known;
    this.hmacKey ??= this.settings.secret ? createSecretKey(Buffer.from(this.settings.secret, 'utf8')) : null;
    const id = this.hmacKey
      ? createHmac('sha256', this.hmacKey).update(token).digest('hex')
      : createHash('sha256').update(token).digest('hex');
    if (this.recentIds.size >= RECENT_SESSION_IDS) this.recentIds.clear();
    this.recentIds.set(token, id);
    return id;
  }

  /** A client's sign-up: counted against its address's registration limit, then a session. */
  async register(input: RegisterInput, address: string): Promise<Authenticated> {
    const limit = await this.rateLimits.hit(`register:${address}`, this.settings.rateLimitRegister, this.clock());
    if (!limit.allowed) throw rateLimited(limit.retryAfterMs, 'Too many registrations from this address; try again later');
    return this.openSession(await this.createAccount(input));
  }

  /**
   * Creates the account with register's rules but no limit and no session: for the operator's
   * own tools (the demo seed), which are not a client and have no address to count.
   */
  async createAccount(input: RegisterInput): Promise<User> {
    if (input.role === 'seller' && !input.storeName) {
      throw new DomainError('invalid_input', 'A seller account needs a store name', [
        { path: 'store_name', message: 'Required for sellers' },
      ]);
    }
    const email = normaliseEmail(input.email);
    if (await this.users.findByEmail(email)) throw emailTaken();
    return this.users.create({
      email,
      firstName: input.firstName,
      lastName: input.lastName,
      role: input.role,
      passwordHash: await this.hasher.hash(input.password),
      storeName: input.role === 'seller' ? input.storeName : null,
      createdAt: this.clock(),
    });
  }

  /**
   * The account with this email and whether `password` is its password (null: no such account).
   * Unlimited and opens no session: for the operator's own tools (is a demo login real?), never
   * for a client's request, which goes through login and its limits.
   */
  async checkPassword(emailInput: string, password: string): Promise<{ user: User; matches: boolean } | null> {
    const found = await this.users.findByEmail(normaliseEmail(emailInput));
    if (!found) return null;
    const { passwordHash, ...user } = found;
    return { user, matches: await this.hasher.verify(passwordHash, password) };
  }

  /**
   * Two limits on failed logins, each counted atomically before the (slow) password check so
   * that parallel guesses cannot all pass a gate before any of them is counted:
   * - per account and address: a success clears it;
   * - per address, whatever the accounts: a success gives its own hit back, so logging into
   *   one's own account in between neither clears the count nor uses it up.
   * Order: a refused address is turned away first without writing anything (no bucket per
   * guessed email); then the account is counted, and a locked account is refused before the
   * address is, so hammering one account does not use up the budget of everyone behind that
   * address. When the address fills up between the look and the count, the account's hit is
   * given back: that attempt never reached the password check.
   */
  async login(emailInput: string, password: string, address: string): Promise<Authenticated> {
    const email = normaliseEmail(emailInput);
    const accountBucket = `login:${email}|${address}`;
    const addressBucket = `login-address:${address}`;
    const { rateLimitLogin, rateLimitLoginAddress } = this.settings;
    const now = this.clock();

    const addressLook = await this.rateLimits.peek(addressBucket, rateLimitLoginAddress, now);
    if (!addressLook.allowed) throw addressRateLimited(addressLook.retryAfterMs);
    const accountHit = await this.rateLimits.hit(accountBucket, rateLimitLogin, now);
    if (!accountHit.allowed) throw rateLimited(accountHit.retryAfterMs, 'Too many failed logins for this account; try again later');
    const addressHit = await this.rateLimits.hit(addressBucket, rateLimitLoginAddress, now);
    if (!addressHit.allowed) {
      await this.rateLimits.giveBack(accountBucket, accountHit.windowEndsAt);
      throw addressRateLimited(addressHit.retryAfterMs);
    }

    const found = await this.users.findByEmail(email);
    const ok = found
      ? await this.hasher.verify(found.passwordHash, password)
      : (await this.hasher.verify(await this.dummy(), password), false);
    if (!found || !ok) throw new DomainError('invalid_credentials', 'Email or password is incorrect');
    await this.rateLimits.reset(accountBucket);
    await this.rateLimits.giveBack(addressBucket, addressHit.windowEndsAt);
    const { passwordHash: _secret, ...user } = found;
    return this.openSession(user);
  }

  /** Ends the session behind the token, if any, and announces it. */
  async logout(token: string): Promise<void> {
    const ended = await this.sessions.delete(this.sessionId(token), this.clock());
    if (ended) this.events.publish(ended);
  }

  /** The user behind a session token, or null when it is unknown or expired. */
  async authenticate(token: string): Promise<ResolvedSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const now = this.clock();
    const id = this.sessionId(token);
    const found = await this.sessions.findActive(id, now, this.settings.idleMs);
    if (!found) return null;
    if (now - found.session.lastSeenAt > this.settings.touchAfterMs) await this.sessions.touch(id, now);
    return { user: found.user, sessionId: id, expiresAt: Math.min(found.session.expiresAt, now + this.settings.idleMs) };
  }

  /** The same check by session id, for long-lived connections that keep the id, not the token. */
  async authenticateById(sessionId: string): Promise<{ user: User; expiresAt: number } | null> {
    const now = this.clock();
    const found = await this.sessions.findActive(sessionId, now, this.settings.idleMs);
    if (!found) return null;
    return { user: found.user, expiresAt: Math.min(found.session.expiresAt, found.session.lastSeenAt + this.settings.idleMs) };
  }

  /** Whether the user wants order e-mails. */
  async emailNotifications(user: User): Promise<boolean> {
    return (await this.users.emailNotifications(user.id)) ?? true;
  }

  async setEmailNotifications(user: User, on: boolean): Promise<void> {
    await this.users.setEmailNotifications({ userId: user.id }, on);
  }

  /** The unsubscribe link's action: order e-mails off for whoever the token names; not_found for none. */
  async unsubscribe(emailToken: string): Promise<void> {
    if (!(await this.users.setEmailNotifications({ emailToken }, false))) throw notFound('Unsubscribe link');
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.sessions.deleteExpired(this.clock(), this.settings.idleMs);
  }

  /** The hourly sweep: expired sessions, and rate-limit buckets whose window has ended. */
  async purgeExpired(): Promise<{ sessions: number; rateLimitBuckets: number }> {
    const sessions = await this.purgeExpiredSessions();
    const rateLimitBuckets = await this.rateLimits.deleteExpired(this.clock());
    return { sessions, rateLimitBuckets };
  }

  private async openSession(user: User): Promise<Authenticated> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const expiresAt = now + this.settings.absoluteMs;
    await this.sessions.create({ id: this.sessionId(token), userId: user.id, createdAt: now, lastSeenAt: now, expiresAt });
    return { user, token, expiresAt: Math.min(expiresAt, now + this.settings.idleMs) };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailTaken = () =>
  new DomainError('email_taken', 'An account with this email already exists', [
    { path: 'email', message: 'Already registered' },
  ]);

function rateLimited(retryAfterMs: number, message: string): DomainError {
  return new DomainError('rate_limited', message, { retry_after_s: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}

const addressRateLimited = (retryAfterMs: number) =>
  rateLimited(retryAfterMs, 'Too many failed logins from this address; try again later');
