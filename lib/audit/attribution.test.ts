import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { AssumeEvent } from '../model';
import { attribute } from './attribution';
import { dedupe } from './dedupe';
import { normalizeRecord } from './normalize';

const FIXTURES = join(import.meta.dirname, '..', 'sources', 'fixtures');
const TRAIL = join(FIXTURES, 'layout', 'cloudtrail', 'AWSLogs');
const gz = (account: string): unknown[] =>
  (
    JSON.parse(
      gunzipSync(
        readFileSync(
          join(
            TRAIL,
            account,
            'CloudTrail',
            'us-west-2',
            '2026',
            '11',
            '19',
            `${account}_CloudTrail_us-west-2_20261119T0805Z_F1x7ureAbCdEf012.json.gz`,
          ),
        ),
      ).toString('utf8'),
    ) as { Records: unknown[] }
  ).Records;
const normalise = (records: unknown[]): AssumeEvent[] =>
  records.flatMap((r) => {
    const n = normalizeRecord(r);
    return n?.ok ? [n.value] : [];
  });
const json = (p: string): unknown[] =>
  (JSON.parse(readFileSync(p, 'utf8')) as { Records: unknown[] }).Records;

const ev = (over: Partial<AssumeEvent>): AssumeEvent => ({
  eventId: 'e',
  time: '2026-11-19T08:00:00Z',
  recordedBy: '111111111111',
  region: 'us-west-2',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  caller: { type: 'Unknown' },
  externalIdPresent: false,
  outcome: 'success',
  ...over,
});

