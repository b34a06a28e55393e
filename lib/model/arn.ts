/** An ARN split into its six parts: arn:partition:service:region:account:resource. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Parses an ARN; returns undefined for anything that is not one. The resource keeps its colons. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  // Four more colons after `arn:` (partition, service, region, account); the resource keeps its own.
  const a = text.indexOf(':', 4);
  if (a < 0) return undefined;
  const b = text.indexOf(':', a + 1);
  if (b < 0) return undefined;
  const c = text.indexOf(':', b + 1);
  if (c < 0) return undefined;
  const d = text.indexOf(':', c + 1);
  if (d < 0) return undefined;
  const partition = text.slice(4, a);
  const service = text.slice(a + 1, b);
  if (partition === '' || service === '') return undefined;
  return {
    partition,
    service,
    region: text.slice(b + 1, c),
    account: text.slice(c + 1, d),
    resource: text.slice(d + 1),
  };
}

/** The account id of an ARN, or undefined. */
export function accountOf(arn: string): string | undefined {
  const a = parseArn(arn);
  return a && /^\d{12}$/.test(a.account) ? a.account : undefined;
}

/** `arn:aws:iam::123456789012:role/path/name` → `name` (the last path segment). */
export function nameOf(arn: string): string {
  const a = parseArn(arn);
  const resource = a ? a.resource : arn;
  const slash = resource.lastIndexOf('/');
  return slash >= 0 ? resource.slice(slash + 1) : resource;
}

export const isAccountId = (s: string): boolean => /^\d{12}$/.test(s);
