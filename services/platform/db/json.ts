import { sql, type ColumnType, type RawBuilder } from 'kysely';

/**
 * A jsonb column. Writes must go through `jsonb(value)`: node-postgres would
 * otherwise send a JS array as a PostgreSQL array literal, and the explicit
 * cast makes PGlite and pg agree on the parameter type.
 */
export type JsonColumn<T> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>;

export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)} as jsonb)`;
}
