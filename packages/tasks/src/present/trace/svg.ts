/**
 * `/trace/svg`: monkit's flame-style timeline. 1200 px wide, 15 px bars,
 * 16 px row pitch, 9 px font; a task's children sit on lower rows (packed
 * into the first row where they do not overlap). The hover tooltip has its
 * own line at the bottom (monkit's covers the root row).
 */
import { escapeHtml } from '../format/html';
import { goDuration } from '../format/duration';
import { fullNameOf } from '../funcs';
import type { PresentFinishedSpan } from '../types';

const WIDTH = 1200;
const BAR_HEIGHT = 15;
const ROW_PITCH = 16;
const FONT_SIZE = 9;
const TOOLTIP_HEIGHT = 20;

export const SPAN_COLORS = {
  normal: 'rgb(128,128,255)',
  error: 'rgb(255,144,0)',
  panic: 'rgb(255,0,0)',
  canceled: 'rgb(255,255,0)',
} as const;

function colorOf(s: PresentFinishedSpan): string {
  if (s.panicked) return SPAN_COLORS.panic;
  if (s.canceled === true) return SPAN_COLORS.canceled;
  if (s.err !== undefined) return SPAN_COLORS.error;
  return SPAN_COLORS.normal;
}

interface Placed {
  readonly span: PresentFinishedSpan;
  readonly row: number;
}

/** Rows for `spans` (root first): each span below its parent, in the first row where it fits. */
export function layoutRows(spans: ReadonlyArray<PresentFinishedSpan>): Placed[] {
  const rowOf = new Map<number, number>();
  const rows: Array<Array<[number, number]>> = [];
  const placed: Placed[] = [];
  for (const span of spans) {
    const parentRow = span.parentId === undefined ? undefined : rowOf.get(span.parentId);
    let row = parentRow === undefined ? 0 : parentRow + 1;
    for (; ; row++) {
      const taken = (rows[row] ??= []);
      if (!taken.some(([a, b]) => span.startMillis < b && a < span.finishMillis)) {
        taken.push([span.startMillis, span.finishMillis]);
        break;
      }
    }
    rowOf.set(span.id, row);
    placed.push({ span, row });
  }
  return placed;
}

export function traceSvg(spans: ReadonlyArray<PresentFinishedSpan>): string {
  const root = spans[0];
  const placed = root === undefined ? [] : layoutRows(spans);
  const rows = placed.reduce((max, p) => Math.max(max, p.row + 1), 0);
  const height = ROW_PITCH * (rows + 1) + TOOLTIP_HEIGHT;
  const t0 = root?.startMillis ?? 0;
  const span = Math.max((root?.finishMillis ?? 0) - t0, 1e-6);
  let out = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="${FONT_SIZE}">\n`;
  out += `<style>rect.s:hover{stroke:black}</style>\n`;
  for (const { span: s, row } of placed) {
    const x = ((s.startMillis - t0) / span) * WIDTH;
    const w = Math.max(((s.finishMillis - s.startMillis) / span) * WIDTH, 1);
    const y = row * ROW_PITCH;
    const duration = goDuration((s.finishMillis - s.startMillis) * 1e6);
    const title = `${fullNameOf(s)}(${s.args.map((a) => JSON.stringify(a)).join(', ')}) ${duration}${s.err !== undefined ? ' error: ' + s.err : ''}${s.panicked ? ' (panicked)' : ''}`;
    out += `<g><title>${escapeHtml(title)}</title><rect class="s" x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${BAR_HEIGHT}" fill="${colorOf(s)}" data-tip="${escapeHtml(title)}" onmouseover="tip(evt)"/>`;
    out += `<svg x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${BAR_HEIGHT}"><text x="2" y="11">${escapeHtml(fullNameOf(s))}</text></svg></g>\n`;
  }
  out += `<text id="tip" x="2" y="${height - 6}"> </text>\n`;
  out += `<script>function tip(evt){document.getElementById('tip').textContent=evt.target.getAttribute('data-tip')}</script>\n`;
  return out + '</svg>\n';
}
