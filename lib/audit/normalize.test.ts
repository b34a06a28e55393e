import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AssumeEvent } from '../model';
import { isChainRecord, normalizeRecord, outcomeOf } from './normalize';

const SAMPLES = join(import.meta.dirname, '..', 'sources', 'fixtures', 'samples', 'cloudtrail');
const records = (p: string): Record<string, unknown>[] =>
  (JSON.parse(readFileSync(p, 'utf8')) as { Records: Record<string, unknown>[] }).Records;
const docs = records(join(SAMPLES, 'awsdocs_iam-user-guide_sts-examples.json'));
const irregular = records(join(import.meta.dirname, 'fixtures', 'irregular-records.json'));
const byId = (id: string): Record<string, unknown> => irregular.find((r) => r.eventID === id)!;

function event(record: unknown): AssumeEvent {
  const r = normalizeRecord(record);
  assert.ok(r, 'a chain record');
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

describe('normalizeRecord on the AWS documentation examples', () => {
  it('given an IAM user assuming a role with SourceIdentity and MFA serial, when normalised, then caller, role, session and keys are read', () => {
    const e = event(docs[0]);
    assert.equal(e.caller.type, 'IAMUser');
    assert.equal(e.caller.arn, 'arn:aws:iam::777788889999:user/JohnDoe');
    assert.equal(e.caller.accessKeyId, 'AKIAQRSTUVWXYZEXAMPLE');
    assert.equal(e.roleArn, 'arn:aws:iam::111122223333:role/EC2-dev');
    assert.equal(e.roleSessionName, 'JohnDoe-EC2-dev');
    assert.equal(e.sourceIdentity, 'JohnDoe');
    assert.equal(e.recordedBy, '111122223333');
    assert.equal(e.assumedRoleArn, 'arn:aws:sts::111122223333:assumed-role/EC2-dev/JohnDoe-EC2-dev');
    assert.equal(e.externalIdPresent, false);
    assert.equal(e.outcome, 'success');
  });

  it('given an assumed role passing session tags and transitive keys, when normalised, then tags include the incoming transitive ones', () => {
    const e = event(docs[2]);
    assert.equal(e.caller.type, 'AssumedRole');
    assert.equal(e.caller.sessionIssuerArn, 'arn:aws:iam::111111111111:role/JohnRole1');
    assert.equal(e.caller.sourceIdentity, 'JohnDoe');
    assert.equal(e.caller.mfaAuthenticated, false);
    assert.deepEqual(e.sessionTags, {
      Department: 'Engineering',
      Email: 'johndoe@example.com',
      CostCenter: '12345',
    });
    assert.deepEqual(e.transitiveTagKeys, ['Email', 'CostCenter']);
    assert.equal(e.issuedAccessKeyId, 'ASIAWHOJDLGPOEXAMPLE');
    assert.equal(e.durationSeconds, 3600);
  });

  it('given AssumeRoleWithSAML, when normalised, then the SAML provider, subject and audience are read', () => {
    const e = event(docs[4]);
    assert.equal(e.caller.type, 'SAMLUser');
    assert.equal(e.caller.subject, 'SamlExample');
    assert.equal(e.provider, 'arn:aws:iam::444455556666:saml-provider/Shibboleth');
    assert.equal(e.subject, 'SamlExample');
    assert.equal(e.audience, 'https://signin.aws.amazon.com/saml');
    assert.deepEqual(e.sessionTags, { CostCenter: '987654', Project: 'Unicorn', Department: 'Engineering' });
  });

  it('given AssumeRoleWithWebIdentity, when normalised, then the provider and subjectFromWebIdentityToken are read', () => {
    const e = event(docs[5]);
    assert.equal(e.caller.type, 'WebIdentityUser');
    assert.equal(e.caller.identityProvider, 'accounts.google.com');
    assert.equal(e.provider, 'accounts.google.com');
    assert.equal(e.subject, '<id of user>');
    assert.equal(e.audience, '<id of application>.apps.googleusercontent.com');
  });

  it('given an S3 call, when checked, then it is not a chain record', () => {
    assert.equal(isChainRecord(docs[3]), false);
    assert.equal(normalizeRecord(docs[3]), undefined);
  });
});

describe('normalizeRecord on irregular records', () => {
  it('given AccessDenied with null requestParameters, when normalised, then the role and caller come from errorMessage', () => {
    const e = event(byId('irr-denied-null-params'));
    assert.equal(e.outcome, 'denied');
    assert.equal(e.roleArn, 'arn:aws:iam::222222222222:role/y');
    assert.equal(e.caller.type, 'AWSAccount');
    assert.equal(e.caller.arn, 'arn:aws:sts::111111111111:assumed-role/x/i-0abc1234def567890');
    assert.equal(e.errorCode, 'AccessDenied');
    assert.ok(e.notes?.some((n) => n.includes('errorMessage')));
  });

  it('given durationSeconds as a string, an ExternalId, and resources naming another role, when normalised, then requestParameters win with a note', () => {
    const e = event(byId('irr-string-duration'));
    assert.equal(e.durationSeconds, 7200);
    assert.equal(e.externalIdPresent, true);
    assert.equal(e.externalId, 'vendor-42');
    assert.equal(e.roleArn, 'arn:aws:iam::222222222222:role/lake-reader');
    assert.ok(e.notes?.some((n) => n.includes('old-name')));
  });

  it('given a duration that is no number, when normalised, then it is left out with a note and the call is an error', () => {
    const e = event(byId('irr-bad-duration'));
    assert.equal(e.durationSeconds, undefined);
    assert.ok(e.notes?.some((n) => n.includes('one hour')));
    assert.equal(e.outcome, 'error');
    assert.equal(e.caller.type, 'Root');
    assert.equal(e.caller.mfaAuthenticated, true);
  });

  it('given Identity Center and federated-user callers, when normalised, then their subjects and issuers are kept', () => {
    assert.equal(event(byId('irr-identity-center')).caller.subject, '94482488-3041-7026-18f3-be45837cd0e4');
    const fed = event(byId('irr-federated'));
    assert.equal(fed.caller.type, 'FederatedUser');
    assert.equal(fed.caller.sessionIssuerArn, 'arn:aws:iam::111111111111:user/broker');
    const gft = event(byId('irr-get-federation-token'));
    assert.equal(gft.roleSessionName, 'bob');
    assert.equal(gft.issuedAccessKeyId, 'ASIAEXAMPLEFEDBOB001');
  });

  it('given IAM and EC2 chain changes, when normalised, then the role, profile and instance concerned are read', () => {
    const t = event(byId('irr-update-trust'));
    assert.equal(t.roleArn, 'arn:aws:iam::222222222222:role/lake-reader');
    assert.equal(t.caller.sourceIdentity, 'carol@example.com');
    const a = event(byId('irr-associate-profile'));
    assert.equal(a.instanceId, 'i-0abc1234def567890');
    assert.equal(a.instanceProfile, 'doris-be-instance-profile');
  });

  it('given a chain record without eventID, when normalised, then it is an error value, not an exception', () => {
    const r = normalizeRecord(irregular.find((x) => x.eventID === undefined));
    assert.ok(r && !r.ok);
    assert.equal(r.error.code, 'invalid-record');
  });

  it('given a time that is not one, when normalised, then the error names the record and the value, never a stored text', () => {
    const base = {
      eventVersion: '1.08',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      eventID: 'r-1',
    };
    const bad = normalizeRecord({ ...base, eventTime: 'Dec 12, 2024, 4:19:32 PM' });
    assert.ok(bad && !bad.ok);
    assert.equal(bad.error.code, 'invalid-time');
    assert.match(
      bad.error.message,
      /AssumeRole record r-1: eventTime "Dec 12, 2024, 4:19:32 PM" is not a time/,
    );
    const none = normalizeRecord(base);
    assert.ok(none && !none.ok);
    assert.match(none.error.message, /r-1 has no eventTime \(nor @timestamp\)/);
  });

  it('given @timestamp and no eventTime (Logstash, Elastic), or an epoch, when normalised, then the instant is read', () => {
    const base = {
      eventVersion: '1.08',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      eventID: 'r-2',
    };
    const a = normalizeRecord({ ...base, '@timestamp': '2014-07-18T15:07:39.000Z' });
    assert.ok(a?.ok);
    assert.equal(a.value.time, '2014-07-18T15:07:39.000Z');
    const b = normalizeRecord({ ...base, eventTime: 1405696059000 });
    assert.ok(b?.ok);
    assert.equal(b.value.time, '2014-07-18T15:07:39.000Z');
  });

  it('given an unknown identity type, Key/Value tags and throttling, when normalised, then it is Unknown, tagged, and an error', () => {
    const e = event(byId('irr-throttled'));
    assert.equal(e.caller.type, 'Unknown');
    assert.deepEqual(e.sessionTags, { team: 'data' });
    assert.equal(e.outcome, 'error');
  });

  it('given garbage, when normalised, then it is not a chain record', () => {
    for (const g of [
      null,
      42,
      'AssumeRole',
      [],
      { eventName: 'AssumeRole' },
      { eventName: 'AssumeRole', eventSource: 'evil.example.com' },
    ])
      assert.equal(normalizeRecord(g), undefined);
  });
});

describe('outcomeOf', () => {
  it('given error codes, when classified, then denials are told from other errors', () => {
    assert.equal(outcomeOf(undefined), 'success');
    for (const c of ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation'])
      assert.equal(outcomeOf(c), 'denied');
    for (const c of [
      'ValidationError',
      'ExpiredTokenException',
      'InvalidIdentityToken',
      'RegionDisabledException',
    ])
      assert.equal(outcomeOf(c), 'error');
  });
});
