import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, Cancelled, classify, failureWarning } from './call';
import { mapLimit } from './context';
import { redact } from './redact';
import { awsError, fakeTime } from './fixtures/mock-aws';

describe('classify', () => {
  test('given the error names AWS services use, when classified, then denial, throttling, absence and other failures are told apart', () => {
    assert.equal(classify(awsError('AccessDenied', 403)).kind, 'denied');
    assert.equal(classify(awsError('UnauthorizedOperation', 403)).kind, 'denied');
    assert.equal(classify(awsError('AccessDeniedException', 400)).kind, 'denied');
    assert.equal(classify(awsError('SomethingNew', 403)).kind, 'denied');
    assert.equal(classify(awsError('RequestLimitExceeded', 503)).kind, 'throttled');
    assert.equal(classify(awsError('ThrottlingException', 400)).kind, 'throttled');
    assert.equal(classify(awsError('NoSuchBucketPolicy', 404)).kind, 'not-found');
    assert.equal(classify(awsError('InternalFailure', 500)).kind, 'failed');
    assert.equal(classify('a string').kind, 'failed');
  });

  test('given an error message that echoes a secret, when classified, then the secret is redacted', () => {
    const f = classify(
      awsError('InvalidSignature', 400, 'key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY was wrong'),
    );
    assert.equal(f.message, 'key [redacted] was wrong');
    assert.equal(redact(`token ${'A'.repeat(300)} end`), 'token [redacted] end');
  });
});

describe('call', () => {
  test('given a call still throttled after every round, when made, then the failure is returned after bounded waits', async () => {
    const time = fakeTime(0);
    let attempts = 0;
    const r = await call(
      {
        signal: new AbortController().signal,
        timeoutMs: 1000,
        throttleRounds: 2,
        throttleWaitMs: 100,
        sleep: time.sleep,
      },
      () => {
        attempts++;
        return Promise.reject(awsError('Throttling', 400, 'Rate exceeded'));
      },
    );
    assert.deepEqual(r, {
      ok: false,
      failure: { kind: 'throttled', code: 'Throttling', message: 'Rate exceeded' },
    });
    assert.equal(attempts, 3);
    assert.deepEqual(time.slept, [100, 200]);
  });

  test('given an aborted signal, when a call is made, then it throws Cancelled without calling', async () => {
    const c = new AbortController();
    c.abort();
    let called = false;
    await assert.rejects(
      call(
        { signal: c.signal, timeoutMs: 1000, throttleRounds: 0, throttleWaitMs: 0, sleep: fakeTime().sleep },
        () => {
          called = true;
          return Promise.resolve(1);
        },
      ),
      Cancelled,
    );
    assert.equal(called, false);
  });

  test('given a denied call, when its warning is made, then it names the call, the object, the account and the grant', () => {
    const w = failureWarning(
      's3:GetBucketPolicy',
      'on bucket b',
      classify(awsError('AccessDenied', 403)),
      '123456789012',
    );
    assert.equal(
      w.message,
      'could not call s3:GetBucketPolicy on bucket b in account 123456789012: AccessDenied — grant s3:GetBucketPolicy to fetch it',
    );
  });
});

describe('mapLimit', () => {
  test('given more items than the bound, when mapped, then no more than the bound run at once and results keep their order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < n; i++) await Promise.resolve();
      running--;
      return n * 10;
    });
    assert.equal(peak, 3);
    assert.deepEqual(out, [50, 10, 40, 20, 30, 60, 70]);
  });
});
