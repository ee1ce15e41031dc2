import type SQLite from 'better-sqlite3';
import { SqliteAdapter, sql, type Compilable, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Which database a handle (or transaction) talks to, for the few hot paths that take a
 * different shape on each: SQLite runs in this process, so a statement costs no round trip
 * and small prepared statements are fastest; PostgreSQL pays a round trip per statement.
 */
export const isSqlite = <DB>(db: Kysely<DB>): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * A statement built once from a template row whose values are sentinels, then run for each
 * row with that row's values in the sentinels' places: the query builder's cost once per
 * batch instead of once per row, without guessing where the builder puts each parameter.
 */
function templateOf<K extends string>(
  keys: readonly K[],
  build: (template: Record<K, never>) => Compilable,
  defaults: Partial<Record<K, unknown>>,
) {
  const template = Object.fromEntries(keys.map((k) => [k, `\u0000${k}`])) as unknown as Record<K, never>;
  const compiled = build(template).compile();
  const slots = compiled.parameters.map((p) => keys.find((k) => p === `\u0000${k}`));
  const params = (row: Partial<Record<K, unknown>>) =>
    compiled.parameters.map((p, i) => {
      const k = slots[i];
      return k === undefined ? p : (row[k] ?? defaults[k] ?? null);
    });
  return { sql: compiled.sql, params };
}

/** The better-sqlite3 connection behind each SQLite store, found from the store or any of its transactions. */
const sqliteHandles = new WeakMap<object, SQLite.Database>();
export const registerSqliteHandle = <DB>(db: Kysely<DB>, sqlite: SQLite.Database) => sqliteHandles.set(db.getExecutor().adapter, sqlite);

/**
 * SQLite, inside a transaction: the template statement prepared once and run for every row
 * synchronously on the transaction's connection. Ingest stores thousands of messages a batch,
 * and going through the query builder's async path for each cost more than SQLite's work.
 */
export function runPerRow<DB, K extends string>(
  trx: Kysely<DB>,
  keys: readonly K[],
  build: (template: Record<K, never>) => Compilable,
  defaults: Partial<Record<K, unknown>> = {},
) {
  const sqlite = sqliteHandles.get(trx.getExecutor().adapter);
  if (!sqlite || !trx.isTransaction) throw new Error('runPerRow needs a transaction on a SQLite store');
  const t = templateOf(keys, build, defaults);
  const stmt = sqlite.prepare(t.sql);
  // A value a row leaves out (undefined or null) is the default given, else null.
  return (rows: readonly Partial<Record<K, unknown>>[]): SQLite.RunResult[] => rows.map((row) => stmt.run(t.params(row)));
}

/**
 * `column in (values)` with the whole list as one parameter, so the statement's text is the
 * same for every list and stays prepared: a text with a thousand placeholders costs SQLite
 * more to compile than to run.
 */
export function inList<DB>(db: Kysely<DB>, column: string, values: readonly (number | string)[]): RawBuilder<SqlBool> {
  return isSqlite(db)
    ? sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`
    : sql<SqlBool>`${sql.ref(column)} = any(${[...values]})`;
}

/** `(a, b) in (pairs)`, the same way: one parameter for the whole list. */
export function pairInList<DB>(db: Kysely<DB>, columns: [string, string], pairs: readonly [number, string][]): RawBuilder<SqlBool> {
  const [a, b] = columns.map((c) => sql.ref(c));
  return isSqlite(db)
    ? sql<SqlBool>`(${a}, ${b}) in (select value ->> 0, value ->> 1 from json_each(${JSON.stringify(pairs)}))`
    : sql<SqlBool>`(${a}, ${b}) in (select * from unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::text[]))`;
}
