/**
 * The browser libraries the page loads, served from this process's
 * node_modules (no CDN, no network): uPlot for the charts, Viz.js (Graphviz
 * as WebAssembly) for the call graph, loaded only when the graph is shown.
 */
import * as fs from 'fs';
import type { ServerResponse } from 'http';
import * as path from 'path';

interface Asset {
  readonly contentType: string;
  resolve(): string;
}

const ASSETS: Readonly<Record<string, Asset>> = {
  'uPlot.iife.min.js': { contentType: 'text/javascript; charset=utf-8', resolve: () => require.resolve('uplot/dist/uPlot.iife.min.js') },
  'uPlot.min.css': { contentType: 'text/css; charset=utf-8', resolve: () => require.resolve('uplot/dist/uPlot.min.css') },
  // @viz-js/viz's exports map only names its module builds; the global build sits next to them.
  'viz-global.js': { contentType: 'text/javascript; charset=utf-8', resolve: () => path.join(path.dirname(require.resolve('@viz-js/viz')), 'viz-global.js') },
};

export const ASSET_NAMES: ReadonlyArray<string> = Object.keys(ASSETS);

/** Streams the asset `name`; false when there is no such asset. A missing package gets a 500 that says which. */
export function serveAsset(name: string, res: ServerResponse): boolean {
  const asset = ASSETS[name];
  if (asset === undefined) return false;
  let file: string;
  try {
    file = asset.resolve();
  } catch (error) {
    res
      .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end(`Internal Server Error: cannot find ${name} (is the package installed?): ${(error as Error).message}\n`);
    return true;
  }
  const stream = fs.createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, { 'Content-Type': asset.contentType, 'Cache-Control': 'max-age=3600', 'X-Content-Type-Options': 'nosniff' });
    stream.pipe(res);
  });
  stream.once('error', (error) => {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Internal Server Error: ${error.message}\n`);
    else res.destroy();
  });
  res.once('close', () => stream.destroy());
  return true;
}
