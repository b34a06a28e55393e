/**
 * A role session EC2 opens for an instance is that instance, in the graph and in the audit.
 *
 * The record (panther-labs/tutorials) is EC2 calling AssumeRole for instance `i-00888ddddd3333322`: the
 * service is the caller (`AWSService`, `ec2.amazonaws.com`) and the session is named after the instance
 * (IAM User Guide, "Using an IAM role to grant permissions to applications running on Amazon EC2
 * instances"). Expected answers are read off the record by hand.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { attribute } from '../../lib/audit/attribution';
import { observationsFromEvents } from '../../lib/findings/observations';
import { buildGraph } from '../../lib/graph/build';
import { instance, profile, role, snapshotOf, trustService } from '../../lib/graph/testkit';
import type { Snapshot } from '../../lib/model';
import { loadFromPaths } from '../../lib/sources/load';

const FILE = join(
  import.meta.dirname,
  '../fixtures/real/cloudtrail/panther_ec2-instance-profile-assumerole.json',
);
const ACCOUNT = '123456789012';
const ID = 'i-00888ddddd3333322';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/S3SecurityDataAssumeRole`;
const INSTANCE_NODE = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${ID}`;

function snapshotWith(known: boolean): Snapshot {
  const r = role(ACCOUNT, 'S3SecurityDataAssumeRole', {
    Version: '2012-10-17',
    Statement: [trustService('ec2.amazonaws.com')],
  });
  const p = profile(ACCOUNT, 'security-data', [r.arn]);
  const s = snapshotOf({
    roles: [r],
    instanceProfiles: [p],
    instances: known
      ? [{ ...instance(ACCOUNT, ID, p.arn), region: 'us-east-1', name: 'security-data-host' }]
      : [],
  });
  return { ...s, accounts: [{ id: ACCOUNT, name: 'security' }] };
}

describe('real CloudTrail: EC2 AssumeRole for an instance', () => {
  test('the record is read as EC2 calling for the instance', async () => {
    const { events } = await loadFromPaths([FILE]);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.caller.type, 'AWSService');
    assert.equal(events[0]?.roleSessionName, ID);
    assert.equal(events[0]?.roleArn, ROLE);
  });

  test('given the instance is in the snapshot, the observed call starts at that instance node and no external node appears', async () => {
    const { events } = await loadFromPaths([FILE]);
    const g = buildGraph(snapshotWith(true), { observations: observationsFromEvents(events) });
    const observed = g.edges.filter((e) => e.kind === 'observed');
    assert.deepEqual(
      observed.map((e) => [e.source, e.target]),
      [[INSTANCE_NODE, ROLE]],
    );
    assert.equal(g.nodes.filter((n) => n.id.includes(ID)).length, 1, 'one node for the instance');
    assert.deepEqual(
      g.nodes.filter((n) => n.kind === 'external-principal' || n.external),
      [],
    );
  });

  test('given the audit stored the origin `i-…` as the caller (the store path), the same instance node is used', async () => {
    const { events } = await loadFromPaths([FILE]);
    const origin = attribute(events).get(events[0]?.eventId ?? '')?.origin;
    assert.equal(origin?.id, ID);
    const g = buildGraph(snapshotWith(true), {
      observations: [{ caller: ID, role: ROLE, outcome: 'success', count: 1, firstSeen: 'x', lastSeen: 'x' }],
    });
    assert.ok(g.edges.some((e) => e.kind === 'observed' && e.source === INSTANCE_NODE));
    assert.equal(g.nodes.filter((n) => n.id.includes(ID)).length, 1);
  });

  test('given an instance the snapshot lacks, it is one unknown instance of the account, not an external principal', async () => {
    const { events } = await loadFromPaths([FILE]);
    const g = buildGraph(snapshotWith(false), {
      observations: [
        ...observationsFromEvents(events),
        { caller: ID, role: ROLE, outcome: 'success', count: 1, firstSeen: 'x', lastSeen: 'x' },
        {
          caller: `arn:aws:sts::${ACCOUNT}:assumed-role/S3SecurityDataAssumeRole/${ID}`,
          role: ROLE,
          outcome: 'success',
          count: 1,
          firstSeen: 'x',
          lastSeen: 'x',
        },
      ],
    });
    const nodes = g.nodes.filter((n) => n.id.includes(ID));
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0]?.kind, 'instance');
    assert.equal(nodes[0]?.label, `unknown instance ${ID}`);
    assert.equal(nodes[0]?.meta?.unknownInstance, true);
    assert.notEqual(nodes[0]?.external, true);
  });

  test("the audit's original identity names the instance where the snapshot knows it", async () => {
    const { events } = await loadFromPaths([FILE]);
    const id = events[0]?.eventId ?? '';
    assert.equal(attribute(events).get(id)?.origin.label, `EC2 instance ${ID}`);
    const names = new Map([[ID, 'security-data-host']]);
    assert.equal(
      attribute(events, { instanceNames: names }).get(id)?.origin.label,
      `EC2 instance security-data-host (${ID})`,
    );
  });
});
