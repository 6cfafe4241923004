// Scenario: the same store runs on Node 20 (better-sqlite3) and on Node 22.13+, 24 and 26
// (built-in node:sqlite); whichever binding serves it stores and reads the same values.
import { describe, expect, it } from 'vitest';
import { openSqlite, sqliteDriverName } from './sqlite-driver.ts';

const [major, minor] = process.versions.node.split('.').map(Number);
const hasBuiltIn = major > 22 || (major === 22 && minor >= 13);

describe('SQLite binding', () => {
  it(`uses ${hasBuiltIn ? 'node:sqlite' : 'better-sqlite3'} on Node ${process.versions.node}`, () => {
    expect(sqliteDriverName()).toBe(hasBuiltIn ? 'node:sqlite' : 'better-sqlite3');
    const handle = openSqlite(':memory:');
    expect(handle.driver).toBe(sqliteDriverName());
    handle.close();
  });

  it('binds values as better-sqlite3 does, reports changes, and returns rows from RETURNING', () => {
    const handle = openSqlite(':memory:');
    handle.exec('create table t (id text primary key, label text, n integer)');
    const insert = handle.prepare('insert into t (id, label, n) values (?, ?, ?)');
    expect(insert.reader).toBe(false);
    expect(Number(insert.run(['a', 5, 7]).changes)).toBe(1);
    const returning = handle.prepare('update t set n = n + 1 where id = ? returning n');
    expect(returning.reader).toBe(true);
    expect(returning.all(['a'])).toEqual([{ n: 8 }]);
    const select = handle.prepare('select label, typeof(label) as kind, n from t limit ? offset ?');
    // Both bindings send a JS number as a REAL: 5 in a text column reads back as '5.0'.
    expect(select.all([10, 0]).map((row) => ({ ...(row as object) }))).toEqual([
      { label: '5.0', kind: 'text', n: 8 },
    ]);
    expect(Number(handle.prepare('delete from t where id = ?').run(['none']).changes)).toBe(0);
    handle.close();
  });
});
