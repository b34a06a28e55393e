'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, fetchJson } from '@/components/data/api';
import { useUrlState } from '@/components/data/use-url-state';
import { Combobox } from '@/components/ui/combobox';
import { ErrorState } from '@/components/ui/states';
import { useNodeOptions } from '@/components/graph/search-box';
import type { CheckOutcome } from '@/lib/app/check';
import { ChainResult } from './chain-result';
import { ReportActions } from './report-actions';
import { checkFromParams } from './share';

const FIELDS = [
  {
    name: 'source',
    label: 'Source',
    placeholder: 'arn:aws:iam::111111111111:role/doris-be-instance-role or i-…',
  },
  { name: 'targetRole', label: 'Target role', placeholder: 'arn:aws:iam::222222222222:role/doris-s3-role' },
  { name: 'resource', label: 'Resource', placeholder: 's3://bucket/path/ or arn:aws:glue:…' },
  { name: 'action', label: 'Action', placeholder: 's3:GetObject' },
  { name: 'externalId', label: 'ExternalId', placeholder: '(optional)' },
  { name: 'durationSeconds', label: 'Duration (seconds)', placeholder: '3600' },
] as const;

export function CheckView() {
  const [params, setParams] = useUrlState();
  const mode = params.get('mode') === 'sql' ? 'sql' : 'fields';
  const [sql, setSql] = useState('');
  const run = useMutation({
    mutationFn: (body: Record<string, string>) =>
      fetchJson<CheckOutcome>('/api/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === 'string' && v.trim() !== '') body[k] = v.trim();
    // The link reproduces the check (the SQL itself stays out of the URL: it may hold keys).
    const { text: _text, ...shareable } = body;
    setParams(shareable);
    run.mutate(body);
  };
  // A shared link (/check?source=…&resource=…) runs its check when opened, once.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    const linked = checkFromParams(params);
    if (linked) run.mutate(linked);
  }, [params, run]);
  return (
    <div className="mx-auto h-full max-w-5xl overflow-auto p-4">
      <h1 className="mb-1 text-lg font-semibold">Chain check</h1>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        The five steps of an assumed-role chain: the source may call sts:AssumeRole, the target trusts it, the
        session duration fits, the role may act on the resource, and the resource’s own policy does not stop
        it.
      </p>
      <div role="tablist" className="mb-3 flex gap-1 text-sm">
        {(['fields', 'sql'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => setParams({ mode: m === 'sql' ? 'sql' : undefined })}
            className={`rounded px-3 py-1 ${mode === m ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'border'}`}
          >
            {m === 'fields' ? 'Source and target' : 'Paste a statement or configuration'}
          </button>
        ))}
      </div>
      <form
        onSubmit={onSubmit}
        className="grid grid-cols-1 gap-2 text-sm md:grid-cols-2"
        aria-label="Chain to check"
      >
        {mode === 'sql' ? (
          <>
            <label className="md:col-span-2">
              Statement or configuration (Doris / StarRocks SQL, Trino .properties, core-site.xml,
              spark-defaults.conf)
              <textarea
                name="text"
                aria-label="Statement"
                value={sql}
                onChange={(e) => setSql(e.target.value)}
                rows={9}
                placeholder={
                  'CREATE EXTERNAL CATALOG glue_catalog PROPERTIES (\n  "type" = "hive", "hive.metastore.type" = "glue",\n  "aws.glue.use_instance_profile" = "true",\n  "aws.glue.iam_role_arn" = "arn:aws:iam::…:role/…", …\n);'
                }
                className="mt-1 block w-full rounded border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
              />
            </label>
            <Field
              name="source"
              label="Cluster’s instance role (source)"
              placeholder={FIELDS[0].placeholder}
              defaultValue={params.get('source') ?? ''}
            />
            <Field
              name="resource"
              label="Resource (optional if the statement names it)"
              placeholder="s3://bucket/path/"
              defaultValue={params.get('resource') ?? ''}
            />
          </>
        ) : (
          FIELDS.map((f) => (
            <Field
              key={f.name}
              name={f.name}
              label={f.label}
              placeholder={f.placeholder}
              defaultValue={params.get(f.name) ?? ''}
            />
          ))
        )}
        <div className="md:col-span-2">
          <button
            type="submit"
            className="rounded bg-slate-900 px-4 py-1.5 text-white dark:bg-slate-100 dark:text-slate-900"
            disabled={run.isPending}
          >
            {run.isPending ? 'Checking…' : 'Check the chain'}
          </button>
        </div>
      </form>
      {run.isError && <CheckError error={run.error} />}
      {run.data && <CheckResult data={run.data} asked={run.variables} />}
    </div>
  );
}

