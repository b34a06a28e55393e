import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, globMatch, LITERAL_STAR } from './glob';
import { actionMatches, arnPartsMatch, compileResource, resourceMatches, splitArn } from './match';

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

  it('given compiled Resource patterns (parts held as data), when matching, then they agree with the part-by-part glob', () => {
    // The reference: split both, compare each part with globMatch on the pattern with its escapes.
    const reference = (pattern: string, resource: string): boolean => {
      if (pattern === '*') return true;
      const pp = splitArn(pattern);
      if (!pp) return globMatch(pattern, resource);
      const rp = splitArn(resource);
      return rp !== undefined && arnPartsMatch(pp, rp);
    };
    const patterns = [
      '*',
      'arn:aws:s3:::b/*',
      'arn:aws:s3:::b',
      'arn:aws:s3:::b*',
      'arn:*:s3:::b/?',
      'arn:aws:iam::*:role/x',
      'arn:aws:iam::1111:role/*/y',
      'arn:aws:sqs:*:111111111111:q',
      `arn:aws:s3:::b/${LITERAL_STAR}`,
      `arn:aws:s3:::b/${LITERAL_STAR}*`,
      'arn:aws*:iam::1:role/r',
      'arn:aws:logs:us-west-2:1:log-group:g:*',
      'plain-text',
      'plain*',
      'pl?in',
    ];
    const resources = [
      'arn:aws:s3:::b/a:b/c',
      'arn:aws:s3:::b',
      'arn:aws:s3:::bb',
      'arn:aws:s3:::b/x',
      'arn:aws:s3:::b/*',
      'arn:aws:s3:::b/*x',
      'arn:aws-cn:s3:::b/x',
      'arn:aws:iam::111111111111:role/x',
      'arn:aws:iam::1111:role/a/b/y',
      'arn:aws:sqs:us-east-1:9:111111111111:q',
      'arn:aws:sqs:us-east-1:111111111111:q',
      'arn:aws-us-gov:iam::1:role/r',
      'arn:aws:logs:us-west-2:1:log-group:g:log-stream:s',
      'plain-text',
      'plainly',
      'plain',
      'arn:aws:s3',
      '',
    ];
    for (const p of patterns) {
      const m = compileResource(p);
      assert.equal(m.pattern, p);
      for (const r of resources) assert.equal(m.test(r, splitArn(r)), reference(p, r), `${p} vs ${r}`);
    }
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
