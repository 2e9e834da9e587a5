import type { ResolvedPolicy } from './validatePolicy';

/**
 * Which policy reports which metric: the first policy, in order, with a
 * pattern matching the metric's name; none for a metric no policy matches
 * (it keeps aggregating and is reported as soon as a policy matches it).
 * Answers are cached per name and the cache is dropped whenever the
 * policies change, so a change rebinds every metric at the next report.
 * Only collections ask: record paths never see policies.
 */
export class PolicyBinding {
  private _policies: readonly ResolvedPolicy[] = [];
  private _cache = new Map<string, ResolvedPolicy | null>();

  get policies(): readonly ResolvedPolicy[] {
    return this._policies;
  }

  set policies(policies: readonly ResolvedPolicy[]) {
    this._policies = policies;
    this._cache = new Map();
  }

  /** The policy `name` reports through, or undefined. */
  policyOf(name: string): ResolvedPolicy | undefined {
    let policy = this._cache.get(name);
    if (policy === undefined) {
      policy = this._policies.find((p) => p.patterns.some((re) => re.test(name))) ?? null;
      this._cache.set(name, policy);
    }
    return policy ?? undefined;
  }
}
