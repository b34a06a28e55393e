/**
 * What a drawn view says when it holds fewer nodes than its query matched: an account above the bound
 * (the server drew its nodes with findings and their chains first, lib/server/view-selection.ts) or a
 * neighbourhood that stopped at its node limit at a hub. Pure, so its words are tested; a view never
 * leaves nodes out without saying how many, and says loudest when nodes with findings are among them.
 */
import type { GraphView } from '@/lib/server/graph-view';

export interface PartialNotice {
  /** The sentence shown above the canvas. */
  text: string;
  /** Nodes with findings are among those not drawn. */
  findingsLeftOut: boolean;
}

const count = (n: number): string => n.toLocaleString('en-US');

export function partialNotice(
  view: Pick<GraphView, 'truncated' | 'selection' | 'cappedHubs' | 'nodes'>,
  kindLabel: (kind: string) => string,
  nodeLabel: (id: string) => string,
): PartialNotice | undefined {
  if (!view.truncated || view.nodes.length === 0) return undefined;
  const s = view.selection;
  if (s !== undefined) {
    const missing = s.findings.of - s.findings.drawn;
    const notDrawn = s.omitted.map((o) => `${count(o.count)} × ${kindLabel(o.kind)}`).join(', ');
    const first =
      missing > 0
        ? `the most severe findings first; ${count(missing)} of its ${count(s.findings.of)} nodes with findings are NOT drawn`
        : s.findings.of > 0
          ? `all ${count(s.findings.of)} with findings and the chains around them first`
          : 'the best connected and their chains first';
    return {
      text: `Showing ${count(s.drawn)} of this account's ${count(s.of)} nodes: ${first}. Not drawn: ${notDrawn}. Find a node above to see it with its neighbours${missing > 0 ? '; the Findings page lists every finding' : ''}.`,
      findingsLeftOut: missing > 0,
    };
  }
  const hubs = (view.cappedHubs ?? [])
    .map((h) => `${nodeLabel(h.id)} has ${count(h.degree)} edges`)
    .join('; ');
  return {
    text: `Showing the nearest ${count(view.nodes.length)} nodes only${hubs ? `: ${hubs}, not all drawn` : ''}. Lower the depth or narrow the edge kinds to see the rest.`,
    findingsLeftOut: false,
  };
}
