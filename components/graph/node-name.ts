/**
 * A short name for a node id when the graph gave no label for it (an edge's far end outside the view):
 * a role or user by its name without path, a session as role/session, an account root by its
 * account, anything else (s3:// URLs, service names) as it is. The id stays the tooltip and the copy.
 */
export function shortNodeName(id: string): string {
  const m = /^arn:[^:]+:[^:]*:[^:]*:(\d{12})?:(.+)$/.exec(id);
  if (!m) return id;
  const [, account, resource = ''] = m;
  if (resource === 'root') return `account ${account ?? ''} root`.replace('  ', ' ');
  const assumed = /^assumed-role\/(.+)$/.exec(resource);
  if (assumed) return assumed[1]!;
  const slash = resource.lastIndexOf('/');
  if (slash >= 0 && slash < resource.length - 1) return resource.slice(slash + 1);
  return resource;
}

/** Labels the graph gave, else a short name from the id. */
export function labelFrom(
  labels: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
): (id: string) => string {
  const get = (id: string): string | undefined =>
    labels instanceof Map
      ? (labels as ReadonlyMap<string, string>).get(id)
      : (labels as Readonly<Record<string, string>>)[id];
  return (id) => get(id) ?? shortNodeName(id);
}
