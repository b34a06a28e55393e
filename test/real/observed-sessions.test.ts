/**
 * The graph's `observed` edges say a caller took a role. Only a session (AssumeRole,
 * AssumeRoleWithSAML, AssumeRoleWithWebIdentity) does that; a CreateRole, AttachRolePolicy or
 * UpdateAssumeRolePolicy on a role changes it, and must not draw its caller as a user of the role.
 *
 * Records: Panther's CloudTrail test logs (panther-labs/panther-analysis, Apache-2.0; see
 * test/fixtures/real/cloudtrail/README.md), which hold AssumeRole records beside role changes. The
 * expectation is read off the raw JSON here, not through Rolechain's reader: every observed role must
 * be the `requestParameters.roleArn` of some session record.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { originsOf } from '../../lib/app/import';
import { loadFromPaths } from '../../lib/sources/load';
import { Store, edgeObservations } from '../../lib/store';

const FILE = join(import.meta.dirname, '../fixtures/real/cloudtrail/panther-analysis_chain-tests.json');
const SESSIONS = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);

interface RawRecord {
  eventName?: string;
  requestParameters?: { roleArn?: unknown } | null;
}

describe('real CloudTrail: observed edges come from sessions only', () => {
  test('given role changes beside sessions, when the overlay is read, then every observed role is one a session took', async () => {
    const raw = (JSON.parse(readFileSync(FILE, 'utf8')) as { Records: RawRecord[] }).Records;
    const changes = raw.filter((r) => r.eventName !== undefined && !SESSIONS.has(r.eventName));
    assert.ok(changes.length > 0, 'the file holds role changes');
    const sessionRoles = new Set(
      raw
        .filter((r) => r.eventName !== undefined && SESSIONS.has(r.eventName))
        .map((r) => r.requestParameters?.roleArn)
        .filter((a): a is string => typeof a === 'string'),
    );
    const { events } = await loadFromPaths([FILE]);
    const opened = Store.open(':memory:');
    assert.ok(opened.ok);
    opened.value.importEvents(events, originsOf(events));
    const observed = edgeObservations(opened.value);
    assert.ok(observed.length > 0);
    for (const o of observed)
      assert.ok(sessionRoles.has(o.role), `${o.caller} -> ${o.role} is not a session`);
  });
});
