/**
 * The label of a federated subject that CloudTrail names without a provider the snapshot holds
 * (the audit's origin `oidc:<sub>` or `saml:<sub>`). Its last path segment is no name: two GitHub
 * workflows on `refs/heads/main` of different repositories would both read "main".
 */
export function subjectLabel(originId: string): string {
  const m = /^(oidc|saml):(.*)$/.exec(originId);
  if (!m) return originId;
  const sub = m[2] ?? '';
  // GitHub Actions: repo:<owner>/<repo>:<kind>:<value> (GitHub docs, "About security hardening with OpenID Connect").
  const gh = /^repo:([^:]+):(ref|environment|pull_request|job_workflow_ref)(?::(.*))?$/.exec(sub);
  if (gh) {
    const value = (gh[3] ?? '').replace(/^refs\/(heads|tags)\//, '');
    return `${gh[1]} · ${gh[2] === 'pull_request' ? 'pull request' : `${gh[2]} ${value}`}`.trim();
  }
  return sub === '' ? `${m[1]?.toUpperCase()} subject` : sub;
}
