/**
 * The current graph view as a standalone SVG, drawn from the laid-out positions (not from the DOM),
 * so the file is exact, small and safe: every label goes through `escapeXml` as text, never as markup.
 */
import type { AccountData, EntityData, FlowEdge, FlowNode } from './flow-mapping';
import { roundedPath } from './edge-routes';
import { EDGE_STYLES, strokeWidth, styleKeyOf } from './edge-style';

export interface LaidView {
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
}

const PAD = 20;

/** XML 1.0 allows tab, newline and carriage return below U+0020, and never U+FFFE or U+FFFF. */
const allowedInXml = (code: number): boolean =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);

export function escapeXml(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (!allowedInXml(code)) continue;
    out +=
      ch === '&'
        ? '&amp;'
        : ch === '<'
          ? '&lt;'
          : ch === '>'
            ? '&gt;'
            : ch === '"'
              ? '&quot;'
              : ch === "'"
                ? '&apos;'
                : ch;
  }
  return out;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** Absolute boxes of every node (group offsets added), in one pass over a Map. */
function boxes(nodes: readonly FlowNode[]): Map<string, { x: number; y: number; w: number; h: number }> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const n of nodes) {
    const p = n.parentId ? byId.get(n.parentId) : undefined;
    out.set(n.id, {
      x: n.position.x + (p?.position.x ?? 0),
      y: n.position.y + (p?.position.y ?? 0),
      w: n.width,
      h: n.height,
    });
  }
  return out;
}

/** SVG text of the laid-out view: account groups, then edges, then node cards, in document order. */
export function toSvg(laid: LaidView, opts: { title?: string } = {}): string {
  const box = boxes(laid.nodes);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of box.values()) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  if (box.size === 0) minX = minY = maxX = maxY = 0;
  const width = round(maxX - minX + 2 * PAD);
  const height = round(maxY - minY + 2 * PAD);
  const dx = PAD - minX;
  const dy = PAD - minY;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<title>${escapeXml(opts.title ?? 'Rolechain graph')}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const n of laid.nodes) {
    if (n.type !== 'account') continue;
    const b = box.get(n.id)!;
    const d = n.data as AccountData;
    out.push(
      `<g class="account"><rect x="${round(b.x + dx)}" y="${round(b.y + dy)}" width="${round(b.w)}" height="${round(b.h)}" rx="8" fill="${d.external ? '#fef2f2' : '#f8fafc'}" stroke="${d.external ? '#fca5a5' : '#cbd5e1'}" stroke-width="2"/>`,
      `<text x="${round(b.x + dx + 12)}" y="${round(b.y + dy + 20)}" font-size="12" font-weight="600" fill="#475569">${escapeXml(d.label)}</text></g>`,
    );
  }
  for (const e of laid.edges) {
    const s = box.get(e.source);
    const t = box.get(e.target);
    if (!s || !t) continue;
    const ge = e.data.edge;
    const style = EDGE_STYLES[styleKeyOf(ge)];
    const stroke = style.stroke.light;
    const x1 = round(s.x + s.w + dx);
    const y1 = round(s.y + s.h / 2 + dy);
    const x2 = round(t.x + dx);
    const y2 = round(t.y + t.h / 2 + dy);
    const c = round(Math.max(40, Math.abs(x2 - x1) / 2));
    // The route the canvas draws, where there is one.
    const d = e.data.route
      ? roundedPath(e.data.route.map((p) => ({ x: p.x + dx, y: p.y + dy })))
      : `M${x1},${y1} C${round(x1 + c)},${y1} ${round(x2 - c)},${y2} ${x2},${y2}`;
    const w = round(strokeWidth(ge));
    out.push(
      `<path class="edge" data-kind="${escapeXml(ge.kind)}" d="${d}" fill="none" stroke="${stroke}" stroke-width="${w}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}><title>${escapeXml(`${style.label}: ${ge.source} → ${ge.target}`)}</title></path>`,
    );
  }
  for (const n of laid.nodes) {
    if (n.type !== 'entity') continue;
    const b = box.get(n.id)!;
    const { node, focused } = n.data as EntityData;
    const x = round(b.x + dx);
    const y = round(b.y + dy);
    out.push(
      `<g class="node"><rect x="${x}" y="${y}" width="${round(b.w)}" height="${round(b.h)}" rx="6" fill="#ffffff" stroke="${focused ? '#0f172a' : '#cbd5e1'}" stroke-width="${focused ? 2 : 1}"/>`,
      `<text x="${round(x + 10)}" y="${round(y + 22)}" font-size="13" font-weight="500" fill="#0f172a">${escapeXml(node.label)}</text>`,
      `<text x="${round(x + 10)}" y="${round(y + 40)}" font-size="11" fill="#64748b">${escapeXml(node.external ? `external · ${node.account ?? ''}` : node.kind)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
