import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admitsAction, compilePolicy } from './compile';

const policy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secret/*' },
    { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
    { Effect: 'Allow', Action: 'glue:GetTable', Resource: '*' },
  ],
};

describe('CompiledPolicy.statementsFor', () => {
  it('given many actions asked (more than it keeps), when asked again in any order, then each answer is the statements that admit the action, in order', () => {
    const compiled = compilePolicy(structuredClone(policy));
    const actions = ['s3:getobject', 's3:listbucket', 'iam:passrole', 'glue:gettable', 'sts:assumerole'];
    for (let i = 0; i < 200; i++) actions.push(`svc${i}:act`);
    for (const round of [actions, [...actions].reverse(), actions]) {
      for (const a of round) {
        const want = compiled.statements.filter((cs) => admitsAction(cs, a));
        assert.deepEqual([...compiled.statementsFor(a)], want, a);
      }
    }
  });

  it('given two actions the same statements admit, when asked, then they share one list at its exact length', () => {
    const compiled = compilePolicy(structuredClone(policy));
    const a = compiled.statementsFor('s3:listbucket');
    const b = compiled.statementsFor('s3:listallmybuckets');
    assert.equal(a, b);
    assert.equal(a.length, 2);
    assert.notEqual(compiled.statementsFor('s3:getobject'), a);
    assert.equal(compiled.statementsFor('s3:getobject').length, 3);
  });
});
