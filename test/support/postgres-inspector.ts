/**
 * The DbInspector of a PostgreSQL database: a small pool of its own, each statement its own
 * transaction (so it sees every commit so far). `?` placeholders become `$1`, `$2`, …; counts,
 * sums and bigint columns come back as numbers, as they do from SQLite.
 */
import pg from 'pg';
import { faultName, SqlInspector, sqlText, type BusinessTable, type Restore } from './db-inspector.js';

/**
 * int8 (count(*), sum(integer), the bigint columns) and numeric (sum(bigint), e.g. of cents) as
 * JS numbers: the values tests read are far below 2^53. pg's default for both is a string.
 */
const NUMBERS = new pg.TypeOverrides();
NUMBERS.setTypeParser(pg.types.builtins.INT8, Number);
NUMBERS.setTypeParser(pg.types.builtins.NUMERIC, Number);

export class PostgresInspector extends SqlInspector {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    super();
    this.pool = new pg.Pool({ connectionString: url, max: 2, types: NUMBERS, application_name: 'orderpulse-test-inspector' });
    // The harness drops a test's database WITH (FORCE) when the test is done: a connection of
    // this pool still closing then hears "terminating connection" (57P01), which is no failure.
    // Anything else an idle connection meets fails the run, as an unhandled error would.
    this.pool.on('error', (error) => {
      if (!(error instanceof pg.DatabaseError && error.code === '57P01')) throw error;
    });
  }

  async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    return (await this.pool.query({ text: positional(sql), values: params })).rows as T[];
  }

  async failInserts(table: BusinessTable, message: string): Promise<Restore> {
    const name = faultName(table);
    // USING MESSAGE: the text is taken as it is (RAISE's format string would read % signs).
    await this.pool.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fault$
      BEGIN RAISE EXCEPTION USING MESSAGE = ${sqlText(message)}; END $fault$;
      CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await this.pool.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}; DROP FUNCTION IF EXISTS ${name}()`);
    };
  }

  /**
   * Rows that break a foreign key. The server enforces them whatever a client does, so this
   * reads the constraints from the catalog and checks each by query all the same — the
   * assertion SQLite's foreign_key_check makes, on this store too. (Pages and indexes are the
   * server's own business: a client that dies cannot break them.)
   */
  async integrityProblems(): Promise<unknown[]> {
    const keys = await this.all<{ child: string; col: string; parent: string; ref: string; columns: number }>(
      `SELECT c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent, b.attname AS ref,
              array_length(c.conkey, 1) AS columns
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
    );
    const problems: unknown[] = [];
    for (const key of keys) {
      if (key.columns !== 1) throw new Error(`integrityProblems() checks single-column foreign keys; ${key.child} has one of ${key.columns}`);
      const orphans =
        (
          await this.get<{ n: number }>(
            `SELECT count(*) AS n FROM ${key.child} c WHERE c.${key.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${key.parent} p WHERE p.${key.ref} = c.${key.col})`,
          )
        )?.n ?? 0;
      if (orphans > 0) problems.push({ table: key.child, column: key.col, parent: key.parent, orphans });
    }
    return problems;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `?` placeholders outside quoted text and names, as PostgreSQL's numbered ones. */
function positional(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}
