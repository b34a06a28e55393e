import type { AssumeEvent, Caller, CallerType, Outcome, Result } from '../model';
import { CALLER_TYPES, CHAIN_EVENT_NAMES, accountOf, err, ok, parseInstant, valueDigest } from '../model';

const CHAIN_NAMES: ReadonlySet<string> = new Set(CHAIN_EVENT_NAMES);
const CHAIN_SOURCES: ReadonlySet<string> = new Set([
  'sts.amazonaws.com',
  'iam.amazonaws.com',
  'ec2.amazonaws.com',
]);
const TYPES: ReadonlySet<string> = new Set(CALLER_TYPES);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** JSON of a recorded value; JSON.stringify recurses, so a hostile record nested deep enough makes it throw. */
const json = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '(a value nested too deeply to show)';
  }
};
/** A value recorded as a string, number or boolean, as text; anything else as its JSON. */
const scalar = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : json(v);

/** Cheap test on `eventSource`/`eventName` only, so the reader skips the rest of a trail quickly. */
export function isChainRecord(record: unknown): boolean {
  const r = obj(record);
  if (!r) return false;
  return (
    typeof r.eventName === 'string' &&
    CHAIN_NAMES.has(r.eventName) &&
    CHAIN_SOURCES.has(r.eventSource as string)
  );
}

/** Error codes that mean the caller was not allowed, as opposed to a malformed or failed call. */
export function outcomeOf(errorCode: string | undefined): Outcome {
  if (errorCode === undefined) return 'success';
  return /AccessDenied|Unauthorized|Forbidden|NotAuthorized/i.test(errorCode) ? 'denied' : 'error';
}

/**
 * A CloudTrail record → an AssumeEvent. `undefined` when the record is not a chain event;
 * `{ ok: false }` when it is one but lacks what every record has (eventID, eventTime),
 * so the loader can count and report it.
 */
export function normalizeRecord(record: unknown): Result<AssumeEvent> | undefined {
  if (!isChainRecord(record)) return undefined;
  const r = record as Obj;
  const eventName = r.eventName as string;
  const eventId = str(r.eventID);
  if (!eventId) return err('invalid-record', `${eventName} record without an eventID`);
  // Logstash's CloudTrail codec and Elastic exports move eventTime to `@timestamp`.
  const field = r.eventTime !== undefined && r.eventTime !== null ? 'eventTime' : '@timestamp';
  const raw = r[field];
  const time = parseInstant(raw);
  if (!time)
    return err(
      'invalid-time',
      raw === undefined || raw === null
        ? `${eventName} record ${eventId} has no eventTime (nor @timestamp)`
        : `${eventName} record ${eventId}: ${field} ${json(raw).slice(0, 80)} is not a time Rolechain reads (ISO 8601, "YYYY-MM-DD HH:MM:SS[.fraction]", or epoch seconds or milliseconds)`,
    );

  const req = obj(r.requestParameters);
  const res = obj(r.responseElements);
  const notes: string[] = [];
  const caller = callerOf(r.userIdentity);
  const errorCode = str(r.errorCode);
  const errorMessage = str(r.errorMessage);

  const ev: AssumeEvent = {
    eventId,
    time,
    recordedBy: '',
    region: str(r.awsRegion) ?? '',
    eventName,
    eventSource: r.eventSource as string,
    caller,
    externalIdPresent: false,
    outcome: outcomeOf(errorCode),
  };
  const shared = str(r.sharedEventID);
  if (shared) ev.sharedEventId = shared;
  const ip = str(r.sourceIPAddress);
  if (ip) ev.sourceIp = ip;
  const ua = str(r.userAgent);
  if (ua) ev.userAgent = ua;
  if (errorCode) ev.errorCode = errorCode;
  if (errorMessage) ev.errorMessage = errorMessage;

  if (req) {
    readRequest(ev, req, notes);
    const d = valueDigest(req);
    if (d) ev.requestDigest = d;
  }
  if (res) readResponse(ev, res);
  if (ev.eventSource === 'iam.amazonaws.com' || ev.eventSource === 'ec2.amazonaws.com')
    readChange(ev, r, req, res);

  // A denied call often has null requestParameters: the role is then only in the error message.
  if (!ev.roleArn && errorMessage) {
    const m = /on resource:\s*(arn:[^\s,;]+)/.exec(errorMessage);
    if (m?.[1]) {
      ev.roleArn = m[1].replace(/\.$/, '');
      if (!req) notes.push('role ARN taken from errorMessage (requestParameters is null)');
    }
  }
  if (!caller.arn && errorMessage) {
    const m = /^User:\s*(arn:[^\s]+)/.exec(errorMessage);
    if (m?.[1]) caller.arn = m[1];
  }
  const resourceRole = rolesIn(r.resources);
  if (ev.roleArn && resourceRole && resourceRole !== ev.roleArn)
    notes.push(
      `resources names ${resourceRole}, requestParameters names ${ev.roleArn}; requestParameters kept`,
    );
  if (!ev.roleArn && resourceRole) ev.roleArn = resourceRole;

  ev.recordedBy =
    str(r.recipientAccountId) ?? (ev.roleArn ? accountOf(ev.roleArn) : undefined) ?? caller.accountId ?? '';
  if (!str(r.recipientAccountId)) notes.push('no recipientAccountId; recording account inferred');
  if (notes.length > 0) ev.notes = notes;
  return ok(ev);
}

