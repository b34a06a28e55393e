/**
 * CloudTrail's SAML and web-identity calls carry no caller ARN: the graph's observed edge starts at the
 * identity provider, never at an "external principal" made of the subject.
 *
 * Records: the IAM User Guide's AssumeRoleWithSAML and AssumeRoleWithWebIdentity examples
 * (awsdocs/iam-user-guide, MIT-0; see lib/sources/fixtures/README.md). Expected callers read off them
 * by hand: `requestParameters.principalArn` (SAML) and the web identity provider.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildGraph } from '../../lib/graph/build';
import { originsOf } from '../../lib/app/import';
import { loadFromPaths } from '../../lib/sources/load';
import { Store, edgeObservations } from '../../lib/store';
import { snapshotOf } from '../../lib/graph/testkit';

const FILE = join(
  import.meta.dirname,
  '../../lib/sources/fixtures/samples/cloudtrail/awsdocs_iam-user-guide_sts-examples.json',
);

describe('real CloudTrail: federated callers in the stored overlay', () => {
  test('SAML and web-identity calls are observed from their provider, and no subject becomes a node', async () => {
    const { events } = await loadFromPaths([FILE]);
    const federated = events.filter((e) => e.eventName !== 'AssumeRole');
    assert.equal(federated.length, 2);
    const opened = Store.open(':memory:');
    assert.ok(opened.ok);
    const store = opened.value;
    store.importEvents(events, originsOf(events));
    const callers = edgeObservations(store).map((o) => o.caller);
    for (const e of federated) assert.ok(e.provider && callers.includes(e.provider), e.provider);
    const graph = buildGraph(snapshotOf({}), { observations: edgeObservations(store) });
    const subjects = federated.map((e) => e.subject ?? e.caller.subject).filter((s) => s !== undefined);
    assert.ok(subjects.length > 0);
    for (const s of subjects)
      assert.equal(
        graph.nodes.some((n) => n.id === s),
        false,
        s,
      );
  });
});
