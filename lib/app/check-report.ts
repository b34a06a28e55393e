/**
 * A chain check as one self-contained HTML file a person can attach to a ticket: inline CSS, no
 * script, no image, no font, no link that loads anything (its own Content-Security-Policy forbids
 * every fetch), so it reads the same offline and years later. `rolechain check --format html` and
 * `POST /api/check/report` both call `renderCheckReport`, so the file is the same from either.
 *
 * No secret goes in: the pasted statement's text and properties are left out (they may hold keys),
 * and any AWS access key id that a message still carries is shortened.
 */
import type { ChainStep } from '../graph';
import { maskAccessKey } from '../graph';
import type { CheckedChain, CheckOutcome, Verdict } from './check';

export interface ReportMeta {
  /** Which snapshot was read, in words (id, time, source). */
  snapshot: string;
  /** When the report was made (ISO 8601). */
  generatedAt: string;
  /** A link that reopens the same check in the dashboard, where there is one. */
  link?: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text from the data is text: every character that HTML gives a meaning to is escaped. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Access key ids (`AKIA…`, `ASIA…`) shortened wherever they appear. */
const maskKeys = (s: string): string => s.replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, (k) => maskAccessKey(k));

const t = (s: string | number | undefined): string => escapeHtml(maskKeys(String(s ?? '')));

const VERDICT_TEXT: Record<Verdict, string> = {
  works: 'Works',
  broken: 'Broken',
  incomplete: 'Not fully checked',
};

const STATUS_TEXT: Record<ChainStep['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  conditional: 'CONDITIONAL',
  skipped: 'SKIPPED',
  'not-applicable': 'N/A',
};

/**
 * Screen and print. For print ("Save as PDF"): A4 pages; backgrounds kept (print-color-adjust), and
 * each verdict and status also said in words inside a border, so a greyscale or background-less print
 * still reads; a step, a note list, a fix or a field never splits across pages; long ARNs and
 * commands wrap inside the page instead of running off it.
 */
