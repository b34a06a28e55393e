import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildContext } from './context';
import { OUTSIDER, RECHECK_ALL_UP_TO, probeOf, recheckTrust, trustAudience } from './engine';
import { A, B, EXT, allow, doc, role, roleArn, snapshotOf, trustAws } from './testkit';

const TGT = roleArn(B, 'lake-role');

/** An organisation too large to re-check everyone: one role of A may assume the target, the rest may not. */
function large() {
  const roles = Array.from({ length: RECHECK_ALL_UP_TO + 10 }, (_, i) =>
    role(A, `worker-${i}`, doc(trustAws(`arn:aws:iam::${A}:root`))),
  );
  const granted = role(A, 'granted', doc(trustAws(`arn:aws:iam::${A}:root`)), [
    doc(allow('sts:AssumeRole', TGT)),
  ]);
  return snapshotOf({
    roles: [...roles, granted, role(B, 'lake-role', doc(trustAws(`arn:aws:iam::${B}:root`)))],
  });
}

describe('re-check audience', () => {
  it('given a small organisation, when a trust changes, then every role and user is re-checked, with probes and the outsider', () => {
    const s = snapshotOf({
      roles: [
        role(A, 'a', doc(trustAws(`arn:aws:iam::${A}:root`))),
        role(B, 'lake-role', doc(trustAws(`arn:aws:iam::${B}:root`))),
      ],
    });
    const ctx = buildContext({ snapshot: s, graph: { nodes: [], edges: [] } });
    const target = s.roles[1]!;
    const audience = trustAudience(
      ctx,
      target,
      target.trustPolicy,
      doc(trustAws(`arn:aws:iam::${EXT}:root`)),
    );
    for (const p of [roleArn(A, 'a'), TGT, OUTSIDER, probeOf(B), probeOf(EXT)])
      assert.ok(audience.includes(p), p);
  });

  it("given a large organisation and a trust newly naming a whole account, when re-checked, then only that account's grantees and its probe are asked, and the opening is reported", () => {
    const s = large();
    const ctx = buildContext({ snapshot: s, graph: { nodes: [], edges: [] } });
    const target = s.roles.find((r) => r.arn === TGT)!;
    const patched = doc(trustAws(`arn:aws:iam::${A}:root`));
    const audience = trustAudience(ctx, target, target.trustPolicy, patched);
    assert.ok(audience.includes(roleArn(A, 'granted')));
    assert.ok(audience.includes(probeOf(A)));
    assert.ok(
      !audience.includes(roleArn(A, 'worker-0')),
      'a role with no grant cannot be let in by an account-wide trust',
    );
    const r = recheckTrust(ctx, target, { principal: OUTSIDER }, patched);
    assert.deepEqual(r.openedElsewhere.sort(), [roleArn(A, 'granted'), probeOf(A)].sort());
  });
});
