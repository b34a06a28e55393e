import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { subjectLabel } from './subject-label';

// Subject claims as GitHub documents them ("About security hardening with OpenID Connect",
// "Example subject claims"), and the demo's two workflows on main.
describe('subjectLabel', () => {
  test('given two repositories on refs/heads/main, then the labels differ and name the repository', () => {
    const a = subjectLabel('oidc:repo:acme-data/dbt-models:ref:refs/heads/main');
    const b = subjectLabel('oidc:repo:acme-data/lakehouse-dags:ref:refs/heads/main');
    assert.equal(a, 'acme-data/dbt-models · ref main');
    assert.equal(b, 'acme-data/lakehouse-dags · ref main');
  });

  test('given the other GitHub subject forms, then each reads as repository and what it is', () => {
    assert.equal(
      subjectLabel('oidc:repo:octo-org/octo-repo:environment:Production'),
      'octo-org/octo-repo · environment Production',
    );
    assert.equal(
      subjectLabel('oidc:repo:octo-org/octo-repo:pull_request'),
      'octo-org/octo-repo · pull request',
    );
    assert.equal(
      subjectLabel('oidc:repo:octo-org/octo-repo:ref:refs/tags/v1.2'),
      'octo-org/octo-repo · ref v1.2',
    );
  });

  test('given another subject, then it in full; not an origin id, unchanged', () => {
    assert.equal(subjectLabel('saml:dana.ops@acme-data.example'), 'dana.ops@acme-data.example');
    assert.equal(subjectLabel('system:serviceaccount:etl:spark'), 'system:serviceaccount:etl:spark');
  });
});
