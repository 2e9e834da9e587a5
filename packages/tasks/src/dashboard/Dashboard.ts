/**
 * `/dashboard`: the page, its server-sent event stream and its script files.
 * One sampler is shared by every open page and runs only while at least one
 * is connected; each page first gets the series and the history (`init`),
 * then one `frame` per sample.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { diag } from '@opentelemetry/api';
import type { PresentSource } from '../present/types';
import { serveAsset } from './assets';
import { DashboardSampler } from './DashboardSampler';
import { dashboardPage } from './page';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';

export interface ResolvedDashboardOptions {
  readonly metricProducer: MetricProducer | undefined;
  readonly selected: (name: string) => boolean;
  readonly intervalMillis: number;
  readonly historyPoints: number;
}

/** How often an open call graph is re-rendered (Graphviz layout costs ~10-100 ms). */
const GRAPH_INTERVAL_MILLIS = 5000;

export class Dashboard {
  private readonly sampler: DashboardSampler;
  private readonly clients = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(
    private readonly source: PresentSource,
    private readonly options: ResolvedDashboardOptions,
  ) {
    this.sampler = new DashboardSampler({ source, metricProducer: options.metricProducer, selected: options.selected, historyPoints: options.historyPoints });
  }

  /** Open event streams (for tests and shutdown). */
  get connectedPages(): number {
    return this.clients.size;
  }

  /** Serves `rest` (the path after `/dashboard`); `prefix` is where the handler is mounted. False when nothing matches. */
  handle(req: IncomingMessage, res: ServerResponse, rest: string, prefix: string): boolean {
    if (rest === '') {
      const base = `${prefix}/dashboard`;
      const page = dashboardPage({
        events: `${base}/events`,
        dot: `${prefix}/funcs/dot`,
        viz: `${base}/viz-global.js`,
        uplotScript: `${base}/uPlot.iife.min.js`,
        uplotCss: `${base}/uPlot.min.css`,
        historyPoints: this.options.historyPoints,
        graphIntervalMillis: GRAPH_INTERVAL_MILLIS,
      });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(page);
      return true;
    }
    if (rest === '/events') {
      this.openStream(req, res);
      return true;
    }
    return rest.startsWith('/') && serveAsset(rest.slice(1), res);
  }

  /** Ends every event stream and stops sampling. */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.stopTimer();
  }

  private openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    req.socket.setNoDelay(true);
    res.write(`retry: 2000\n\n`);
    res.write(event('init', { series: this.sampler.series, frames: this.sampler.frames, error: this.sampler.lastError ?? null }));
    this.clients.add(res);
    res.once('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stopTimer();
    });
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.tick(), this.options.intervalMillis);
      this.timer.unref();
      void this.tick();
    }
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.sampling) return; // a slow producer: skip a tick rather than pile up
    this.sampling = true;
    try {
      const { newSeries, frame } = await this.sampler.sample(this.source.now());
      const data = event('frame', { s: newSeries, f: frame, error: this.sampler.lastError ?? null });
      for (const res of this.clients) res.write(data);
    } catch (error) {
      diag.error(`@meterwork/tasks dashboard: sampling failed: ${(error as Error).message}`);
    } finally {
      this.sampling = false;
    }
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
