import { parseKeywords } from '../control/TorControlConnection';

/** tor's bootstrap state (`GETINFO status/bootstrap-phase`, `STATUS_CLIENT BOOTSTRAP` events). */
export interface TorBootstrapStatus {
  /** 0-100; 100 means circuits can be built. */
  readonly progress: number;
  /** Machine-readable phase, e.g. `conn_done`, `done`. */
  readonly tag: string;
  /** Human-readable phase, e.g. `Loading relay descriptors`. */
  readonly summary: string;
  /** Set when tor reports a bootstrap problem (`BOOTSTRAP ... WARNING=...`). */
  readonly warning?: string | undefined;
}

/** Parses `NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY="..."`; undefined when the text is no bootstrap status. */
export function parseBootstrapStatus(text: string): TorBootstrapStatus | undefined {
  if (!/\bBOOTSTRAP\b/.test(text)) return undefined;
  const k = parseKeywords(text);
  const progress = Number(k.get('PROGRESS'));
  if (!Number.isFinite(progress)) return undefined;
  const warning = k.get('WARNING');
  return { progress, tag: k.get('TAG') ?? '', summary: k.get('SUMMARY') ?? '', ...(warning !== undefined ? { warning } : {}) };
}
