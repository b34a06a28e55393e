import type { ListedAlias } from './kms';
import type {
  AccountAssignment,
  IcPrincipal,
  PermissionSet,
  Account,
  AssumeEvent,
  Bucket,
  Ec2Instance,
  EksCluster,
  GlueCatalog,
  IdentityProvider,
  InstanceProfile,
  KmsKey,
  ManagedPolicy,
  Role,
  Snapshot,
  SnapshotWarning,
  Workload,
} from '../model';
import type { ReadFailure, SourceName, SourceRead } from '../model';
import { accountOf, coverageOf, emptySnapshot, parseArn, partKey } from '../model';
import type { AuthzPart } from './authz-details';
import { mergeProfile } from './authz-details';
import type { ListedAccessKey } from './access-keys';
import type { CredentialRow } from './credential-report';
import type { ListedRole } from './list-roles';
import type { OrgPieces } from './organization';
import { assembleOrganization, emptyOrgPieces } from './organization';
import { warning } from './warnings';

type AccountPart = Omit<AuthzPart, 'accounts'> & { file: string };

/** Gathers what each file gives, in any order, and assembles one Snapshot at the end. */
export class Collector {
  readonly org: OrgPieces = emptyOrgPieces();
  readonly warnings: SnapshotWarning[] = [];
  readonly events: AssumeEvent[] = [];
  manifestCreatedAt: string | undefined;
  private readonly iam = new Map<string, AccountPart>();
  private readonly awsManaged = new Map<string, ManagedPolicy>();
  private readonly profiles = new Map<string, InstanceProfile>();
  private readonly providers = new Map<string, IdentityProvider>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly glue = new Map<string, GlueCatalog>();
  private readonly kms = new Map<string, KmsKey>();
  /** IAM Identity Center pieces, by their identity (a file read twice adds nothing). */
  readonly ic = {
    permissionSets: new Map<string, PermissionSet>(),
    assignments: new Map<string, AccountAssignment>(),
    principals: new Map<string, IcPrincipal>(),
  };
  /** Aliases by the account and region they were listed in, bound to keys once every file is in. */
  private readonly aliases: { account: string; region: string; list: ListedAlias[] }[] = [];
  private readonly instances = new Map<string, Ec2Instance>();
  private readonly clusters = new Map<string, EksCluster>();
  private readonly workloads = new Map<string, Workload>();
  /** Pod Identity associations listed (`list-pod-identity-associations`), by ARN, to tell which were never described. */
  private readonly listedAssociations = new Map<string, { label: string; file: string }>();
  private readonly describedAssociations = new Set<string>();
  private readonly credentials: { file: string; rows: CredentialRow[] }[] = [];
  private readonly accessKeys: { file: string; account?: string; keys: ListedAccessKey[] }[] = [];
  private readonly seenAccounts = new Set<string>();
  /** Per part read or tried: how many calls answered, and which failed (`noteRead`). */
  private readonly reads = new Map<
    string,
    { source: SourceName; account?: string; region?: string; answered: number; failures: ReadFailure[] }
  >();
  /** MaxSessionDuration by role ARN, from list-roles files, applied to the roles in `assemble`. */
  private readonly listed = new Map<string, { maxSessionDuration: number; file: string }>();

  /**
   * One call (or file) of a part: answered, or failed and why. A part whose every call answered is
   * complete; some answered and some failed, partial; none answered, not read.
   */
  noteRead(part: { source: SourceName; account?: string; region?: string }, failure?: ReadFailure): void {
    const k = partKey(part);
    let r = this.reads.get(k);
    if (!r) {
      r = {
        source: part.source,
        ...(part.account !== undefined ? { account: part.account } : {}),
        ...(part.region ? { region: part.region } : {}),
        answered: 0,
        failures: [],
      };
      this.reads.set(k, r);
    }
    if (failure) r.failures.push(failure);
    else r.answered++;
  }

  /** A permission set (`describe-permission-set`); read twice, the later one wins. */
  addPermissionSet(p: PermissionSet): void {
    this.ic.permissionSets.set(p.arn, p);
  }

  /** Account assignments (`list-account-assignments`), each kept once. */
  addAssignments(list: readonly AccountAssignment[]): void {
    for (const a of list)
      this.ic.assignments.set(`${a.account}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`, a);
  }

  /** A user or group of the identity store (`identitystore describe-user`/`describe-group`). */
  addIcPrincipal(p: IcPrincipal): void {
    this.ic.principals.set(`${p.type}/${p.id}`, p);
  }

