import { REJECTIONS, type Rejection } from './rejections';

/** Counters of a {@link ReceivingProxy} since it was made. */
export interface ReceiverStats {
  /** Writes that passed every check and were forwarded whole. */
  readonly forwarded: { readonly writes: number; readonly bytes: number; readonly lines: number };
  /** Forwarded writes the upstream answered with a non-2xx status. */
  readonly upstreamErrors: number;
  /** Refused requests per reason (every reason present, 0 when none). */
  readonly rejected: Readonly<Record<Rejection, number>>;
  /** Sum of `rejected`. */
  readonly rejectedTotal: number;
  /** Sessions that wrote in the current minute. */
  readonly activeSessions: number;
}

/** Mutable counters behind {@link ReceiverStats}. */
export class ReceiverCounters {
  writes = 0;
  bytes = 0;
  lines = 0;
  upstreamErrors = 0;
  private readonly rejected = new Map<Rejection, number>();

  reject(reason: Rejection): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }

  snapshot(activeSessions: number): ReceiverStats {
    const rejected = {} as Record<Rejection, number>;
    let total = 0;
    for (const r of REJECTIONS) {
      const n = this.rejected.get(r) ?? 0;
      rejected[r] = n;
      total += n;
    }
    return {
      forwarded: { writes: this.writes, bytes: this.bytes, lines: this.lines },
      upstreamErrors: this.upstreamErrors,
      rejected,
      rejectedTotal: total,
      activeSessions,
    };
  }
}
