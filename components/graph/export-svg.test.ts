import assert from 'node:assert/strict';
import { test } from 'node:test';
import { edgeId } from '@/lib/graph/types';
import type { FlowEdge, FlowNode } from './flow-mapping';
import { groupId, NODE_HEIGHT, NODE_WIDTH } from './flow-mapping';
import { EDGE_STYLES } from './edge-style';
import { escapeXml, toSvg } from './export-svg';

const ACCT = '111111111111';
const SRC = `arn:aws:iam::${ACCT}:role/<script>alert(1)</script>`;
const DST = 'arn:aws:iam::222222222222:role/doris-s3-role';

const nodes: FlowNode[] = [
  {
    id: groupId(ACCT),
    type: 'account',
    position: { x: 100, y: 50 },
    width: 300,
    height: 120,
    data: { account: ACCT, label: 'platform & "ops" (111111111111)', external: false },
  },
  {
    id: SRC,
    type: 'entity',
    position: { x: 14, y: 34 },
    parentId: groupId(ACCT),
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    data: {
      node: { id: SRC, kind: 'role', label: '<script>alert(1)</script>', account: ACCT },
      focused: true,
      findings: 0,
    },
  },
  {
    id: DST,
    type: 'entity',
    position: { x: 600, y: 84 },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    data: {
      node: { id: DST, kind: 'role', label: 'doris-s3-role', account: '222222222222' },
      focused: false,
      findings: 0,
    },
  },
];
const edges: FlowEdge[] = [
  {
    id: edgeId('missing-trust', SRC, DST),
    source: SRC,
    target: DST,
    type: 'chain',
    data: {
      edge: { id: edgeId('missing-trust', SRC, DST), kind: 'missing-trust', source: SRC, target: DST },
    },
  },
];

test('given a role named <script>, when exported, then its label is text and no element of that name exists', () => {
  const svg = toSvg({ nodes, edges });
  assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.equal(/<script/i.test(svg), false);
  assert.ok(svg.includes('platform &amp; &quot;ops&quot; (111111111111)'));
});

test('given a group and its member, when exported, then the member is placed at the group offset plus its own', () => {
  const svg = toSvg({ nodes, edges });
  // Bounds start at the group (100, 50), padded by 20: the group sits at 20,20 and its member at 34,54.
  assert.match(svg, /<rect x="20" y="20" width="300" height="120"/);
  assert.match(svg, new RegExp(`<rect x="34" y="54" width="${NODE_WIDTH}" height="${NODE_HEIGHT}"`));
  assert.match(svg, /width="760" height="160"/);
});

test('given a missing-trust edge, when exported, then it is drawn in its style (dotted vermillion) from the source right side to the target left side', () => {
  const svg = toSvg({ nodes, edges });
  const path = svg.split('\n').find((l) => l.includes('class="edge"'));
  assert.ok(path);
  assert.match(path, /data-kind="missing-trust"/);
  assert.match(path, new RegExp(`stroke="${EDGE_STYLES['missing-trust'].stroke.light}"`));
  assert.match(path, /stroke-dasharray="2 3"/);
  assert.match(path, new RegExp(`d="M${34 + NODE_WIDTH},${54 + NODE_HEIGHT / 2} `));
});

test('given control characters XML forbids, when escaped, then they are dropped and the rest kept', () => {
  assert.equal(escapeXml('a\u0001b\u000bc\td'), 'abc\td');
  assert.equal(toSvg({ nodes: [], edges: [] }).startsWith('<svg'), true);
});
