import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantMs, isCanonicalTime, parseInstant } from './time';

test('given the forms CloudTrail and its exports write, when parsed, then each is one canonical UTC text', () => {
  // Expected values worked out by hand: offsets subtracted, fractions cut to milliseconds.
  const cases: [unknown, string][] = [
    ['2014-07-18T15:07:39Z', '2014-07-18T15:07:39.000Z'],
    ['2024-06-02T20:27:12.548Z', '2024-06-02T20:27:12.548Z'],
    ['2024-12-12 16:04:32.000000000', '2024-12-12T16:04:32.000Z'],
    ['2024-06-02 20:27:12', '2024-06-02T20:27:12.000Z'],
    ['2024-06-02 19:41:40.123456789', '2024-06-02T19:41:40.123Z'],
    ['2024-06-02T20:27:12+05:00', '2024-06-02T15:27:12.000Z'],
    ['2024-06-02T01:00:00-0230', '2024-06-02T03:30:00.000Z'],
    ['2024-06-02T20:27:12+05', '2024-06-02T15:27:12.000Z'],
    ['2024-06-02 20:27:12 UTC', '2024-06-02T20:27:12.000Z'],
    ['2024-06-02T20:27', '2024-06-02T20:27:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    [1717360032, '2024-06-02T20:27:12.000Z'],
    ['1717360032', '2024-06-02T20:27:12.000Z'],
    [1717360032548, '2024-06-02T20:27:12.548Z'],
    ['1717360032.5', '2024-06-02T20:27:12.500Z'],
  ];
  for (const [input, want] of cases) assert.equal(parseInstant(input), want, String(input));
});

test('given text that is not an instant, when parsed, then it is refused rather than guessed', () => {
  for (const bad of [
    "' OR '1'='1",
    'yesterday',
    'Dec 12, 2024, 4:19:32 PM', // Date.parse reads this in the local zone
    '2024-02-30T00:00:00Z', // no such day
    '2024-13-01',
    '2024-06-02T24:00:00Z',
    '2024-06-02T20:61:00Z',
    '2024-06-02T20:27:12+25:00',
    '',
    '12345',
    -1,
    Number.NaN,
    null,
    undefined,
    {},
    '1960-01-01T00:00:00Z',
  ])
    assert.equal(parseInstant(bad), undefined, JSON.stringify(bad));
});

test('given canonical texts, when compared as text, then the order is the order of instants', () => {
  const a = parseInstant('2024-06-02T20:27:12Z')!;
  const b = parseInstant('2024-06-02T20:27:12.500Z')!;
  const c = parseInstant('2024-06-02T21:27:12+01:00')!; // the same instant as a
  assert.ok(a < b);
  assert.equal(a, c);
  assert.ok(isCanonicalTime(a) && isCanonicalTime(b));
  assert.equal(isCanonicalTime('2024-06-02T20:27:12Z'), false);
  assert.equal(instantMs('2024-06-02T20:27:12Z'), 1717360032000);
});

test('given CloudTrail eventTime texts, when read on the fast path, then each gives what the general parser gives', () => {
  // The general parser reads the same text with a leading space (trimmed), which the fast path never takes.
  const texts = [
    '2024-06-02T20:27:12Z',
    '2024-02-29T23:59:59Z', // a leap day
    '2023-02-29T00:00:00Z', // not a date
    '2024-04-31T00:00:00Z', // not a date
    '2024-13-01T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-06-00T00:00:00Z',
    '2024-06-02T24:00:00Z',
    '2024-06-02T23:60:00Z',
    '2024-06-02T23:59:60Z',
    '1969-12-31T23:59:59Z', // before the range
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '0024-06-02T20:27:12Z',
    '2024-06-02T20:27:1xZ',
    '2024-06-02T20:27:12z',
    '2024-06-02 20:27:12Z',
    '2024-06-02T20:27:12+',
    '+024-06-02T20:27:12Z',
    '2024-6-02T20:27:12ZZ',
  ];
  for (const t of texts) {
    assert.equal(t.length, 20, t);
    assert.equal(instantMs(t), instantMs(` ${t}`), t);
    assert.equal(parseInstant(t), parseInstant(` ${t}`), t);
  }
  assert.equal(parseInstant('2023-02-29T00:00:00Z'), undefined);
  assert.equal(parseInstant('2024-02-29T23:59:59Z'), '2024-02-29T23:59:59.000Z');
});
