// The peer for the simulate bench: @cloud-copilot/iam-simulate's core engine (`authorize`) driven as a
// JSON-lines filter over the same lines `rolechain simulate` reads. Bench only: the peer is AGPL and is
// installed by the bench into a temporary folder; nothing shipped imports it.
//
// usage: node iam-simulate-filter.mjs <peer-install-prefix> <lines-file>
// One output line per input line: {"id", "decision"} with the peer's result mapped to Rolechain's words.
// Each line's policies are loaded afresh (`loadPolicy`), as a filter over independent lines does.
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [prefix, file] = process.argv.slice(2);
const base = join(prefix, 'node_modules', '@cloud-copilot');
const load = (p) => import(pathToFileURL(join(base, p)).href);
const [
  { loadPolicy },
  { authorize },
  { AwsRequestImpl },
  { RequestContextImpl },
  { DiscoveryContextKeyConstraints },
] = await Promise.all([
  load('iam-policy/dist/esm/index.js'),
  load('iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js'),
  load('iam-simulate/dist/esm/request/request.js'),
  load('iam-simulate/dist/esm/requestContext.js'),
  load('iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js'),
]);

const DECISION = { Allowed: 'Allow', ImplicitlyDenied: 'ImplicitDeny', ExplicitlyDenied: 'ExplicitDeny' };
const doc = (p) => (p && typeof p === 'object' && 'document' in p ? p.document : p);
const named = (p, i) => loadPolicy(doc(p), { name: p?.name ?? `policy-${i}` });
const stringy = (v) => (Array.isArray(v) ? v.map(String) : String(v));

const out = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const c = JSON.parse(line);
  const r = c.request;
  const context = Object.fromEntries(Object.entries(r.context ?? {}).map(([k, v]) => [k, stringy(v)]));
  const accountId = r.resourceAccount ?? r.resource.split(':')[4] ?? '';
  const request = new AwsRequestImpl(
    r.principal,
    { resource: r.resource, accountId },
    r.action,
    new RequestContextImpl(context),
  );
  const analysis = authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: (c.identityPolicies ?? []).map(named),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy ? named(c.resourcePolicy, 0) : undefined,
    permissionBoundaries: c.permissionBoundaries?.map(named),
    vpcEndpointPolicies: undefined,
    simulationParameters: {
      simulationMode: 'Strict',
      discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]),
    },
  });
  out.push(JSON.stringify({ id: c.id, decision: DECISION[analysis.result] ?? analysis.result }));
}
writeSync(1, out.join('\n') + '\n');
