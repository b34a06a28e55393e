import { loadFromPaths } from '/work/wt-18c/lib/sources/load';
import { buildGraph, indexGraph } from '/work/wt-18c/lib/graph';
import { pathsBetween, reach } from '/work/wt-18c/lib/graph/paths';
const l = await loadFromPaths(['/work/wt-18c/test/fixtures/real/authz/cloudsplaining_examples_example.json']);
const ix = indexGraph(buildGraph(l.snapshot));
const [a,b,c] = process.argv.slice(2);
if (a==='reach') { const r = reach(ix, b!, c as any); console.log(r.truncated, r.depthLimited, r.entries.length); for (const e of r.entries) console.log(e.verdict, e.node.kind, e.node.id, e.path.edges.map(x=>x.split('|')[0]).join(','), e.failing?.text ?? '', e.open.map(o=>o.text).join('; ')); }
else { const r = pathsBetween(ix, a!, b!); console.log(r.truncated, r.depthLimited); for (const p of r.paths) console.log(p.verdict, p.edges.join('  ;  '), p.failing?.text??''); }
