/**
 * Remembers the nonces of accepted requests until their timestamps leave the
 * acceptance window, so that a captured request cannot be sent twice.
 * Bounded: past `maxEntries` live nonces it refuses new ones rather than
 * forgetting live ones (forgetting would reopen the replay).
 */
export class ReplayGuard {
  /** key -> expiry (epoch ms). Insertion order is roughly expiry order, so expired entries are swept from the front. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.seen.size;
  }

  /**
   * `'fresh'` and remembers `key` until `expiresAtMillis`; `'replayed'` when it
   * is already remembered; `'full'` when `maxEntries` live keys are held.
   */
  admit(key: string, expiresAtMillis: number, nowMillis: number): 'fresh' | 'replayed' | 'full' {
    this.sweep(nowMillis);
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry >= nowMillis) return 'replayed';
    if (this.seen.size >= this.maxEntries) {
      this.sweepAll(nowMillis);
      if (this.seen.size >= this.maxEntries) return 'full';
    }
    this.seen.set(key, expiresAtMillis);
    return 'fresh';
  }

  private sweep(nowMillis: number): void {
    for (const [key, expiry] of this.seen) {
      if (expiry >= nowMillis) return;
      this.seen.delete(key);
    }
  }

  private sweepAll(nowMillis: number): void {
    for (const [key, expiry] of this.seen) if (expiry < nowMillis) this.seen.delete(key);
  }
}
