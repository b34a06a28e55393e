import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runPasted, shells } from '../../test/paste-run';
import { placeholder, sh, shellQuote } from './shell';

const ISSUE_PATH_ARN = 'arn:aws:iam::111122223333:role/$(touch${IFS}x)/etl';
const ISSUE_EXTERNAL_ID = 'prod$(touch\tx)';

describe('shell quoting', () => {
  it('given the issue report values, when the printed command runs in every shell here, then aws gets them as they are and nothing else runs', () => {
    const cli = sh`aws sts assume-role --role-arn ${ISSUE_PATH_ARN} --role-session-name rolechain-check --external-id ${ISSUE_EXTERNAL_ID}`;
    for (const shell of shells()) {
      const r = runPasted(cli, shell);
      assert.deepEqual(r.sideEffects, [], `${shell}: ${r.stderr}`);
      assert.deepEqual(r.calls, [
        [
          'sts',
          'assume-role',
          '--role-arn',
          ISSUE_PATH_ARN,
          '--role-session-name',
          'rolechain-check',
          '--external-id',
          ISSUE_EXTERNAL_ID,
        ],
      ]);
    }
  });

  it('given the same values unquoted (as before), when run, then the embedded command creates its file: the harness sees it', () => {
    const r = runPasted(
      `aws sts assume-role --role-arn ${ISSUE_PATH_ARN} --external-id ${ISSUE_EXTERNAL_ID}`,
    );
    assert.ok(r.sideEffects.includes('x'), 'the harness must detect a side effect');
  });

  it('given ordinary IAM names, when quoted, then they print bare', () => {
    assert.equal(
      sh`aws iam delete-role --role-name ${'doris-be_role+1=2,3.4@5'}`,
      'aws iam delete-role --role-name doris-be_role+1=2,3.4@5',
    );
    assert.equal(
      shellQuote('arn:aws:iam::111122223333:role/service-role/etl'),
      'arn:aws:iam::111122223333:role/service-role/etl',
    );
  });

  it('given a value with a quote, a space or a leading = or ~, when quoted, then it is single-quoted', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('a b'), `'a b'`);
    assert.equal(shellQuote('=ls'), `'=ls'`);
    assert.equal(shellQuote('~root'), `'~root'`);
    assert.equal(shellQuote(''), `''`);
  });

  it('given a value starting with "-" after an option, when built, then it is joined with = so the AWS CLI reads it as the value', () => {
    assert.equal(sh`aws iam get-role --role-name ${'-x'}`, 'aws iam get-role --role-name=-x');
    const r = runPasted(sh`aws iam get-role --role-name ${'-a b'}`);
    assert.deepEqual(r.calls, [['iam', 'get-role', '--role-name=-a b']]);
  });

  it('given a placeholder, when built, then it is quoted so < and > are not redirections', () => {
    const cli = sh`aws iam update-access-key --access-key-id ${placeholder('access-key-id')} --status Inactive`;
    assert.equal(cli, `aws iam update-access-key --access-key-id '<access-key-id>' --status Inactive`);
    const r = runPasted(cli);
    assert.deepEqual(r.sideEffects, []);
    assert.deepEqual(r.calls, [
      ['iam', 'update-access-key', '--access-key-id', '<access-key-id>', '--status', 'Inactive'],
    ]);
  });

  it('given a value the AWS CLI would load as a file, when built, then it is not passed as an argument', () => {
    const cli = sh`aws sts assume-role --external-id ${'file:///etc/passwd'}`;
    assert.doesNotMatch(cli, /file:\/\/\/etc/);
    assert.match(cli, /--cli-input-json/);
    // Our own file names after a literal file:// are what the command is for.
    assert.equal(
      sh`aws s3api put-bucket-policy --policy file://${'p.json'}`,
      'aws s3api put-bucket-policy --policy file://p.json',
    );
  });

  it('given control, bidi and separator characters, when quoted, then the text holds none of them raw but line feed and the shell rebuilds the value', () => {
    const values = [
      'a\u001b]0;pwned\u0007b',
      'x\u0003touch y #',
      'x\u0015y',
      'abc\u202Edcba',
      'line\nfeed',
      'ends with feeds\n\n',
      '\u0085c1\u009b',
      'del\u007f',
      'sep\u2028par\u2029',
      "tab\tand 'quote'",
    ];
    for (const v of values) {
      const q = shellQuote(v);
      // A line feed stays a quoted line feed (inert inside quotes); nothing else unprintable stays raw.
      assert.doesNotMatch(q, /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u, JSON.stringify(q));
      for (const shell of shells()) {
        const r = runPasted(`aws ${q}`, shell);
        assert.deepEqual(r.sideEffects, [], `${shell} ${JSON.stringify(v)}: ${r.stderr}`);
        assert.deepEqual(r.calls, [[v]], `${shell} ${JSON.stringify(v)}`);
      }
    }
  });
});
