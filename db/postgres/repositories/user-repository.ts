import { emailTaken } from '../../../server/domain/account-service.js';
import type { User, UserWithSecret } from '../../../server/domain/model.js';
import type { MailRecipient, NewUser, UserRepository } from '../../../server/domain/ports.js';
import { statement, type PgDatabase } from '../pg-database.js';

const USER_SQL = `u.id, u.first_name AS "firstName", u.last_name AS "lastName", u.email, u.role, u.created_at AS "createdAt",
       se.seller_id AS "sellerId", se.store_name AS "storeName"`;

const byEmail = statement(
  'users_by_email',
  `SELECT ${USER_SQL}, u.password_hash AS "passwordHash"
     FROM users u LEFT JOIN sellers se ON se.user_id = u.id
    WHERE u.email = $1`,
);

const byId = statement(
  'users_by_id',
  `SELECT ${USER_SQL} FROM users u LEFT JOIN sellers se ON se.user_id = u.id WHERE u.id = $1`,
);

// The unique email decides, not a look before the insert: two sign-ups with one address at
// once get one account and one email_taken.
const insertUser = statement(
  'users_insert',
  `INSERT INTO users (email, first_name, last_name, role, password_hash, created_at)
   VALUES ($1, $2, $3, $4, $5, $6)
   ON CONFLICT (email) DO NOTHING
   RETURNING id`,
);

const insertSeller = statement(
  'sellers_insert',
  `INSERT INTO sellers (user_id, store_name) VALUES ($1, $2) RETURNING seller_id AS "sellerId", store_name AS "storeName"`,
);

export class PgUserRepository implements UserRepository {
  constructor(private readonly db: PgDatabase) {}

  async findByEmail(email: string): Promise<UserWithSecret | null> {
    return this.db.row<UserWithSecret>(byEmail, [email]);
  }

  async findById(id: number): Promise<User | null> {
    return this.db.row<User>(byId, [id]);
  }

  async create(u: NewUser): Promise<User> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.row<{ id: number }>(insertUser, [u.email, u.firstName, u.lastName, u.role, u.passwordHash, u.createdAt]);
      if (!inserted) throw emailTaken();
      const seller =
        u.role === 'seller'
          ? await tx.row<{ sellerId: number; storeName: string }>(insertSeller, [inserted.id, u.storeName ?? `${u.firstName}'s store`])
          : null;
      return {
        id: inserted.id,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        role: u.role,
        createdAt: u.createdAt,
        sellerId: seller?.sellerId ?? null,
        storeName: seller?.storeName ?? null,
      };
    });
  }

  async emailNotifications(userId: number): Promise<boolean | null> {
    return (await this.db.row<{ on: boolean }>(`SELECT email_notifications AS "on" FROM users WHERE id = $1`, [userId]))?.on ?? null;
  }

  async setEmailNotifications(who: { userId: number } | { emailToken: string }, on: boolean): Promise<boolean> {
    const [column, value] = 'userId' in who ? ['id', who.userId] : ['email_token', who.emailToken];
    return (await this.db.run(`UPDATE users SET email_notifications = $2 WHERE ${column} = $1`, [value, on])) > 0;
  }

  async mailRecipient(userId: number, tokenIfNone: string): Promise<MailRecipient | null> {
    return this.db.row<MailRecipient>(
      `UPDATE users SET email_token = coalesce(email_token, $2) WHERE id = $1
       RETURNING email, first_name AS "firstName", last_name AS "lastName", email_notifications AS "emailNotifications", email_token AS "emailToken"`,
      [userId, tokenIfNone],
    );
  }
}
