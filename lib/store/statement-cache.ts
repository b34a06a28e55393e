/**
 * Prepared statements kept per SQL text. Each store call prepared its statement again (SQLite parses
 * and plans it each time), and the dashboard's request thread asks the store on every request — the
 * newest snapshot's meta for each route of the analysis, the digest, the overview's page: at 16
 * clients, preparing was about 4 % of the request thread's time. better-sqlite3 statements are made
 * to be reused, and re-plan themselves after a schema change.
 *
 * Bounded: SQL built from filters (events, the overview's account page) has a few shapes each, but a
 * text seen after the cache is full is prepared afresh, as before, rather than kept.
 */
import type Database from 'better-sqlite3';

const MAX_STATEMENTS = 256;

/** Makes `db.prepare` return the statement already prepared for the same text. */
export function cacheStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    let s = kept.get(source);
    if (!s) {
      s = prepare(source);
      if (kept.size < MAX_STATEMENTS) kept.set(source, s);
    }
    return s;
  };
  db.prepare = cached as typeof db.prepare;
}
