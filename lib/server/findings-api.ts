/** `/api/findings`: filters and CSV export. */
import { z } from 'zod';
import type { Finding } from '../findings/types';
import { SEVERITIES } from '../findings/types';
import { csvCell } from './events-api';

export const FindingsQuery = z.object({
  severity: z.enum(SEVERITIES).optional(),
  rule: z.string().min(1).max(128).optional(),
  node: z.string().min(1).max(2048).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type FindingsQuery = z.infer<typeof FindingsQuery>;

export function filterFindings(all: readonly Finding[], q: FindingsQuery): Finding[] {
  return all.filter(
    (f) =>
      (q.severity === undefined || f.severity === q.severity) &&
      (q.rule === undefined || f.rule === q.rule) &&
      (q.node === undefined || f.nodes.includes(q.node)),
  );
}

export function findingsCsv(findings: readonly Finding[]): string {
  const lines = ['severity,rule,title,message,nodes,fix,cli,id'];
  for (const f of findings) {
    lines.push(
      [f.severity, f.rule, f.title, f.message, f.nodes.join(' '), f.fix?.summary, f.fix?.cli, f.id]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
