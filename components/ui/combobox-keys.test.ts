/** The suggestion boxes' keyboard contract (WAI-ARIA APG combobox with a listbox popup), without a browser. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comboKey, shownState } from './combobox-keys';

const closed = { open: false, active: -1 };

describe('what a key does in a suggestion box', () => {
  test('given a closed list with options, when Arrow Down or Arrow Up, then it opens on the first or last', () => {
    assert.deepEqual(comboKey(closed, 'ArrowDown', 3), { type: 'state', state: { open: true, active: 0 } });
    assert.deepEqual(comboKey(closed, 'ArrowUp', 3), { type: 'state', state: { open: true, active: 2 } });
  });

  test('given an open list, when the arrows pass either end, then the highlight wraps', () => {
    assert.deepEqual(comboKey({ open: true, active: 2 }, 'ArrowDown', 3), {
      type: 'state',
      state: { open: true, active: 0 },
    });
    assert.deepEqual(comboKey({ open: true, active: 0 }, 'ArrowUp', 3), {
      type: 'state',
      state: { open: true, active: 2 },
    });
    // Nothing highlighted yet (a filter box): Arrow Down goes to the first.
    assert.deepEqual(comboKey({ open: true, active: -1 }, 'ArrowDown', 3), {
      type: 'state',
      state: { open: true, active: 0 },
    });
  });

  test('given no options, when an arrow is pressed, then the key is left to the browser', () => {
    assert.deepEqual(comboKey(closed, 'ArrowDown', 0), { type: 'none' });
    assert.deepEqual(comboKey(closed, 'Tab', 3), { type: 'none' });
  });

  test('given a highlighted option, when Enter, then it is picked; with none, the typed text is submitted', () => {
    assert.deepEqual(comboKey({ open: true, active: 1 }, 'Enter', 3), { type: 'pick', index: 1 });
    assert.deepEqual(comboKey({ open: true, active: -1 }, 'Enter', 3), { type: 'submit' });
    assert.deepEqual(comboKey(closed, 'Enter', 3), { type: 'submit' });
  });

  test('given an open list, when Escape, then it closes; a second Escape empties the box', () => {
    assert.deepEqual(comboKey({ open: true, active: 1 }, 'Escape', 3), { type: 'state', state: closed });
    assert.deepEqual(comboKey(closed, 'Escape', 3), { type: 'clear' });
  });
});

describe('what the box shows', () => {
  test('given an open state and no options, then the list is closed (aria-expanded false)', () => {
    assert.deepEqual(shownState({ open: true, active: 0 }, 0, true), closed);
  });

  test('given options that arrive after the typing, then a must-pick box highlights the first and a filter box none', () => {
    assert.deepEqual(shownState({ open: true, active: -1 }, 4, true), { open: true, active: 0 });
    assert.deepEqual(shownState({ open: true, active: -1 }, 4, false), { open: true, active: -1 });
  });

  test('given a highlight past the end after the options shrank, then it is dropped', () => {
    assert.deepEqual(shownState({ open: true, active: 5 }, 2, false), { open: true, active: -1 });
    assert.deepEqual(shownState({ open: true, active: 5 }, 2, true), { open: true, active: 0 });
  });
});
