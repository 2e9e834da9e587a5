/**
 * Go's `time.Duration.String()` for an integer number of nanoseconds:
 * `0s`, `750ns`, `2.308µs`, `3.25452ms`, `1.009s`, `1m2.5s`, `2h0m0s`.
 * monkit prints durations this way in `/funcs` and `/ps`; keeping the form
 * lets readers (and tools) that know monkit read ours.
 */
export function goDuration(nanos: number): string {
  if (!Number.isFinite(nanos)) return String(nanos);
  let n = Math.round(nanos);
  if (n === 0) return '0s';
  const sign = n < 0 ? '-' : '';
  n = Math.abs(n);
  if (n < 1e3) return `${sign}${n}ns`;
  if (n < 1e6) return `${sign}${fraction(n, 1e3)}µs`;
  if (n < 1e9) return `${sign}${fraction(n, 1e6)}ms`;
  const totalSeconds = Math.floor(n / 1e9);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = fraction(n - (hours * 3600 + minutes * 60) * 1e9, 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** `n / unit` with the fraction's trailing zeros trimmed (exact: integer arithmetic). */
function fraction(n: number, unit: number): string {
  const whole = Math.floor(n / unit);
  const rest = n - whole * unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