  /** One authorization-details file; an account already collected is replaced whole, with a warning. */
  addAuthz(part: AuthzPart, file: string): void {
    const ids = new Set(part.accounts.map((a) => a.id));
    for (const id of ids) {
      const prior = this.iam.get(id);
      if (prior)
        this.warnings.push(
          warning(
            file,
            'account-collected-twice',
            `${file}: account ${id} was also collected in ${prior.file}; ${file} wins`,
          ),
        );
      const mine = <T extends { account?: string }>(xs: T[]): T[] => xs.filter((x) => x.account === id);
      this.iam.set(id, {
        file,
        roles: mine(part.roles),
        users: mine(part.users),
        groups: mine(part.groups),
        managedPolicies: mine(part.managedPolicies),
        instanceProfiles: mine(part.instanceProfiles),
      });
      this.seenAccounts.add(id);
      this.noteRead({ source: 'iam', account: id });
    }
    for (const p of part.managedPolicies) if (p.account === undefined) this.awsManaged.set(p.arn, p);
  }

  addInstanceProfiles(list: InstanceProfile[]): void {
    for (const p of list) mergeProfile(this.profiles, p);
  }

  addProvider(p: IdentityProvider): void {
    const seen = this.providers.get(p.arn);
    this.providers.set(p.arn, seen ? { ...seen, ...p } : p);
  }

  bucket(name: string, account: string | undefined): Bucket {
    let b = this.buckets.get(name);
    if (!b) {
      b = { name };
      this.buckets.set(name, b);
    }
    if (account && !b.account) b.account = account;
    return b;
  }

  addGlue(c: GlueCatalog): void {
    this.glue.set(`${c.account}/${c.region}`, c);
  }

  /** A key from list-keys, get-key-policy or an alias: what each file says is kept, the policy never dropped. */
  addKms(k: KmsKey): void {
    const seen = this.kms.get(k.arn);
    if (!seen) return void this.kms.set(k.arn, k);
    const aliases = [...new Set([...(seen.aliases ?? []), ...(k.aliases ?? [])])].sort();
    this.kms.set(k.arn, {
      ...seen,
      ...k,
      ...(k.policy === undefined && seen.policy !== undefined ? { policy: seen.policy } : {}),
      ...(aliases.length > 0 ? { aliases } : {}),
    });
  }

  addAliases(account: string, region: string, list: ListedAlias[]): void {
    this.aliases.push({ account, region, list });
  }

  addInstances(list: Ec2Instance[]): void {
    for (const i of list) this.instances.set(i.id, i);
  }

  addEksCluster(c: EksCluster): void {
    this.clusters.set(c.arn, c);
  }

  /**
   * Workloads of one source; the same service account from two sources (a Pod Identity association
   * and the kubectl export) stays two records, one per source, so each part merges on its own.
   */
  addWorkloads(list: readonly Workload[], associationArn?: string): void {
    for (const w of list) this.workloads.set(`${w.source}|${w.id}`, w);
    if (associationArn !== undefined) this.describedAssociations.add(associationArn);
  }

  listAssociations(list: readonly { arn: string; label: string }[], file: string): void {
    for (const a of list) this.listedAssociations.set(a.arn, { label: a.label, file });
  }

  /** One list-roles file: read in any order with the authorization details; the last file read wins. */
  addListedRoles(list: ListedRole[], file: string): void {
    for (const id of new Set(list.map((r) => accountOf(r.arn))))
      if (id) this.noteRead({ source: 'list-roles', account: id });
    for (const r of list) this.listed.set(r.arn, { maxSessionDuration: r.maxSessionDuration, file });
  }

  addCredentialReport(rows: CredentialRow[], file: string): void {
    for (const id of new Set(rows.map((r) => r.account ?? accountOf(r.arn))))
      if (id) this.noteRead({ source: 'credential-report', account: id });
    this.credentials.push({ file, rows });
  }

  addAccessKeys(keys: ListedAccessKey[], file: string, account?: string): void {
    this.accessKeys.push({ file, keys, ...(account !== undefined ? { account } : {}) });
  }

