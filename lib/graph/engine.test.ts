/**
 * The graph's evaluations keep references, not the engine's input, and derive their reasons on read
 * (engine.ts, `LeanEvaluation`): the reasons read must be exactly those of the engine's explaining pass
 * over the input the decision was made from, for principals of the snapshot and for callers outside it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { evaluate } from '../policy';
import type { EvaluationInput } from '../policy/types';
import { loadDemo } from '../sources/demo';
import { trustInput } from './build';
import { evaluateOutsider, evaluatePrincipal } from './engine';
import type { IamPrincipal, SnapshotIndex } from './snapshot-index';
import { indexSnapshot } from './snapshot-index';

let sx: SnapshotIndex;
before(async () => {
  sx = indexSnapshot((await loadDemo(join(process.cwd(), 'demo'))).snapshot);
});

/** Every role of the demo against every other role's trust: allowed, conditional and denied pairs alike. */
function pairs(): { p: IamPrincipal; target: string; input: EvaluationInput }[] {
  const out: { p: IamPrincipal; target: string; input: EvaluationInput }[] = [];
  for (const caller of sx.snapshot.roles)
    for (const target of sx.snapshot.roles) {
      const p: IamPrincipal = { kind: 'role', role: caller };
      const input: EvaluationInput = {
        request: {
          principal: caller.arn,
          action: 'sts:AssumeRole',
          resource: target.arn,
          context: contextOf(p),
        },
        identityPolicies: sx.identityPolicies(p),
        permissionBoundaries: sx.boundaries(p),
        resourcePolicy: trustInput(target),
      };
      const scps = sx.scps(caller.account);
      if (scps) input.serviceControlPolicies = scps;
      const rcps = sx.rcps(target.account);
      if (rcps) input.resourceControlPolicies = rcps;
      out.push({ p, target: target.arn, input });
    }
  return out;
}

describe('graph evaluations: reasons derived on read', () => {
  test('given every role pair of the demo, when a principal evaluation is read, then its decision, open conditions and reasons are the explaining pass of the same input', () => {
    let decided = 0;
    for (const { p, target, input } of pairs()) {
      const role = sx.rolesByArn.get(target)!;
      const lean = evaluatePrincipal(
        sx,
        p,
        'sts:AssumeRole',
        { resource: target, policy: trustInput(role) },
        'open',
      );
      const explained = evaluate(input, { mode: 'open', validation: 'lenient', explain: true });
      assert.equal(lean.decision, explained.decision, `${p.kind} → ${target}`);
      assert.deepEqual(lean.openConditions, explained.openConditions);
      assert.deepEqual(lean.reasons, explained.reasons, `${target}`);
      assert.deepEqual(
        JSON.parse(JSON.stringify(lean)).reasons,
        JSON.parse(JSON.stringify(explained.reasons)),
      );
      if (lean.decision !== 'ImplicitDeny') decided++;
    }
    // Not only denials: the demo has working and conditional chains.
    assert.ok(decided > 5, `only ${decided} pairs allowed`);
  });

  test('given a service and an outside account calling a demo role, when an outsider evaluation is read, then its reasons are the explaining pass of the same input', () => {
    for (const role of sx.snapshot.roles) {
      const side = { resource: role.arn, policy: trustInput(role) };
      for (const caller of ['ec2.amazonaws.com', 'arn:aws:iam::999999999999:root']) {
        const lean = evaluateOutsider(sx, caller, 'sts:AssumeRole', side, 'open');
        const input: EvaluationInput = {
          request: { principal: caller, action: 'sts:AssumeRole', resource: role.arn, context: {} },
          resourcePolicy: side.policy,
        };
        const rcps = sx.rcps(role.account);
        if (rcps) input.resourceControlPolicies = rcps;
        const explained = evaluate(input, { mode: 'open', validation: 'lenient', explain: true });
        assert.equal(lean.decision, explained.decision);
        assert.deepEqual(lean.reasons, explained.reasons);
      }
    }
  });
});

/** The request context AWS derives for a principal of the snapshot (org id, principal tags). */
function contextOf(p: IamPrincipal): Record<string, string> {
  const out: Record<string, string> = {};
  const account = p.kind === 'role' ? p.role.account : p.user.account;
  const org = sx.orgIdOf(account);
  if (org !== undefined) out['aws:PrincipalOrgID'] = org;
  for (const [k, v] of Object.entries(p.kind === 'role' ? p.role.tags : p.user.tags))
    out[`aws:PrincipalTag/${k}`] = v;
  return out;
}
