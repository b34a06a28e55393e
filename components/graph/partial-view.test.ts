import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partialNotice } from './partial-view';

const kind = (k: string) => (k === 'bucket-prefix' ? 'S3 prefix' : k);
const label = (id: string) => id.split('/').pop() ?? id;
const node = { id: 'a', kind: 'role' as const, label: 'a' };

test('given a whole view, when its notice is asked, then there is none', () => {
  assert.equal(partialNotice({ truncated: false, nodes: [node] }, kind, label), undefined);
  // The summary table (no node sent) says it itself.
  assert.equal(partialNotice({ truncated: true, nodes: [] }, kind, label), undefined);
});

test('given an account drawn in part with every finding in it, when its notice is asked, then it says how many of how many and what is not drawn', () => {
  const n = partialNotice(
    {
      truncated: true,
      nodes: [node],
      selection: {
        of: 2103,
        drawn: 600,
        findings: { of: 412, drawn: 412 },
        omitted: [
          { kind: 'role', count: 1200 },
          { kind: 'bucket-prefix', count: 303 },
        ],
      },
    },
    kind,
    label,
  );
  assert.deepEqual(n, {
    text: "Showing 600 of this account's 2,103 nodes: all 412 with findings and the chains around them first. Not drawn: 1,200 × role, 303 × S3 prefix. Find a node above to see it with its neighbours.",
    findingsLeftOut: false,
  });
});

test('given an account with more nodes with findings than a view draws, when its notice is asked, then it says how many with findings are NOT drawn', () => {
  const n = partialNotice(
    {
      truncated: true,
      nodes: [node],
      selection: {
        of: 2103,
        drawn: 600,
        findings: { of: 788, drawn: 600 },
        omitted: [{ kind: 'role', count: 1503 }],
      },
    },
    kind,
    label,
  );
  assert.equal(n?.findingsLeftOut, true);
  assert.match(
    n?.text ?? '',
    /188 of its 788 nodes with findings are NOT drawn.*; the Findings page lists every finding\.$/,
  );
});

test('given a neighbourhood stopped at a hub, when its notice is asked, then it names the hub and its degree', () => {
  const n = partialNotice(
    {
      truncated: true,
      nodes: [node],
      cappedHubs: [{ id: 'arn:aws:iam::aws:service/ec2.amazonaws.com', degree: 60000 }],
    },
    kind,
    label,
  );
  assert.equal(
    n?.text,
    'Showing the nearest 1 nodes only: ec2.amazonaws.com has 60,000 edges, not all drawn. Lower the depth or narrow the edge kinds to see the rest.',
  );
});