/** Fields that name a node: suggested from the graph's node search (names, ARNs, ids; any part, any case). */
const SUGGESTED = new Set(['source', 'targetRole', 'resource']);

function Field({
  name,
  label,
  placeholder,
  defaultValue,
}: {
  name: string;
  label: string;
  placeholder: string;
  defaultValue: string;
}) {
  const [typed, setTyped] = useState('');
  // Only the node-naming fields suggest; the others are plain boxes with no list.
  const options = useNodeOptions(SUGGESTED.has(name) ? typed : '', 150);
  const box =
    'mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-900';
  if (!SUGGESTED.has(name))
    return (
      <label>
        {label}
        <input
          name={name}
          aria-label={label}
          placeholder={placeholder}
          defaultValue={defaultValue}
          className={box}
        />
      </label>
    );
  return (
    <div>
      <span aria-hidden="true">{label}</span>
      <Combobox
        name={name}
        label={label}
        placeholder={placeholder}
        text={defaultValue}
        options={options}
        onText={setTyped}
        // A pick fills the box with the node's ARN; the form sends what the box holds.
        onPick={() => undefined}
        inputClassName={box}
        listClassName="w-full text-xs"
      />
    </div>
  );
}

function CheckError({ error }: { error: Error }) {
  return <ErrorState error={error instanceof ApiError ? error : new Error(error.message)} />;
}

function CheckResult({ data, asked }: { data: CheckOutcome; asked: Record<string, string> | undefined }) {
  const { chains, statement } = data;
  // A pasted statement is reported but never put in a link (it may hold keys).
  const share = asked && asked.text === undefined && asked.source && asked.resource ? asked : undefined;
  return (
    <section aria-label="Result" className="mt-4 space-y-4">
      <p className="font-semibold" data-testid="check-summary" data-verdict={data.verdict}>
        {data.summary}
      </p>
      {asked && (
        <ReportActions
          check={asked}
          {...(share
            ? { share: { ...share, source: share.source ?? '', resource: share.resource ?? '' } }
            : {})}
        />
      )}
      {data.dataNotes.length > 0 && (
        <ul
          aria-label="Data not read fully"
          className="list-disc rounded border border-amber-300 bg-amber-50 p-2 pl-6 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          {data.dataNotes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {statement && (
        <div className="rounded border border-slate-200 p-2 text-xs dark:border-slate-700">
          <p>
            Read as {statement.kindLabel}: <strong>{statement.engine}</strong> {statement.formLabel},{' '}
            {Object.keys(statement.properties).length} properties, {chains.length}{' '}
            {chains.length === 1 ? 'chain' : 'chains'}.
          </p>
          {statement.contradictions.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-red-800 dark:text-red-300" aria-label="Contradictions">
              {statement.contradictions.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          )}
          {statement.notes.map((n, i) => (
            <p key={i} className="mt-1 text-amber-800 dark:text-amber-300">
              {n}
            </p>
          ))}
        </div>
      )}
      {chains.map((c, i) => (
        <ChainResult key={i} check={c} />
      ))}
    </section>
  );
}
