import { eq, getTableColumns, sql } from 'drizzle-orm';
import { emailTaken } from '../../../server/domain/account-service.js';
import type { User, UserWithSecret } from '../../../server/domain/model.js';
import type { MailRecipient, NewUser, UserRepository } from '../../../server/domain/ports.js';
import type { Db } from '../sqlite.js';
import { sellers, users } from '../schema.js';

// A User is who someone is; the password hash and the e-mail settings are read on their own.
const { passwordHash: _hash, emailNotifications: _wish, emailToken: _token, ...publicColumns } = getTableColumns(users);
export const userColumns = { ...publicColumns, sellerId: sellers.sellerId, storeName: sellers.storeName };

export class SqliteUserRepository implements UserRepository {
  private readonly byEmail;
  private readonly byId;

  constructor(private readonly db: Db) {
    this.byEmail = db
      .select({ ...userColumns, passwordHash: users.passwordHash })
      .from(users)
      .leftJoin(sellers, eq(sellers.userId, users.id))
      .where(eq(users.email, sql.placeholder('email')))
      .prepare();
    this.byId = db
      .select(userColumns)
      .from(users)
      .leftJoin(sellers, eq(sellers.userId, users.id))
      .where(eq(users.id, sql.placeholder('id')))
      .prepare();
  }

  async findByEmail(email: string): Promise<UserWithSecret | null> {
    return this.byEmail.get({ email }) ?? null;
  }

  async findById(id: number): Promise<User | null> {
    return this.byId.get({ id }) ?? null;
  }

  async create(u: NewUser): Promise<User> {
    const id = this.db.transaction(
      (tx) => {
        const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, u.email)).get();
        if (taken) throw emailTaken();
        const { id } = tx
          .insert(users)
          .values({
            email: u.email,
            firstName: u.firstName,
            lastName: u.lastName,
            role: u.role,
            passwordHash: u.passwordHash,
            createdAt: u.createdAt,
          })
          .returning({ id: users.id })
          .get();
        if (u.role === 'seller') {
          tx.insert(sellers).values({ userId: id, storeName: u.storeName ?? `${u.firstName}'s store` }).run();
        }
        return id;
      },
      { behavior: 'immediate' },
    );
    const user = await this.findById(id);
    if (!user) throw new Error(`user ${id} vanished right after it was written`);
    return user;
  }

  async emailNotifications(userId: number): Promise<boolean | null> {
    return this.db.select({ on: users.emailNotifications }).from(users).where(eq(users.id, userId)).get()?.on ?? null;
  }

  async setEmailNotifications(who: { userId: number } | { emailToken: string }, on: boolean): Promise<boolean> {
    const where = 'userId' in who ? eq(users.id, who.userId) : eq(users.emailToken, who.emailToken);
    return this.db.update(users).set({ emailNotifications: on }).where(where).run().changes > 0;
  }

  async mailRecipient(userId: number, tokenIfNone: string): Promise<MailRecipient | null> {
    return (
      this.db
        .update(users)
        .set({ emailToken: sql`coalesce(${users.emailToken}, ${tokenIfNone})` })
        .where(eq(users.id, userId))
        .returning({
          email: users.email,
          firstName: users.firstName,
          lastName: users.lastName,
          emailNotifications: users.emailNotifications,
          emailToken: sql<string>`${users.emailToken}`,
        })
        .get() ?? null
    );
  }
}
