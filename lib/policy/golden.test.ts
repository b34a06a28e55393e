/**
 * Golden cases: every `golden/*.json` file is a list of `{name, input, options?, expected}` written from
 * the AWS IAM User Guide's own examples. Each case runs as one test.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluate } from './index';
import type { Decision, EvaluationInput, EvaluationOptions } from './index';

interface GoldenCase {
  name: string;
  source?: string;
  input: EvaluationInput;
  options?: EvaluationOptions;
  expected: {
    decision: Decision;
    openConditionKeys?: string[];
    reasonIncludes?: string[];
    validationIncludes?: string[];
    /** False: every validation issue is a warning (lenient reading); true: at least one is an error. */
    validationErrors?: boolean;
  };
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

it('given the golden folder, then it holds at least 150 cases', () => {
  const total = files.reduce(
    (n, f) => n + (JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown[]).length,
    0,
  );
  assert.ok(total >= 150, `only ${total} golden cases`);
});

for (const file of files) {
  const cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as GoldenCase[];
  describe(`golden ${file}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        // given the case's policies and request, when evaluated
        const result = evaluate(c.input, c.options);
        // then the decision, the open keys and the reasons are the expected ones
        const explain = JSON.stringify(result, null, 1);
        assert.equal(result.decision, c.expected.decision, explain);
        if (c.expected.openConditionKeys) {
          const keys = [...new Set(result.openConditions.map((o) => o.key.toLowerCase()))].sort();
          assert.deepEqual(keys, c.expected.openConditionKeys.map((k) => k.toLowerCase()).sort(), explain);
        }
        const text = [
          ...result.reasons.map((r) => r.message),
          ...result.openConditions.map((o) => o.text),
        ].join('\n');
        for (const fragment of c.expected.reasonIncludes ?? [])
          assert.ok(text.includes(fragment), `reasons lack "${fragment}":\n${text}`);
        const issues = result.validation
          .flatMap((v) => v.issues.map((i) => `${i.path}: ${i.message}`))
          .join('\n');
        for (const fragment of c.expected.validationIncludes ?? [])
          assert.ok(issues.includes(fragment), `validation lacks "${fragment}":\n${issues}`);
        if (c.expected.validationErrors !== undefined)
          assert.equal(
            result.validation.some((v) => v.issues.some((i) => i.severity === 'error')),
            c.expected.validationErrors,
            issues,
          );
        // and the explaining pass (every statement evaluated up front) decides the same, with the same reasons
        const full = evaluate(c.input, { ...c.options, explain: true });
        assert.equal(full.decision, result.decision, explain);
        assert.deepEqual(full.openConditions, result.openConditions, explain);
        assert.deepEqual(full.validation, result.validation, explain);
        assert.deepEqual(full.reasons, result.reasons, explain);
      });
    }
  });
}
