import type { Database } from './client';

/**
 * A query that runs on every request, prepared once per database handle: drizzle builds its SQL once (building is a
 * large share of the API's CPU under load) and PostgreSQL parses and plans it once per connection. Only for queries
 * run on the database itself, not inside a transaction, which has its own connection.
 */
export function preparedPerDatabase<Q>(build: (db: Database) => Q): (db: Database) => Q {
  const prepared = new WeakMap<Database, Q>();
  return (db) => {
    let query = prepared.get(db);
    if (!query) {
      query = build(db);
      prepared.set(db, query);
    }
    return query;
  };
}