const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#0f172a;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .25rem}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{white-space:pre-wrap;word-break:break-all;background:#f8fafc;border:1px solid #e2e8f0;padding:.4rem;margin:.3rem 0 0}
.meta{color:#475569;font-size:12px}.meta dt{font-weight:600;float:left;clear:left;width:9rem}.meta dd{margin:0 0 0 9.5rem;word-break:break-all}
.verdict{display:inline-block;padding:.15rem .5rem;border-radius:.25rem;font-weight:700}
.v-works,.s-pass{background:#d1fae5;color:#065f46}.v-broken,.s-fail{background:#fee2e2;color:#991b1b}
.v-incomplete,.s-conditional{background:#fef3c7;color:#92400e}.s-skipped,.s-not-applicable{background:#f1f5f9;color:#334155}
ol.steps{list-style:none;padding:0}ol.steps>li{border:1px solid #e2e8f0;border-radius:.3rem;padding:.5rem;margin:.4rem 0;page-break-inside:avoid}
.status{float:right;font-weight:700;font-size:12px;padding:0 .4rem;border-radius:.2rem}
ul.notes{background:#fffbeb;border:1px solid #fcd34d;padding:.5rem .5rem .5rem 1.6rem}
.open{color:#92400e}footer{margin-top:2rem;color:#64748b;font-size:11px;border-top:1px solid #e2e8f0;padding-top:.5rem}
dd,.mono,li{overflow-wrap:anywhere}
@page{size:A4;margin:14mm 13mm 16mm}
@media print{
body{margin:0;max-width:none;padding:0;font-size:10pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
code,pre,.mono{font-size:8.5pt}
a{color:inherit;text-decoration:none}
h1,h2{break-after:avoid}
ol.steps>li,.meta,ul.notes,pre,footer,.meta dt,.meta dd{break-inside:avoid}
.verdict,.status{border:1px solid currentColor}
}
`;

function stepHtml(s: ChainStep): string {
  const shown =
    s.status === 'pass'
      ? s.reasons.filter((r) => r.outcome === 'applies').slice(0, 3)
      : s.reasons.slice(0, 10);
  return [
    `<li data-step="${s.step}" data-status="${s.status}"><span class="status s-${s.status}">${STATUS_TEXT[s.status]}</span>`,
    `<strong>${s.step}. ${t(s.title)}</strong>`,
    s.actions && s.actions.length > 1
      ? `<div class="mono">${s.actions.map((a) => `${t(a.action)} ${STATUS_TEXT[a.status]}`).join(' · ')}</div>`
      : '',
    (s.openConditions ?? []).length > 0
      ? `<ul class="open">${(s.openConditions ?? []).map((c) => `<li>open: ${t(c.text)}</li>`).join('')}</ul>`
      : '',
    shown.length > 0 ? `<ul>${shown.map((r) => `<li>${t(r.message)}</li>`).join('')}</ul>` : '',
    s.fix ? `<pre>Fix: ${t(s.fix)}</pre>` : '',
    '</li>',
  ].join('');
}

function chainVerdict(c: CheckedChain): string {
  if (c.notChecked !== undefined) return 'Not checked';
  if (c.result?.ok) return 'The chain works';
  return c.result?.steps.some((s) => s.status === 'fail') ? 'The chain is broken' : 'Not fully checked';
}

function chainHtml(c: CheckedChain): string {
  const r = c.request;
  return [
    `<section class="chain"><h2>${c.label !== 'chain' ? `${t(c.label)}: ` : ''}${t(chainVerdict(c))}</h2>`,
    '<dl class="meta">',
    `<dt>Source</dt><dd class="mono">${t(r.source ?? '(not given)')}${c.result?.resolved.caller && c.result.resolved.caller !== r.source ? ` (calls as ${t(c.result.resolved.caller)})` : ''}</dd>`,
    `<dt>Target role</dt><dd class="mono">${t(r.targetRole ?? '(none: the source’s own credentials)')}</dd>`,
    `<dt>Resource</dt><dd class="mono">${t(r.resource ?? '(not named)')}</dd>`,
    `<dt>Actions</dt><dd class="mono">${t(r.actions.join(', '))}</dd>`,
    r.externalId !== undefined ? `<dt>ExternalId</dt><dd class="mono">${t(r.externalId)}</dd>` : '',
    r.durationSeconds !== undefined ? `<dt>Duration</dt><dd>${t(r.durationSeconds)} s</dd>` : '',
    '</dl>',
    c.notChecked !== undefined ? `<p class="open">Not checked: ${t(c.notChecked)}</p>` : '',
    c.result ? `<ol class="steps">${c.result.steps.map(stepHtml).join('')}</ol>` : '',
    '</section>',
  ].join('');
}

/** The whole report: verdict, summary, the data it rests on, every chain's five steps. */
export function renderCheckReport(o: CheckOutcome, meta: ReportMeta): string {
  const st = o.statement;
  const title = `Rolechain chain check — ${VERDICT_TEXT[o.verdict]}`;
  const body = [
    `<h1>${t(title)}</h1>`,
    `<p><span class="verdict v-${o.verdict}" data-verdict="${o.verdict}">${t(VERDICT_TEXT[o.verdict])}</span> ${t(o.summary)}</p>`,
    '<dl class="meta">',
    `<dt>Snapshot</dt><dd>${t(meta.snapshot)}</dd>`,
    `<dt>Report made</dt><dd>${t(meta.generatedAt)}</dd>`,
    meta.link ? `<dt>Reopen</dt><dd class="mono">${t(meta.link)}</dd>` : '',
    st
      ? `<dt>Read as</dt><dd>${t(st.kindLabel)}: ${t(st.engine)} ${t(st.formLabel)} (the text itself is not included: it may hold keys)</dd>`
      : '',
    o.externalIdUsed
      ? `<dt>ExternalId used</dt><dd class="mono">${t(o.externalIdUsed.value)} — ${t(o.externalIdUsed.from)}</dd>`
      : '',
    '</dl>',
    o.dataNotes.length > 0
      ? `<p><strong>Data not read fully or stale (no verdict here rests on it as an all-clear):</strong></p><ul class="notes">${o.dataNotes.map((n) => `<li>${t(n)}</li>`).join('')}</ul>`
      : '',
    st && st.contradictions.length > 0
      ? `<p><strong>Contradictions in the statement:</strong></p><ul>${st.contradictions.map((c) => `<li>${t(c)}</li>`).join('')}</ul>`
      : '',
    st && st.notes.length > 0 ? `<ul>${st.notes.map((n) => `<li>${t(n)}</li>`).join('')}</ul>` : '',
    ...o.chains.map(chainHtml),
    `<footer>Made by Rolechain from a read-only snapshot of IAM policies. Fix commands are quoted for a POSIX shell (sh, bash, zsh). The five steps: 1 the source may call sts:AssumeRole; 2 the target's trust admits it; 3 the session duration fits; 4 the role may act on the resource; 5 the resource's own policy does not stop it.</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The report's file name: the verdict and the time, nothing from the data (a name could hold anything). */
export function reportFileName(o: CheckOutcome, generatedAt: string): string {
  return `rolechain-check-${o.verdict}-${generatedAt.replace(/[^0-9]/g, '').slice(0, 14)}.html`;
}