describe('attribute', () => {
  it('given an instance-profile session that assumes a cross-account role, then is denied, when attributed, then both trace to the instance', () => {
    const { events } = dedupe(normalise([...gz('111111111111'), ...gz('222222222222')]));
    const a = attribute(events);
    const [ec2, cross, denied] = events;
    assert.deepEqual(a.get(ec2!.eventId)!.origin, {
      kind: 'ec2-instance',
      id: 'i-0f1a7c2e00000d0e1',
      label: 'EC2 instance i-0f1a7c2e00000d0e1',
      arn: 'arn:aws:ec2:us-west-2:111111111111:instance/i-0f1a7c2e00000d0e1',
    });
    assert.deepEqual(a.get(cross!.eventId)!.chain, [ec2!.eventId, cross!.eventId]);
    assert.equal(a.get(cross!.eventId)!.origin.id, 'i-0f1a7c2e00000d0e1');
    // The denied record has no key (bare AWSAccount caller): its session ARN links it.
    assert.deepEqual(a.get(denied!.eventId)!.chain, [ec2!.eventId, denied!.eventId]);
  });

  it('given the documentation examples, when attributed, then users, SAML and web identities are their own origins', () => {
    const { events } = dedupe(
      normalise(json(join(FIXTURES, 'samples', 'cloudtrail', 'awsdocs_iam-user-guide_sts-examples.json'))),
    );
    const a = attribute(events);
    const kinds = events.map((e) => [e.eventName, a.get(e.eventId)!.origin.kind]);
    assert.deepEqual(kinds, [
      ['AssumeRole', 'iam-user'],
      ['AssumeRoleWithWebIdentity', 'web-identity'],
      ['AssumeRole', 'unknown'],
      ['AssumeRoleWithSAML', 'saml'],
    ]);
    const saml = events.find((e) => e.eventName === 'AssumeRoleWithSAML')!;
    assert.equal(a.get(saml.eventId)!.origin.id, 'SamlExample');
    assert.equal(a.get(saml.eventId)!.sourceIdentity, 'MySAMLUser');
    const tagged = events.find((e) => e.roleSessionName === 'Role2WithTags')!;
    assert.equal(a.get(tagged.eventId)!.sourceIdentity, 'JohnDoe');
  });

  it('given GetFederationToken then a call by the federated user, when attributed, then the IAM user is the origin', () => {
    const records = json(join(import.meta.dirname, 'fixtures', 'irregular-records.json'));
    const a = attribute(dedupe(normalise(records)).events);
    const fed = a.get('irr-federated')!;
    assert.deepEqual(fed.chain, ['irr-get-federation-token', 'irr-federated']);
    assert.equal(fed.origin.kind, 'iam-user');
    assert.equal(fed.origin.arn, 'arn:aws:iam::111111111111:user/broker');
    assert.equal(a.get('irr-bad-duration')!.origin.kind, 'root');
  });

  it('given a SAML login whose session assumes a role that assumes another, when attributed, then the chain runs back to the SAML subject and keeps its source identity', () => {
    const events = [
      ev({
        eventId: 's',
        time: '2026-11-19T08:00:00Z',
        eventName: 'AssumeRoleWithSAML',
        caller: { type: 'SAMLUser', subject: 'ann@acme' },
        issuedAccessKeyId: 'ASIA1',
        sourceIdentity: 'ann',
      }),
      ev({
        eventId: 'r1',
        time: '2026-11-19T08:05:00Z',
        caller: { type: 'AssumedRole', accessKeyId: 'ASIA1' },
        issuedAccessKeyId: 'ASIA2',
      }),
      ev({
        eventId: 'r2',
        time: '2026-11-19T08:10:00Z',
        caller: { type: 'AssumedRole', accessKeyId: 'ASIA2' },
        outcome: 'denied',
      }),
    ];
    const a = attribute(events);
    assert.deepEqual(a.get('r2'), {
      origin: { kind: 'saml', id: 'ann@acme', label: 'ann@acme (SAML)' },
      chain: ['s', 'r1', 'r2'],
      sourceIdentity: 'ann',
    });
  });

  it('given keys that claim to be issued by each other (a cycle) or only later, when attributed, then it ends and links nothing impossible', () => {
    const events = [
      ev({
        eventId: 'a',
        time: '2026-11-19T08:00:00Z',
        caller: { type: 'AssumedRole', accessKeyId: 'K2' },
        issuedAccessKeyId: 'K1',
      }),
      ev({
        eventId: 'b',
        time: '2026-11-19T08:00:00Z',
        caller: { type: 'AssumedRole', accessKeyId: 'K1' },
        issuedAccessKeyId: 'K2',
      }),
      ev({ eventId: 'c', time: '2026-11-19T07:00:00Z', caller: { type: 'AssumedRole', accessKeyId: 'K3' } }),
      ev({ eventId: 'd', time: '2026-11-19T09:00:00Z', issuedAccessKeyId: 'K3' }),
    ];
    const a = attribute(events);
    assert.equal(a.size, 4);
    assert.ok(a.get('a')!.chain.length <= 2);
    assert.deepEqual(a.get('c')!.chain, ['c']);
  });

  it('given a chain 5,000 sessions deep, when attributed, then it does not overflow the stack and the last event knows the first', () => {
    const n = 5_000;
    const events = Array.from({ length: n }, (_, i) =>
      ev({
        eventId: `e${i}`,
        time: new Date(Date.UTC(2026, 10, 19) + i * 1000).toISOString(),
        caller:
          i === 0
            ? { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/root-cause', userName: 'root-cause' }
            : { type: 'AssumedRole', accessKeyId: `ASIA${i - 1}` },
        issuedAccessKeyId: `ASIA${i}`,
      }),
    );
    const a = attribute(events.reverse());
    const last = a.get(`e${n - 1}`)!;
    assert.equal(last.origin.label, 'IAM user root-cause');
    assert.equal(last.chain.length, n);
    assert.equal(last.chain[0], 'e0');
  });
});

describe('Identity Center sign-ins', () => {
  // The sign-in Identity Center makes (User Guide, "IAM roles created by IAM Identity Center"): an
  // AssumeRoleWithSAML through the account's AWSSSO_…_DO_NOT_DELETE provider into an
  // AWSReservedSSO_ role, the role session named after the user.
  const signIn = (role: string, provider: string): AssumeEvent =>
    ev({
      eventId: 'sso-sign-in',
      eventName: 'AssumeRoleWithSAML',
      caller: { type: 'SAMLUser', subject: 'jdoe@example.com', principalId: 'X:jdoe@example.com' },
      roleArn: role,
      roleSessionName: 'jdoe@example.com',
      provider,
    });
  const ROLE =
    'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_DataEngineer_0123456789abcdef';
  const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE';

  it('given an AssumeRoleWithSAML into an AWSReservedSSO role through the AWSSSO provider, when attributed, then the origin is the Identity Center user', () => {
    const a = attribute([signIn(ROLE, PROVIDER)]);
    assert.deepEqual(a.get('sso-sign-in')?.origin, {
      kind: 'identity-center-user',
      id: 'identity-center-user:jdoe@example.com',
      label: 'Identity Center user jdoe@example.com via permission set DataEngineer in account 111111111111',
    });
  });

  it('given the same call through another SAML provider, or into a role off the reserved path, when attributed, then it stays a SAML user', () => {
    const other = attribute([signIn(ROLE, 'arn:aws:iam::111111111111:saml-provider/Okta')]);
    assert.equal(other.get('sso-sign-in')?.origin.kind, 'saml');
    const lookAlike = attribute([
      signIn('arn:aws:iam::111111111111:role/AWSReservedSSO_DataEngineer_0123456789abcdef', PROVIDER),
    ]);
    assert.equal(lookAlike.get('sso-sign-in')?.origin.kind, 'saml');
  });
});