  /** The snapshot, once every file is in. */
  assemble(source: Snapshot['source'], createdAt: string): Snapshot {
    const s = emptySnapshot(source, createdAt);
    const parts = [...this.iam.keys()].sort().map((id) => this.iam.get(id)!);
    for (const p of parts) {
      s.roles.push(...p.roles);
      s.users.push(...p.users);
      s.groups.push(...p.groups);
      s.managedPolicies.push(...p.managedPolicies);
      for (const ip of p.instanceProfiles) mergeProfile(this.profiles, ip);
    }
    s.roles = this.withListedDurations(s.roles);
    s.managedPolicies.push(...[...this.awsManaged.values()].sort((a, b) => cmp(a.arn, b.arn)));
    s.instanceProfiles = [...this.profiles.values()].sort((a, b) => cmp(a.arn, b.arn));
    s.identityProviders = [...this.providers.values()].sort((a, b) => cmp(a.arn, b.arn));
    s.buckets = [...this.buckets.values()].sort((a, b) => cmp(a.name, b.name));
    for (const { account, region, list } of this.aliases)
      for (const a of list)
        if (a.targetKeyId)
          this.addKms({
            arn: `arn:aws:kms:${region}:${account}:key/${a.targetKeyId}`,
            account,
            region,
            aliases: [a.name],
          });
    if (this.ic.permissionSets.size + this.ic.assignments.size + this.ic.principals.size > 0)
      s.identityCenter = {
        permissionSets: [...this.ic.permissionSets.values()].sort((a, b) => cmp(a.arn, b.arn)),
        assignments: [...this.ic.assignments.values()],
        principals: [...this.ic.principals.values()].sort((a, b) => cmp(a.id, b.id)),
      };
    s.glueCatalogs = [...this.glue.values()];
    s.kmsKeys = [...this.kms.values()];
    s.instances = [...this.instances.values()].sort((a, b) => cmp(a.id, b.id));
    if (this.clusters.size > 0) s.eksClusters = [...this.clusters.values()].sort((a, b) => cmp(a.arn, b.arn));
    if (this.workloads.size > 0)
      s.workloads = [...this.workloads.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, w]) => w);
    for (const [arn, a] of this.listedAssociations)
      if (!this.describedAssociations.has(arn)) {
        const message = `${a.file}: Pod Identity association ${a.label} is listed but not described, so its role is unknown (export aws eks describe-pod-identity-association for it)`;
        this.warnings.push(warning(a.file, 'association-not-described', message));
        const p = parseArn(arn);
        if (p)
          this.noteRead(
            { source: 'eks', account: p.account, region: p.region },
            { call: a.file, code: 'not-described', message },
          );
      }

    const org = assembleOrganization(this.org);
    if (org.organization) s.organization = org.organization;
    s.orgPolicies = org.orgPolicies;
    const accounts = new Map<string, Account>();
    for (const a of org.accounts) accounts.set(a.id, { ...a });
    const collected = [
      ...this.seenAccounts,
      ...s.instances.map((i) => i.account),
      ...s.buckets.map((b) => b.account ?? ''),
      ...s.identityProviders.map((p) => p.account),
      ...s.glueCatalogs.map((g) => g.account),
    ];
    for (const id of collected) if (/^\d{12}$/.test(id) && !accounts.has(id)) accounts.set(id, { id });
    this.applyCredentials(s, accounts);
    this.applyAccessKeys(s);
    for (const id of externalAccountsIn(s)) if (!accounts.has(id)) accounts.set(id, { id, external: true });
    s.accounts = [...accounts.values()].sort((a, b) => cmp(a.id, b.id));
    s.warnings = [...this.warnings];
    s.coverage = this.coverage(s, source.kind === 'aws' ? 'aws' : 'files');
    return s;
  }

  /** The records of the parts read or tried, and a complete one for each other part the data holds. */
  private coverage(s: Snapshot, via: 'aws' | 'files'): SourceRead[] {
    const out = new Map<string, SourceRead>();
    for (const [k, r] of this.reads) {
      const { answered, failures, ...part } = r;
      const state = failures.length === 0 ? 'complete' : answered > 0 ? 'partial' : 'not-read';
      out.set(k, { ...part, state, readAt: s.createdAt, failures: dedupeFailures(failures), via });
    }
    const { coverage: _none, ...data } = s;
    for (const p of coverageOf(data)) if (!out.has(partKey(p))) out.set(partKey(p), { ...p, via });
    return [...out.values()].sort((a, b) => (partKey(a) < partKey(b) ? -1 : 1));
  }

  /** Roles with the MaxSessionDuration list-roles gave; a listed role no authorization details hold warns. */
  private withListedDurations(roles: Role[]): Role[] {
    if (this.listed.size === 0) return roles;
    const out = roles.map((r) => {
      const l = this.listed.get(r.arn);
      if (!l) return r;
      const { maxSessionDurationKnown: _unknown, ...known } = r;
      return { ...known, maxSessionDuration: l.maxSessionDuration };
    });
    const held = new Set(roles.map((r) => r.arn));
    const orphans = new Map<string, string[]>();
    for (const [arn, l] of this.listed) if (!held.has(arn)) pushTo(orphans, l.file, arn);
    for (const [file, arns] of orphans) {
      const names = arns.map((a) => a.split('/').pop() ?? a);
      const accounts = [...new Set(arns.map((a) => accountOf(a) ?? '?'))].join(', ');
      this.warnings.push(
        warning(
          file,
          'unknown-role',
          `${file}: ${arns.length} role(s) of account ${accounts} are listed but in no get-account-authorization-details file (${names.slice(0, 5).join(', ')}${arns.length > 5 ? ', …' : ''}): their MaxSessionDuration was not applied; import the account's authorization details in the same import`,
        ),
      );
    }
    return out;
  }

  private applyCredentials(s: Snapshot, accounts: Map<string, Account>): void {
    const users = new Map(s.users.map((u) => [u.arn, u]));
    for (const { file, rows } of this.credentials)
      for (const row of rows) {
        if (row.isRoot) {
          const id = row.account ?? accountOf(row.arn);
          if (!id) continue;
          const acc = accounts.get(id) ?? { id };
          acc.root = { accessKeys: row.accessKeys };
          if (row.passwordEnabled !== undefined) acc.root.passwordEnabled = row.passwordEnabled;
          if (row.mfaActive !== undefined) acc.root.mfaActive = row.mfaActive;
          accounts.set(id, acc);
          continue;
        }
        const u = users.get(row.arn);
        if (!u) {
          this.warnings.push(
            warning(file, 'unknown-user', `${file}: ${row.arn} is in the credential report only`),
          );
          continue;
        }
        u.accessKeys = row.accessKeys;
        if (row.passwordEnabled !== undefined) u.passwordEnabled = row.passwordEnabled;
        if (row.mfaActive !== undefined) u.mfaActive = row.mfaActive;
      }
  }

  /**
   * Key ids from list-access-keys, onto the users they belong to: a key the credential report already
   * listed (same creation day, no id yet) gets its id; otherwise the key is added.
   */
  private applyAccessKeys(s: Snapshot): void {
    for (const { file, account, keys } of this.accessKeys)
      for (const k of keys) {
        const candidates = s.users.filter(
          (u) => u.name === k.userName && (account === undefined || u.account === account),
        );
        const u = candidates.length === 1 ? candidates[0] : undefined;
        if (!u) {
          this.warnings.push(
            warning(
              file,
              'unknown-user',
              `${file}: the access key of ${k.userName} matches ${candidates.length === 0 ? 'no user' : 'users in several accounts (put the file under accounts/<id>/)'}`,
            ),
          );
          continue;
        }
        if (u.accessKeys.some((x) => x.id === k.id)) continue;
        const slot = u.accessKeys.find((x) => x.id === undefined && sameDay(x.createdAt, k.createdAt));
        if (slot) {
          slot.id = k.id;
          slot.status = k.status;
        } else
          u.accessKeys.push({
            id: k.id,
            status: k.status,
            ...(k.createdAt ? { createdAt: k.createdAt } : {}),
          });
      }
  }
}

