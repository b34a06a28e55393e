import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownMaxSessionDuration } from './session-duration';

describe('knownMaxSessionDuration', () => {
  it('given a role stored before the flag existed (a number only), when read, then the number is its limit', () => {
    assert.equal(knownMaxSessionDuration({ maxSessionDuration: 7200 }), 7200);
  });

  it('given a role whose limit no source gave, when read, then it is unknown, not the 3600 s floor it holds', () => {
    assert.equal(
      knownMaxSessionDuration({ maxSessionDuration: 3600, maxSessionDurationKnown: false }),
      undefined,
    );
  });
});
