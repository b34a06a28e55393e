import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_LEVELS } from './level-list';

describe('LevelList', () => {
  it('given levels appended one at a time, when read, then the list holds them in order, at exact length', () => {
    const l = NO_LEVELS.with('list').with('read').with('write');
    assert.deepEqual(l.list, ['list', 'read', 'write']);
    assert.deepEqual(NO_LEVELS.list, []);
    assert.deepEqual(NO_LEVELS.with('read').with('read').list, ['read', 'read']);
  });

  it('given the same sequence twice, when read, then both are one shared list; other sequences are not', () => {
    const a = NO_LEVELS.with('list').with('read');
    const b = NO_LEVELS.with('list').with('read');
    assert.equal(a, b);
    assert.equal(a.list, b.list);
    assert.notEqual(NO_LEVELS.with('read').with('list').list, a.list);
    assert.deepEqual(NO_LEVELS.with('read').with('list').list, ['read', 'list']);
    assert.notEqual(NO_LEVELS.with('list').list, a.list);
  });

  it('given a shared list, when an edge tries to change it in place, then it throws and every sharer keeps its levels', () => {
    const l = NO_LEVELS.with('list').with('read');
    assert.throws(() => l.list.push('write'), TypeError);
    assert.throws(() => l.list.sort(), TypeError);
    assert.throws(() => (NO_LEVELS.list as string[]).push('read'), TypeError);
    assert.deepEqual(NO_LEVELS.with('list').with('read').list, ['list', 'read']);
    assert.deepEqual(NO_LEVELS.list, []);
  });
});