function readRequest(ev: AssumeEvent, req: Obj, notes: string[]): void {
  const roleArn = str(req.roleArn);
  if (roleArn) ev.roleArn = roleArn;
  const session = str(req.roleSessionName) ?? str(req.name);
  if (session) ev.roleSessionName = session;
  const sid = str(req.sourceIdentity);
  if (sid) ev.sourceIdentity = sid;
  if ('externalId' in req && req.externalId !== null && req.externalId !== undefined) {
    ev.externalIdPresent = true;
    ev.externalId = scalar(req.externalId);
  }
  const d = req.durationSeconds;
  if (d !== undefined && d !== null) {
    const n = typeof d === 'number' ? d : typeof d === 'string' && /^\s*\d+\s*$/.test(d) ? Number(d) : NaN;
    if (Number.isFinite(n)) ev.durationSeconds = n;
    else notes.push(`durationSeconds ${json(d)} is not a number`);
  }
  const tags: Record<string, string> = {};
  let anyTag = false;
  for (const src of [req.incomingTransitiveTags, req.principalTags]) {
    const o = obj(src);
    if (o)
      for (const [k, v] of Object.entries(o)) {
        tags[k] = scalar(v);
        anyTag = true;
      }
  }
  if (Array.isArray(req.tags))
    for (const t of req.tags) {
      const o = obj(t);
      const k = o && (str(o.key) ?? str(o.Key));
      if (o && k) {
        tags[k] = scalar(o.value ?? o.Value ?? '');
        anyTag = true;
      }
    }
  if (anyTag) ev.sessionTags = tags;
  if (Array.isArray(req.transitiveTagKeys))
    ev.transitiveTagKeys = req.transitiveTagKeys.filter((k) => typeof k === 'string');
  const principalArn = str(req.principalArn);
  if (principalArn) ev.provider = principalArn;
}

function readResponse(ev: AssumeEvent, res: Obj): void {
  const key = str(obj(res.credentials)?.accessKeyId);
  if (key) ev.issuedAccessKeyId = key;
  const aru = obj(res.assumedRoleUser);
  const arn = str(aru?.arn);
  if (arn) ev.assumedRoleArn = arn;
  const id = str(aru?.assumedRoleId);
  if (id) ev.assumedRoleId = id;
  if (!ev.sourceIdentity) {
    const sid = str(res.sourceIdentity);
    if (sid) ev.sourceIdentity = sid;
  }
  // Web identity: provider + subjectFromWebIdentityToken; SAML: issuer + subject.
  const provider = str(res.provider) ?? str(res.issuer);
  if (provider && !ev.provider) ev.provider = provider;
  const subject = str(res.subjectFromWebIdentityToken) ?? str(res.subject);
  if (subject) ev.subject = subject;
  const audience = str(res.audience);
  if (audience) ev.audience = audience;
}

