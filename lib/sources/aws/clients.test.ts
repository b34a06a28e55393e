import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defaultClientFactory } from './clients';

// A stand-in for STS at AWS_ENDPOINT_URL: throttles the first two calls, then answers as STS does.
let server: Server;
let endpoint = '';
const seen: { auth: string; body: string }[] = [];
let throttles = 2;

const OK = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDAJQABLZS4A3QDU576Q</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;
const THROTTLED = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
  <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
</ErrorResponse>`;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization ?? '', body });
      const throttle = throttles-- > 0;
      res.writeHead(throttle ? 400 : 200, { 'content-type': 'text/xml' });
      res.end(throttle ? THROTTLED : OK);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('defaultClientFactory', () => {
  test('given an endpoint that throttles twice, when a real SDK client calls it, then adaptive retry gets the answer on the third attempt', async () => {
    const clients = defaultClientFactory({ endpoint, maxAttempts: 4 });
    const creds = () => Promise.resolve({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret' });
    const sts = clients('sts', 'eu-west-1', creds);
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, '123456789012');
    assert.equal(seen.length, 3);
    // Signed with the credentials given, for the region given.
    assert.match(seen[0]!.auth, /Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request/);
    const strategy = (await sts.config.retryStrategy()) as { mode?: string };
    assert.equal(strategy.mode, 'adaptive');
    assert.equal(await sts.config.maxAttempts(), 4);
  });

  test('given the same service, region and credentials, when asked twice, then the client is reused; other credentials get their own', () => {
    const clients = defaultClientFactory();
    const a = () => Promise.resolve({ accessKeyId: 'A', secretAccessKey: 'a' });
    const b = () => Promise.resolve({ accessKeyId: 'B', secretAccessKey: 'b' });
    assert.equal(clients('iam', 'us-east-1', a), clients('iam', 'us-east-1', a));
    assert.notEqual(clients('iam', 'us-east-1', a), clients('iam', 'us-east-1', b));
    assert.notEqual(clients('s3', 'us-east-1', a), clients('s3', 'eu-west-1', a));
  });
});
