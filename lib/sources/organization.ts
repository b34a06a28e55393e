import { z } from 'zod';
import type { Account, OrgPolicy, OrgPolicyKind, Organization, SnapshotWarning } from '../model';
import { decodePolicyDocument } from './decode';
import { warning } from './warnings';

/** What the organisation files give, gathered file by file and assembled once all are read. */
export interface OrgPieces {
  id?: string;
  managementAccountId?: string;
  rootId?: string;
  accounts: Map<string, Account>;
  units: Map<string, { id: string; name: string; parentId: string }>;
  /** Child (account or OU) id → parent id. */
  parents: Map<string, string>;
  policies: Map<string, { id: string; arn?: string; name: string; kind: OrgPolicyKind; document: unknown }>;
  targets: Map<string, string[]>;
}

export const emptyOrgPieces = (): OrgPieces => ({
  accounts: new Map(),
  units: new Map(),
  parents: new Map(),
  policies: new Map(),
  targets: new Map(),
});

const DescribeOrganization = z.object({
  Organization: z.object({ Id: z.string(), MasterAccountId: z.string().optional() }),
});
const ListRoots = z.object({ Roots: z.array(z.object({ Id: z.string(), Name: z.string().optional() })) });
const ListAccounts = z.object({
  Accounts: z.array(
    z.object({
      Id: z.string(),
      Name: z.string().optional(),
      Email: z.string().optional(),
      Status: z.string().optional(),
    }),
  ),
});
const ListOus = z.object({ OrganizationalUnits: z.array(z.object({ Id: z.string(), Name: z.string() })) });
const ListParents = z.object({ Parents: z.array(z.object({ Id: z.string(), Type: z.string().optional() })) });
const DescribePolicy = z.object({
  Policy: z.object({
    PolicySummary: z.object({
      Id: z.string(),
      Arn: z.string().optional(),
      Name: z.string(),
      Type: z.string(),
    }),
    Content: z.string(),
  }),
});
const ListTargets = z.object({ Targets: z.array(z.object({ TargetId: z.string() })) });

export const ORG_FORMATS = [
  'describe-organization',
  'list-roots',
  'list-accounts',
  'list-organizational-units-for-parent',
  'list-parents',
  'describe-policy',
  'list-targets-for-policy',
] as const;
export type OrgFormat = (typeof ORG_FORMATS)[number];

/** Which organisation file the JSON is, by its top-level key. */
export function orgFormatOf(json: unknown): OrgFormat | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  if ('Organization' in json) return 'describe-organization';
  if ('Roots' in json) return 'list-roots';
  if ('Accounts' in json) return 'list-accounts';
  if ('OrganizationalUnits' in json) return 'list-organizational-units-for-parent';
  if ('Parents' in json) return 'list-parents';
  if (
    'Policy' in json &&
    typeof json.Policy === 'object' &&
    json.Policy !== null &&
    'PolicySummary' in json.Policy
  )
    return 'describe-policy';
  if ('Targets' in json) return 'list-targets-for-policy';
  return undefined;
}

const KINDS: Record<string, OrgPolicyKind> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
};

/**
 * Adds one organisation file to the pieces. `subject` is the id the file name carries
 * (the parent of `list-organizational-units-for-parent/<id>.json`, the child of `list-parents/<id>.json`,
 * the policy of `list-targets-for-policy/<id>.json`).
 */
export function readOrgFile(
  format: OrgFormat,
  json: unknown,
  file: string,
  subject: string | undefined,
  into: OrgPieces,
): SnapshotWarning[] {
  const bad = (e: z.ZodError): SnapshotWarning[] => [
    warning(
      file,
      'invalid-field',
      `${file}: ${format}: ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    ),
  ];
  const needSubject = (): SnapshotWarning[] => [
    warning(file, 'missing-context', `${file}: ${format} needs the id in its file name (<id>.json)`),
  ];
  switch (format) {
    case 'describe-organization': {
      const r = DescribeOrganization.safeParse(json);
      if (!r.success) return bad(r.error);
      into.id = r.data.Organization.Id;
      if (r.data.Organization.MasterAccountId) into.managementAccountId = r.data.Organization.MasterAccountId;
      return [];
    }
    case 'list-roots': {
      const r = ListRoots.safeParse(json);
      if (!r.success) return bad(r.error);
      const root = r.data.Roots[0];
      if (root) into.rootId = root.Id;
      return [];
    }
    case 'list-accounts': {
      const r = ListAccounts.safeParse(json);
      if (!r.success) return bad(r.error);
      for (const a of r.data.Accounts) {
        const acc: Account = { id: a.Id };
        if (a.Name) acc.name = a.Name;
        if (a.Email) acc.email = a.Email;
        if (a.Status) acc.status = a.Status;
        into.accounts.set(a.Id, acc);
      }
      return [];
    }
    case 'list-organizational-units-for-parent': {
      const r = ListOus.safeParse(json);
      if (!r.success) return bad(r.error);
      if (!subject) return needSubject();
      for (const ou of r.data.OrganizationalUnits)
        into.units.set(ou.Id, { id: ou.Id, name: ou.Name, parentId: subject });
      return [];
    }
    case 'list-parents': {
      const r = ListParents.safeParse(json);
      if (!r.success) return bad(r.error);
      if (!subject) return needSubject();
      const parent = r.data.Parents[0];
      if (parent) into.parents.set(subject, parent.Id);
      return [];
    }
    case 'describe-policy': {
      const r = DescribePolicy.safeParse(json);
      if (!r.success) return bad(r.error);
      const s = r.data.Policy.PolicySummary;
      const kind = KINDS[s.Type];
      if (!kind) return [];
      const doc = decodePolicyDocument(r.data.Policy.Content);
      if (!doc.ok)
        return [
          warning(
            file,
            'invalid-policy-document',
            `${file}: ${kind} ${s.Name} (${s.Id}): ${doc.error.message}`,
          ),
        ];
      const p: { id: string; arn?: string; name: string; kind: OrgPolicyKind; document: unknown } = {
        id: s.Id,
        name: s.Name,
        kind,
        document: doc.value,
      };
      if (s.Arn) p.arn = s.Arn;
      into.policies.set(s.Id, p);
      return [];
    }
    case 'list-targets-for-policy': {
      const r = ListTargets.safeParse(json);
      if (!r.success) return bad(r.error);
      if (!subject) return needSubject();
      into.targets.set(
        subject,
        r.data.Targets.map((t) => t.TargetId),
      );
      return [];
    }
  }
}

/** The organisation, its accounts and its SCPs/RCPs, once every organisation file is read. */
export function assembleOrganization(p: OrgPieces): {
  organization?: Organization;
  accounts: Account[];
  orgPolicies: OrgPolicy[];
} {
  const accounts = [...p.accounts.values()];
  const orgPolicies: OrgPolicy[] = [...p.policies.values()].map((pol) => ({
    ...pol,
    targets: p.targets.get(pol.id) ?? [],
  }));
  if (p.rootId === undefined && p.id === undefined) return { accounts, orgPolicies };
  const accountParents: Record<string, string> = {};
  for (const [child, parent] of p.parents) if (/^\d{12}$/.test(child)) accountParents[child] = parent;
  const organization: Organization = {
    rootId: p.rootId ?? '',
    units: [...p.units.values()].map((u) => ({ ...u, parentId: p.parents.get(u.id) ?? u.parentId })),
    accountParents,
  };
  if (p.id) organization.id = p.id;
  if (p.managementAccountId) organization.managementAccountId = p.managementAccountId;
  return { organization, accounts, orgPolicies };
}
