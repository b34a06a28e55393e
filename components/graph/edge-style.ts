/**
 * How each edge is drawn: one table read by the canvas, the legend and the SVG export, so the legend
 * shows exactly what is drawn. Every style differs from every other in at least two of hue, dash and
 * end marker, so no edge depends on colour alone. Hues are from the Okabe–Ito palette (told apart
 * with the common colour-vision deficiencies), darkened on the light background and lightened on the
 * dark one so each stroke has at least 3:1 contrast against its canvas (tested in edge-style.test.ts).
 * Pure: no React here.
 */
import type { EdgeKind, GraphEdge } from '@/lib/graph/types';
import { EDGE_KINDS } from '@/lib/graph/types';

export const EDGE_MARKERS = [
  'arrow',
  'open-arrow',
  'bar',
  'diamond',
  'circle',
  'cross',
  'square',
  'none',
] as const;
export type EdgeMarker = (typeof EDGE_MARKERS)[number];
export type Theme = 'light' | 'dark';

/** The styles: each edge kind, and conditional can-assume apart from the allowed one. */
export const EDGE_STYLE_KEYS = [...EDGE_KINDS, 'conditional'] as const;
export type EdgeStyleKey = (typeof EDGE_STYLE_KEYS)[number];

export interface EdgeStyle {
  label: string;
  description: string;
  stroke: Record<Theme, string>;
  /** SVG stroke-dasharray; absent draws a solid line. */
  dash?: string;
  marker: EdgeMarker;
}

/** The canvas behind edges: React Flow's pane (white; #141414 in its dark mode). */
export const CANVAS: Record<Theme, string> = { light: '#ffffff', dark: '#141414' };
/** Account boxes edges also cross (slate-50 and slate-900 tints over the canvas). */
export const BOX_FILL: Record<Theme, string> = { light: '#f8fafc', dark: '#0f172a' };

export const EDGE_STYLES: Record<EdgeStyleKey, EdgeStyle> = {
  'has-profile': {
    label: 'has profile',
    description:
      'EC2 instance bound to an instance profile; a workload in its EKS cluster; a pod with no role of its own falling back to its node group',
    stroke: { light: '#6b7280', dark: '#9ca3af' },
    marker: 'none',
  },
  'runs-as': {
    label: 'runs as',
    description: 'Instance profile, pod, task, function or job runs as this role (decided by its trust)',
    stroke: { light: '#6b7280', dark: '#9ca3af' },
    dash: '5 3',
    marker: 'arrow',
  },
  'service-role': {
    label: 'service role',
    description:
      'A role the service uses for the workload (ECS execution role, EMR service role): not its identity for data',
    stroke: { light: '#6b7280', dark: '#9ca3af' },
    dash: '1 4',
    marker: 'open-arrow',
  },
  'can-assume': {
    label: 'can assume',
    description: 'Trust and permissions allow sts:AssumeRole',
    stroke: { light: '#0072b2', dark: '#56b4e9' },
    marker: 'arrow',
  },
  conditional: {
    label: 'can assume, conditional',
    description: 'Allowed only if the conditions shown on hover hold (e.g. the ExternalId)',
    stroke: { light: '#a66400', dark: '#e69f00' },
    dash: '9 4',
    marker: 'open-arrow',
  },
  'missing-trust': {
    label: 'missing trust',
    description: 'Source may call sts:AssumeRole, the target’s trust does not admit it',
    stroke: { light: '#c2410c', dark: '#ff8a4c' },
    dash: '2 3',
    marker: 'bar',
  },
  'missing-permission': {
    label: 'missing permission',
    description: 'Trust admits the source, its own policies do not allow the call',
    stroke: { light: '#a8417f', dark: '#e79bcb' },
    dash: '10 3 2 3',
    marker: 'diamond',
  },
  'can-access': {
    label: 'can access',
    description: 'Role may act on the bucket or catalog',
    stroke: { light: '#6f6400', dark: '#f0e442' },
    marker: 'square',
  },
  observed: {
    label: 'observed',
    description: 'Seen in CloudTrail (thicker = more often)',
    stroke: { light: '#007a5a', dark: '#2fc79b' },
    marker: 'circle',
  },
  'denied-attempt': {
    label: 'denied attempt',
    description: 'Seen failing in CloudTrail',
    stroke: { light: '#1f2937', dark: '#e5e7eb' },
    dash: '6 2 1 2',
    marker: 'cross',
  },
};

/** Which style draws `e`. */
export const styleKeyOf = (e: Pick<GraphEdge, 'kind' | 'decision'>): EdgeStyleKey =>
  e.kind === 'can-assume' && e.decision === 'Conditional' ? 'conditional' : e.kind;

/** The `<marker>` id of a style (see `EdgeMarkerDefs`). */
export const markerId = (key: EdgeStyleKey): string => `rc-marker-${key}`;

/** The stroke of a style as a CSS variable reference: the theme picks its value (see `EdgeMarkerDefs`). */
export const strokeVar = (key: EdgeStyleKey): string => `var(--rc-edge-${key})`;

/** Stroke width of an edge: observed edges thicken with their count. */
export const strokeWidth = (e: Pick<GraphEdge, 'observation'>): number =>
  e.observation ? Math.min(5, 2 + Math.log10(e.observation.count + 1)) : 2;

/** Kinds, for the filter checkboxes (conditional is drawn, not filtered, on its own). */
export const edgeKindStyle = (k: EdgeKind): EdgeStyle => EDGE_STYLES[k];
