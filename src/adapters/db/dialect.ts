import { CompiledQuery, SqliteAdapter, sql, type Compilable, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

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
export function perRow<K extends string>(keys: readonly K[], build: (template: Record<K, never>) => Compilable) {
  const template = Object.fromEntries(keys.map((k) => [k, `\u0000${k}`])) as unknown as Record<K, never>;
  const compiled = build(template).compile();
  const slots = compiled.parameters.map((p) => keys.find((k) => p === `\u0000${k}`));
  return (row: Record<K, unknown>) => CompiledQuery.raw(compiled.sql, compiled.parameters.map((p, i) => (slots[i] === undefined ? p : row[slots[i]])));
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
