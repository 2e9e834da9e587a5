import type { AuthOptions } from '@meterwork/core';
import type { DashboardOptions } from '../dashboard/types';
import type { Environment } from '../environment/Environment';
import type { Registry } from '../registry/Registry';

/** Options of {@link createPresentHandler}. */
export interface PresentHandlerOptions {
  /**
   * The tasks to present.
   * @default defaultRegistry (the one behind `scope()` and `task()`)
   */
  readonly registry?: Registry | undefined;
  /**
   * Process and runtime stats appended to `/stats` (monkit's
   * `environment.Register`), e.g. `createEnvironment()`.
   * @default undefined (functions and values only)
   */
  readonly environment?: Environment | undefined;
  /**
   * Credentials every request must carry (`Authorization: Bearer …` or
   * `Basic …`); requests without them get 401.
   * @default undefined (no authentication: keep the server on loopback)
   */
  readonly auth?: AuthOptions | undefined;
  /**
   * The path prefix the routes live under when the handler sees full URLs
   * (node http, fastify's `request.raw`), e.g. `'/debug'`. Express's
   * `app.use('/debug', handler)` strips the prefix itself: leave it empty there.
   * @default ''
   */
  readonly basePath?: string | undefined;
  /**
   * While a trace request waits for its task, a newline is written (and
   * flushed) this often, so clients and proxies see a live response.
   * @default 10000
   */
  readonly keepaliveMillis?: number | undefined;
  /**
   * The live dashboard at `/dashboard`; `false` turns it off.
   * @default {} (on, plotting every task)
   */
  readonly dashboard?: DashboardOptions | false | undefined;
}

/** Options of {@link startPresentServer}: the handler's, plus where to listen. */
export interface PresentServerOptions extends PresentHandlerOptions {
  /**
   * Interface to bind. Loopback by default: the endpoint shows function
   * names, arguments and errors. Use `'0.0.0.0'` / `'::'` only with `auth`.
   * @default '127.0.0.1'
   */
  readonly host?: string | undefined;
  /**
   * Port to listen on; 0 picks a free one (read it back from the result).
   * @default 9000 (monkit's)
   */
  readonly port?: number | undefined;
}
