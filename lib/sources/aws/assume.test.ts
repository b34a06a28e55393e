import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumeRole } from './assume';
import { realSleep } from './call';
import { awsError, temporaryCredentials } from './fixtures/mock-aws';

const sts = mockClient(STSClient);
beforeEach(() => sts.reset());
afterEach(() => sts.reset());

const settings = {
  signal: new AbortController().signal,
  timeoutMs: 5000,
  throttleRounds: 0,
  throttleWaitMs: 0,
  sleep: realSleep,
};
const request = {
  roleArn: 'arn:aws:iam::222222222222:role/RolechainAudit',
  externalId: 'ext-1',
  sessionName: 'rolechain-collect',
};

describe('assumeRole', () => {
  test('given credentials valid for an hour, when asked twice, then AssumeRole is called once with the ExternalId', async () => {
    let now = Date.parse('2026-11-22T09:00:00Z');
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { ...temporaryCredentials('222222222222'), Expiration: new Date(now + 3600_000) },
    });
    const role = assumeRole(new STSClient({ region: 'us-east-1' }), request, settings, () => now);
    const check = await role.check();
    assert.deepEqual(check, { ok: true, value: { expiration: '2026-11-22T10:00:00.000Z' } });
    now += 30 * 60_000;
    const c = await role.provider();
    assert.equal(c.accessKeyId, 'ASIA222222222222TEMP');
    const calls = sts.commandCalls(AssumeRoleCommand);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.args[0].input.ExternalId, 'ext-1');
  });

  test('given credentials about to expire, when the SDK asks again, then the role is assumed again', async () => {
    let now = Date.parse('2026-11-22T09:00:00Z');
    sts.on(AssumeRoleCommand).callsFake(() =>
      Promise.resolve({
        Credentials: { ...temporaryCredentials('222222222222'), Expiration: new Date(now + 3600_000) },
      }),
    );
    const role = assumeRole(new STSClient({ region: 'us-east-1' }), request, settings, () => now);
    await role.provider();
    now += 57 * 60_000;
    await role.provider();
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 2);
  });

  test('given AssumeRole is denied, when checked, then the failure is a value with no credentials in it', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(awsError('AccessDenied', 403, 'not authorized to perform: sts:AssumeRole'));
    const role = assumeRole(new STSClient({ region: 'us-east-1' }), request, settings);
    const r = await role.check();
    assert.deepEqual(r, {
      ok: false,
      failure: { kind: 'denied', code: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole' },
    });
    await assert.rejects(
      role.provider(),
      /could not assume arn:aws:iam::222222222222:role\/RolechainAudit: AccessDenied/,
    );
  });
});
