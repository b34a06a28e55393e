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
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (partition === '' || service === '') return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
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
