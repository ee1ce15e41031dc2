import { sql, type Expression, type SqlBool } from 'kysely';

/** `%text%` with LIKE's own wildcards escaped, so a search for `%` or `_` is literal. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Case-insensitive "any of these columns contains text", the same on SQLite and PostgreSQL. */
export function anyContains(columns: readonly string[], text: string): Expression<SqlBool>[] {
  const pattern = containsPattern(text.toLowerCase());
  return columns.map((col) => sql<SqlBool>`lower(${sql.ref(col)}) like ${pattern} escape '\\'`);
}
