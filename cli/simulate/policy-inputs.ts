/**
 * `PolicyInputs`: one engine input per distinct policy a `rolechain simulate` run reads, by its JSON text.
 * Why: each line is parsed into new objects, and the engine keeps what it prepared for a policy (its
 * compiled form, label and last outcomes) against the input object. Lines that repeat a policy, as a CI
 * job's lines do, then reuse all of it; without this the engine's content cache (lib/policy/cache.ts)
 * still finds the compiled form, but only after reading the document's canonical text on every line.
 */
import type { PolicyInput } from '../../lib/policy';
import type { PolicyValueOf } from './case';

/** Distinct policies remembered per run; past this the memo starts over (memory stays bounded). */
const MAX_REMEMBERED = 10_000;

/** A policy value of a line as the engine's input. */
function toInput(p: PolicyValueOf): PolicyInput {
  if (typeof p === 'object' && 'document' in p && !('Statement' in p)) {
    return {
      document: p.document,
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      ...(typeof p.arn === 'string' ? { arn: p.arn } : {}),
      ...(p.validation === 'strict' || p.validation === 'lenient' ? { validation: p.validation } : {}),
    };
  }
  return { document: p };
}

export class PolicyInputs {
  private readonly byText = new Map<string, PolicyInput>();

  /** The input for a policy value: the same object for the same JSON text within the run. */
  of(p: PolicyValueOf): PolicyInput {
    // A string policy is keyed by its text after a quote; an object's JSON never starts with one.
    const key = typeof p === 'string' ? `"${p}` : JSON.stringify(p);
    let input = this.byText.get(key);
    if (!input) {
      input = toInput(p);
      if (this.byText.size >= MAX_REMEMBERED) this.byText.clear();
      this.byText.set(key, input);
    }
    return input;
  }
}
