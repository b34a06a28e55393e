import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
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

describe('the lists a compiled policy keeps', () => {
  const trust = (service: string, condition?: Record<string, Record<string, string>>) => ({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: condition },
      { Effect: 'Allow', Principal: { AWS: ['111111111111', '222222222222'] }, Action: ['sts:AssumeRole'] },
    ].map((st) => (st.Condition ? st : { ...st, Condition: undefined })),
  });
  const clean = (doc: ReturnType<typeof trust>) => JSON.parse(JSON.stringify(doc)) as unknown;

  it('given two documents without conditions or with unused principal types, when compiled, then their empty lists are one frozen list', () => {
    const a = compilePolicy(clean(trust('ec2.amazonaws.com')));
    const b = compilePolicy(clean(trust('lambda.amazonaws.com')));
    assert.notEqual(a, b);
    const [sa, sb] = [a.document.statements[0], b.document.statements[0]];
    assert.ok(sa?.principal && sb?.principal);
    assert.equal(sa.conditions, sb.conditions);
    assert.equal(sa.principal.AWS, sb.principal.Federated);
    assert.ok(Object.isFrozen(sa.conditions));
    assert.equal(a.statements[0]?.conditions, b.statements[1]?.conditions);
  });

  it('given lists read from the document, when compiled, then each is its own copy at its length', () => {
    const raw = clean(trust('ec2.amazonaws.com', { StringEquals: { 'sts:ExternalId': 'x' } })) as {
      Statement: { Principal: { AWS?: string[] }; Action: string[] }[];
    };
    const c = compilePolicy(raw);
    const st = c.document.statements[1];
    assert.deepEqual(st?.principal?.AWS, ['111111111111', '222222222222']);
    assert.notEqual(st?.principal?.AWS, raw.Statement[1]?.Principal.AWS, 'not the caller’s list');
    assert.notEqual(st?.action, raw.Statement[1]?.Action);
    assert.deepEqual(c.document.statements[0]?.conditions[0]?.values, ['x']);
    assert.equal(Object.isFrozen(st?.principal?.AWS), false);
  });
});

test('given two documents with the same Action and Resource lists, when compiled, then their statements share one frozen list each, and the documents themselves stay writable', () => {
  const doc = (sid: string) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::shared-bucket', 'arn:aws:s3:::shared-bucket/*'],
      },
    ],
  });
  const a = doc('A');
  const b = doc('B');
  const sa = compilePolicy(a).statements[0]!.statement;
  const sb = compilePolicy(b).statements[0]!.statement;
  assert.equal(sa.action, sb.action);
  assert.equal(sa.resource, sb.resource);
  assert.ok(Object.isFrozen(sa.action) && Object.isFrozen(sa.resource));
  assert.throws(() => (sa.action as string[]).push('s3:PutObject'), TypeError);
  assert.deepEqual(sa.action, ['s3:GetObject', 's3:ListBucket']);
  // The snapshot's own documents are not the shared lists: they can still be edited (fixes copy them).
  assert.ok(!Object.isFrozen(a.Statement[0]!.Action));
  a.Statement[0]!.Action.push('s3:PutObject');
  assert.deepEqual(compilePolicy(doc('C')).statements[0]!.statement.action, [
    's3:GetObject',
    's3:ListBucket',
  ]);
});
