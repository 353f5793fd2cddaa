/**
 * The DbInspector of a SQLite file. Reads go through a read-only connection: WAL mode lets it
 * read while the node writes, and every statement runs in its own read transaction, so it
 * always sees the latest commits. Faults are written through a short-lived second connection.
 */
import Database from 'better-sqlite3';
import { faultName, SqlInspector, sqlText, type BusinessTable, type Restore } from './db-inspector.js';

export class SqliteInspector extends SqlInspector {
  private readonly db: Database.Database;

  constructor(private readonly path: string) {
    super();
    this.db = new Database(path, { readonly: true, fileMustExist: true });
  }

  async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return this.db.prepare<unknown[], T>(sql).all(...params);
  }

  async failInserts(table: BusinessTable, message: string): Promise<Restore> {
    const name = faultName(table);
    this.write(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, ${sqlText(message)}); END`);
    return async () => this.write(`DROP TRIGGER IF EXISTS ${name}`);
  }

  async integrityProblems(): Promise<unknown[]> {
    const pages = this.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    return [...pages.filter((row) => row.integrity_check !== 'ok'), ...(this.db.pragma('foreign_key_check') as unknown[])];
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private write(sql: string): void {
    const writer = new Database(this.path, { fileMustExist: true });
    try {
      // The node may hold the write lock for a moment.
      writer.pragma('busy_timeout = 5000');
      writer.exec(sql);
    } finally {
      writer.close();
    }
  }
}
