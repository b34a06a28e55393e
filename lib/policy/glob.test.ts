import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, globMatch, LITERAL_STAR } from './glob';
import { actionMatches, resourceMatches, splitArn } from './match';

describe('globMatch', () => {
  it('given * and ?, when matching, then * spans any run and ? exactly one character', () => {
    assert.equal(globMatch('s3:Get*', 's3:GetObject'), true);
    assert.equal(globMatch('a?c', 'abc'), true);
    assert.equal(globMatch('a?c', 'ac'), false);
    assert.equal(globMatch('*', ''), true);
    assert.equal(globMatch('a*b*c', 'axxbyyc'), true);
    assert.equal(globMatch('a*b*c', 'axxbyy'), false);
  });

  it('given an escaped literal star, when matching, then it matches only a real *', () => {
    assert.equal(globMatch(`x/${LITERAL_STAR}`, 'x/*'), true);
    assert.equal(globMatch(`x/${LITERAL_STAR}`, 'x/a'), false);
  });

  it('given a pathological pattern, when matched against 20,000 characters, then it answers (no exponential backtracking)', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    const text = 'a'.repeat(20_000);
    assert.equal(globMatch(pattern, text), false);
    assert.equal(globMatch(pattern, `${text}b`), true);
  });

  it('given compiled globs, when matching, then they agree with globMatch', () => {
    for (const [p, t] of [
      ['abc', 'abc'],
      ['abc', 'abd'],
      ['ab*', 'abzz'],
      ['ab*', 'a'],
      ['*', 'x'],
      ['a?*', 'ab'],
    ] as const)
      assert.equal(compileGlob(p)(t), globMatch(p, t), `${p} vs ${t}`);
  });
});

describe('actionMatches / resourceMatches', () => {
  it('given actions in another case, when matching, then case is ignored', () => {
    assert.equal(actionMatches('STS:assumerole', 'sts:AssumeRole'), true);
    assert.equal(actionMatches('sts:Assume*', 'sts:AssumeRoleWithSAML'), true);
    assert.equal(actionMatches('s3:*', 'sts:AssumeRole'), false);
  });

  it('given an ARN pattern, when matching, then each of the six parts is compared on its own', () => {
    assert.equal(resourceMatches('arn:aws:iam::*:role/x', 'arn:aws:iam::111111111111:role/x'), true);
    assert.equal(
      resourceMatches('arn:aws:sqs:*:111111111111:q', 'arn:aws:sqs:us-east-1:9:111111111111:q'),
      false,
    );
    assert.equal(resourceMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/a:b/c'), true);
    assert.equal(resourceMatches('*', 'anything'), true);
  });

  it('given an ARN, when split, then the resource keeps its colons', () => {
    assert.deepEqual(splitArn('arn:aws:logs:us-west-2:1:log-group:g:log-stream:s'), [
      'arn',
      'aws',
      'logs',
      'us-west-2',
      '1',
      'log-group:g:log-stream:s',
    ]);
    assert.equal(splitArn('arn:aws:s3'), undefined);
  });
});