const sameDay = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.slice(0, 10) === b.slice(0, 10);

const pushTo = (m: Map<string, string[]>, k: string, v: string): void => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/** The same call failing the same way (every page, every bucket) is one failure with a count. */
function dedupeFailures(failures: ReadFailure[]): ReadFailure[] {
  const seen = new Map<string, { f: ReadFailure; n: number }>();
  for (const f of failures) {
    const k = `${f.call}|${f.code}`;
    const s = seen.get(k);
    if (s) s.n++;
    else seen.set(k, { f, n: 1 });
  }
  return [...seen.values()].map(({ f, n }) => (n > 1 ? { ...f, message: `${f.message} (${n} times)` } : f));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Accounts named as principals in trust policies (`arn:aws:iam::<id>:…` or a bare id). */
export function externalAccountsIn(s: Snapshot): string[] {
  const found = new Set<string>();
  // Iterative: a hostile policy may nest arrays deeper than the stack.
  const visit = (principal: unknown): void => {
    const stack: unknown[] = [principal];
    while (stack.length > 0) {
      const p = stack.pop();
      if (typeof p === 'string') {
        const id = /^\d{12}$/.test(p) ? p : accountOf(p);
        if (id) found.add(id);
      } else if (Array.isArray(p)) for (const x of p as unknown[]) stack.push(x);
    }
  };
  for (const r of s.roles) {
    const doc = r.trustPolicy as { Statement?: unknown } | undefined;
    const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
    for (const st of statements as { Principal?: unknown }[]) {
      const p = st?.Principal;
      if (typeof p === 'object' && p !== null && 'AWS' in p) visit(p.AWS);
    }
  }
  return [...found].sort();
}
