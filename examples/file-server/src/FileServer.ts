import type { Meter } from '@opentelemetry/api';
import type { GoNoGoRecorder } from '@meterwork/core';

/** Tunables of the simulation (all have defaults suited to a few seconds' run). */
export interface FileServerOptions {
  /** Mean time between two client arrivals. @default 40 */
  readonly meanArrivalMillis?: number;
  /** Chunk streamed per tick. @default 16384 */
  readonly chunkBytes?: number;
  /** Chance that a client disconnects mid-transfer. @default 0.1 */
  readonly abortProbability?: number;
}

interface Client {
  remaining: number;
  sent: number;
  readonly start: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * go-metrics' file-server demo: clients connect at random and download a
 * random amount of random data in chunks; some disconnect early. Measured
 * with the plain OTel API (a library would do the same); meterwork views
 * decide how the instruments are aggregated.
 */
export class FileServer {
  private readonly clients = new Set<Client>();
  private readonly connected;
  private readonly bytesSent;
  private readonly duration;
  private arrival: NodeJS.Timeout | undefined;
  private readonly meanArrival: number;
  private readonly chunk: number;
  private readonly abortProbability: number;

  constructor(
    meter: Meter,
    private readonly transfers: GoNoGoRecorder,
    options: FileServerOptions = {},
  ) {
    this.meanArrival = options.meanArrivalMillis ?? 40;
    this.chunk = options.chunkBytes ?? 16384;
    this.abortProbability = options.abortProbability ?? 0.1;
    this.connected = meter.createUpDownCounter('fileserver.clients', { description: 'Clients connected', unit: '{client}' });
    this.bytesSent = meter.createCounter('fileserver.bytes_sent', { description: 'Data streamed to clients', unit: 'By' });
    this.duration = meter.createHistogram('fileserver.request.duration', { description: 'Time to serve a download', unit: 's' });
  }

  start(): void {
    const next = () => {
      this.accept();
      // Exponential inter-arrival times: a Poisson stream of clients.
      this.arrival = setTimeout(next, -Math.log(1 - Math.random()) * this.meanArrival);
    };
    next();
  }

  /** Stops accepting; transfers still running are cut (reported as no-go). */
  stop(): void {
    clearTimeout(this.arrival);
    for (const client of [...this.clients]) this.finish(client, 'server_shutdown');
  }

  private accept(): void {
    const client: Client = { remaining: this.chunk * (1 + Math.floor(Math.random() * 64)), sent: 0, start: performance.now(), timer: undefined };
    this.clients.add(client);
    this.connected.add(1);
    const abortAt = Math.random() < this.abortProbability ? Math.random() * client.remaining : -1;
    const tick = () => {
      const n = Math.min(this.chunk, client.remaining);
      client.remaining -= n;
      client.sent += n;
      this.bytesSent.add(n);
      if (abortAt >= 0 && client.sent >= abortAt) return this.finish(client, 'client_disconnected');
      if (client.remaining === 0) return this.finish(client, undefined);
      client.timer = setTimeout(tick, 2 + Math.random() * 8);
    };
    tick();
  }

  private finish(client: Client, error: string | undefined): void {
    clearTimeout(client.timer);
    if (!this.clients.delete(client)) return;
    this.connected.add(-1);
    this.duration.record((performance.now() - client.start) / 1000);
    if (error === undefined) this.transfers.go(client.sent);
    else this.transfers.noGo(client.sent, { 'error.type': error });
  }
}
