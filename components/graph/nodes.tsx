'use client';

import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '@/lib/graph/types';
import { fitText, fontOf, textWidth, wrapText } from './fit-text';
import type { AccountData, EntityData } from './flow-mapping';

const KIND: Record<NodeKind, { badge: string; label: string; cls: string }> = {
  account: { badge: 'AC', label: 'account', cls: 'bg-slate-200 text-slate-800' },
  instance: { badge: 'EC2', label: 'EC2 instance', cls: 'bg-orange-100 text-orange-900' },
  'instance-profile': { badge: 'IP', label: 'instance profile', cls: 'bg-amber-100 text-amber-900' },
  role: { badge: 'R', label: 'role', cls: 'bg-indigo-100 text-indigo-900' },
  user: { badge: 'U', label: 'IAM user', cls: 'bg-pink-100 text-pink-900' },
  service: { badge: 'SVC', label: 'AWS service', cls: 'bg-slate-100 text-slate-700' },
  'oidc-provider': { badge: 'OIDC', label: 'OIDC provider', cls: 'bg-violet-100 text-violet-900' },
  'saml-provider': { badge: 'SAML', label: 'SAML provider', cls: 'bg-violet-100 text-violet-900' },
  'external-account': { badge: 'EXT', label: 'external account', cls: 'bg-red-100 text-red-900' },
  'external-principal': { badge: 'EXT', label: 'external principal', cls: 'bg-red-100 text-red-900' },
  session: { badge: 'SES', label: 'STS session', cls: 'bg-sky-100 text-sky-900' },
  anonymous: { badge: '*', label: 'anyone', cls: 'bg-red-200 text-red-950' },
  bucket: { badge: 'S3', label: 'S3 bucket', cls: 'bg-emerald-100 text-emerald-900' },
  'bucket-prefix': { badge: 'S3/', label: 'S3 prefix', cls: 'bg-emerald-100 text-emerald-900' },
  'glue-catalog': { badge: 'GL', label: 'Glue catalog', cls: 'bg-teal-100 text-teal-900' },
  'glue-database': { badge: 'GDB', label: 'Glue database', cls: 'bg-teal-100 text-teal-900' },
  'kms-key': { badge: 'KMS', label: 'KMS key', cls: 'bg-yellow-100 text-yellow-900' },
  'eks-cluster': { badge: 'EKS', label: 'EKS cluster', cls: 'bg-orange-100 text-orange-900' },
  'service-account': {
    badge: 'SA',
    label: 'Kubernetes service account',
    cls: 'bg-orange-50 text-orange-900',
  },
  'node-group': { badge: 'NG', label: 'EKS node group', cls: 'bg-orange-50 text-orange-900' },
  'ecs-task': { badge: 'ECS', label: 'ECS task definition', cls: 'bg-orange-100 text-orange-900' },
  'lambda-function': { badge: 'λ', label: 'Lambda function', cls: 'bg-orange-100 text-orange-900' },
  'glue-job': { badge: 'GJ', label: 'Glue job', cls: 'bg-teal-50 text-teal-900' },
  'emr-cluster': { badge: 'EMR', label: 'EMR cluster', cls: 'bg-orange-100 text-orange-900' },
  'permission-set': { badge: 'PS', label: 'permission set', cls: 'bg-fuchsia-100 text-fuchsia-900' },
  'ic-user': { badge: 'IC', label: 'Identity Center user', cls: 'bg-fuchsia-100 text-fuchsia-900' },
  'ic-group': { badge: 'ICG', label: 'Identity Center group', cls: 'bg-fuchsia-100 text-fuchsia-900' },
};

/**
 * React Flow measures the handles (edges end on them) but does not paint them: a positioned handle is
 * a paint chunk of its own, and every pan frame re-layers every chunk of the graph. Edges are drawn
 * along their own routes (edge-routes.ts), each with its own port on the card's side, so no dot marks
 * a single handle.
 */
