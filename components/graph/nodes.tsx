'use client';

import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '@/lib/graph/types';
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
  anonymous: { badge: '*', label: 'anyone', cls: 'bg-red-200 text-red-950' },
  bucket: { badge: 'S3', label: 'S3 bucket', cls: 'bg-emerald-100 text-emerald-900' },
  'bucket-prefix': { badge: 'S3/', label: 'S3 prefix', cls: 'bg-emerald-100 text-emerald-900' },
  'glue-catalog': { badge: 'GL', label: 'Glue catalog', cls: 'bg-teal-100 text-teal-900' },
  'glue-database': { badge: 'GDB', label: 'Glue database', cls: 'bg-teal-100 text-teal-900' },
  'kms-key': { badge: 'KMS', label: 'KMS key', cls: 'bg-yellow-100 text-yellow-900' },
};

export const kindLabel = (k: NodeKind): string => KIND[k].label;

function EntityNodeView({ data, selected }: NodeProps<Node<EntityData, 'entity'>>) {
  const { node, focused, findings } = data;
  const k = KIND[node.kind];
  return (
    <div
      data-testid="graph-node"
      data-node-id={node.id}
      data-kind={node.kind}
      title={node.arn ?? node.id}
      className={`flex h-[54px] w-[220px] items-center gap-2 rounded-md border bg-white px-2 text-left shadow-sm dark:bg-slate-900 ${
        selected
          ? 'border-sky-500 ring-2 ring-sky-400'
          : focused
            ? 'border-slate-900 dark:border-slate-100'
            : 'border-slate-300 dark:border-slate-700'
      }`}
    >
      <Handle type="target" position={Position.Left} className="!h-2 !w-2 !bg-slate-400" />
      <span className={`shrink-0 rounded px-1.5 py-0.5 text-[10px] font-bold ${k.cls}`} aria-label={k.label}>
        {k.badge}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-[13px] font-medium">{node.label}</span>
        <span className="block truncate text-[11px] text-slate-500">
          {node.external ? `external · ${node.account ?? ''}` : k.label}
        </span>
      </span>
      {findings > 0 && (
        <span
          className="shrink-0 rounded-full bg-red-600 px-1.5 text-[10px] font-bold text-white"
          title={`${findings} findings`}
        >
          {findings}
        </span>
      )}
      <Handle type="source" position={Position.Right} className="!h-2 !w-2 !bg-slate-400" />
    </div>
  );
}

function AccountNodeView({ data }: NodeProps<Node<AccountData, 'account'>>) {
  return (
    <div
      data-testid="account-group"
      className={`h-full w-full rounded-lg border-2 ${data.external ? 'border-red-300 bg-red-50/40 dark:bg-red-950/20' : 'border-slate-300 bg-slate-50/60 dark:border-slate-700 dark:bg-slate-900/40'}`}
    >
      <div className="px-3 pt-1.5 text-xs font-semibold text-slate-600 dark:text-slate-300">{data.label}</div>
    </div>
  );
}

export const EntityNode = memo(EntityNodeView);
export const AccountNode = memo(AccountNodeView);

/** At module scope, so React Flow never sees a new object. */
export const nodeTypes = { entity: EntityNode, account: AccountNode };
