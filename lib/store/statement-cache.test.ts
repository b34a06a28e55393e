import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { cacheStatements } from './statement-cache';

test('given a cached database, when the same SQL is prepared twice, then the one statement is reused and still answers current data', () => {
  const db = new Database(':memory:');
  cacheStatements(db);
  db.exec('CREATE TABLE t (x INTEGER)');
  const a = db.prepare('SELECT count(*) AS n FROM t');
  assert.equal((a.get() as { n: number }).n, 0);
  db.prepare('INSERT INTO t (x) VALUES (?)').run(1);
  const b = db.prepare('SELECT count(*) AS n FROM t');
  assert.equal(b, a);
  assert.equal((b.get() as { n: number }).n, 1);
  // After a schema change the kept statement plans itself again.
  db.exec('ALTER TABLE t ADD COLUMN y TEXT');
  db.prepare('INSERT INTO t (x, y) VALUES (?, ?)').run(2, 'b');
  assert.equal((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n, 2);
  assert.notEqual(db.prepare('SELECT 1'), a);
  db.close();
});