/** IAM and EC2 calls that change chains: the role, policy, profile or instance concerned. */
function readChange(ev: AssumeEvent, r: Obj, req: Obj | undefined, res: Obj | undefined): void {
  const role = obj(res?.role);
  const created = str(role?.arn);
  const recipient = str(r.recipientAccountId);
  const roleName = str(req?.roleName);
  if (created) ev.roleArn = created;
  else if (roleName && recipient) ev.roleArn = `arn:aws:iam::${recipient}:role/${roleName}`;
  const policyArn = str(req?.policyArn) ?? str(req?.permissionsBoundary);
  if (policyArn) ev.policyArn = policyArn;
  const policyName = str(req?.policyName);
  if (policyName) ev.policyName = policyName;
  const profile = str(req?.instanceProfileName);
  if (profile) ev.instanceProfile = profile;
  // EC2 nests its parameters one level down, e.g. AssociateIamInstanceProfileRequest.
  const inner = req
    ? (Object.values(req)
        .map(obj)
        .find((o) => o !== undefined) ?? req)
    : undefined;
  const instanceId = str(inner?.InstanceId) ?? str(inner?.instanceId);
  if (instanceId) ev.instanceId = instanceId;
  const ip = obj(inner?.IamInstanceProfile) ?? obj(inner?.iamInstanceProfile);
  const ipRef = str(ip?.Arn) ?? str(ip?.arn) ?? str(ip?.Name) ?? str(ip?.name);
  if (ipRef) ev.instanceProfile = ipRef;
}

function rolesIn(resources: unknown): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const x of resources) {
    const o = obj(x);
    if (o && o.type === 'AWS::IAM::Role') return str(o.ARN);
  }
  return undefined;
}

/** CloudTrail's `userIdentity`, every type: IAMUser, AssumedRole, Root, AWSService, AWSAccount, SAMLUser, … */
export function callerOf(raw: unknown): Caller {
  const u = obj(raw);
  if (!u) return { type: 'Unknown' };
  const t = str(u.type);
  const caller: Caller = { type: t && TYPES.has(t) ? (t as CallerType) : 'Unknown' };
  const arn = str(u.arn);
  if (arn) caller.arn = arn;
  const account = str(u.accountId);
  if (account) caller.accountId = account;
  const pid = str(u.principalId);
  if (pid) caller.principalId = pid;
  const key = str(u.accessKeyId);
  if (key) caller.accessKeyId = key;
  const name = str(u.userName);
  if (name) caller.userName = name;
  const invokedBy = str(u.invokedBy);
  if (invokedBy) caller.invokedBy = invokedBy;
  const idp = str(u.identityProvider);
  if (idp) caller.identityProvider = idp;
  const ctx = obj(u.sessionContext);
  const issuer = str(obj(ctx?.sessionIssuer)?.arn);
  if (issuer) caller.sessionIssuerArn = issuer;
  const mfa = obj(ctx?.attributes)?.mfaAuthenticated;
  if (mfa === 'true' || mfa === true) caller.mfaAuthenticated = true;
  else if (mfa === 'false' || mfa === false) caller.mfaAuthenticated = false;
  const sid = str(ctx?.sourceIdentity);
  if (sid) caller.sourceIdentity = sid;
  // SAML and web identity: the subject is the userName; Identity Center: the user it acts for.
  if ((caller.type === 'SAMLUser' || caller.type === 'WebIdentityUser') && name) caller.subject = name;
  const onBehalfOf = str(obj(u.onBehalfOf)?.userId);
  if (onBehalfOf) caller.subject = onBehalfOf;
  if (!caller.accountId && arn) {
    const a = accountOf(arn);
    if (a) caller.accountId = a;
  }
  return caller;
}