const HANDLE = '!invisible !h-2 !w-2';

/**
 * The label column's width: the card's 202 px of content, less the badges and the gaps between them.
 */
function labelWidth(badge: string, findings: number): number {
  const small = fontOf(700, 10);
  const badgeWidth = textWidth(badge, small) + 12;
  const findingsWidth = findings > 0 ? textWidth(String(findings), small) + 12 + 8 : 0;
  // 2 px to spare: canvas and layout round differently.
  return 194 - badgeWidth - findingsWidth - 2;
}

export const kindLabel = (k: NodeKind): string => KIND[k].label;

function EntityNodeView({ data, selected }: NodeProps<Node<EntityData, 'entity'>>) {
  const { node, focused, findings } = data;
  const k = KIND[node.kind];
  const width = labelWidth(k.badge, findings);
  // Compare mode: a node only the other snapshot has (components/graph/diff-overlay.ts).
  const absent = node.meta?.diff === 'absent';
  const members = node.meta?.collapsed === true ? Number(node.meta.members ?? 0) : undefined;
  const sub = absent
    ? 'not in this snapshot'
    : members !== undefined
      ? `${members} nodes · click to open`
      : node.external
        ? `external · ${node.account ?? ''}`
        : k.label;
  // Names wrap onto a second line rather than being cut; the full ARN is on hover.
  const name = wrapText(node.label, fontOf(500, 13), width);
  return (
    <div
      data-testid="graph-node"
      data-node-id={node.id}
      data-kind={node.kind}
      {...(absent ? { 'data-diff': 'absent' } : {})}
      title={node.arn ?? node.id}
      className={`${absent ? 'border-dashed opacity-70 ' : ''}flex h-[54px] w-[220px] items-center gap-2 rounded-md border bg-white px-2 text-left shadow-sm dark:bg-slate-900 ${
        selected
          ? 'border-sky-500 ring-2 ring-sky-400'
          : focused
            ? 'border-slate-900 dark:border-slate-100'
            : 'border-slate-300 dark:border-slate-700'
      }`}
    >
      <Handle type="target" position={Position.Left} className={HANDLE} />
      <span
        className={`rc-small shrink-0 rounded px-1.5 py-0.5 text-[10px] font-bold ${k.cls}`}
        aria-label={k.label}
      >
        {k.badge}
      </span>
      <span className="min-w-0 flex-1">
        {name.map((line, i) => (
          <span key={i} className="rc-name block text-[13px] leading-[15px] font-medium whitespace-nowrap">
            {line}
          </span>
        ))}
        <span className="rc-sub block text-[11px] leading-[13px] whitespace-nowrap text-slate-500">
          {fitText(sub, fontOf(400, 11), width)}
        </span>
      </span>
      {findings > 0 && (
        <span
          className="rc-small shrink-0 rounded-full bg-red-600 px-1.5 text-[10px] font-bold text-white"
          title={`${findings} findings`}
        >
          {findings}
        </span>
      )}
      <Handle type="source" position={Position.Right} className={HANDLE} />
    </div>
  );
}

function AccountNodeView({ data }: NodeProps<Node<AccountData, 'account'>>) {
  return (
    <div
      data-testid="account-group"
      className={`h-full w-full rounded-lg border-2 ${data.external ? 'border-red-300 bg-red-50/40 dark:bg-red-950/20' : 'border-slate-300 bg-slate-50/60 dark:border-slate-700 dark:bg-slate-900/40'}`}
    >
      <div className="rc-account-label px-3 pt-1.5 text-xs font-semibold whitespace-nowrap text-slate-600 dark:text-slate-300">
        {data.label}
      </div>
    </div>
  );
}

export const EntityNode = memo(EntityNodeView);
export const AccountNode = memo(AccountNodeView);

/** At module scope, so React Flow never sees a new object. */
export const nodeTypes = { entity: EntityNode, account: AccountNode };
