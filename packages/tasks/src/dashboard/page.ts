/** The `/dashboard` HTML: static markup, the config as JSON, the inline client script. */
import { escapeHtml } from '../present/format/html';
import { CLIENT_SCRIPT } from './clientScript';

export interface PageConfig {
  /** Absolute paths (from the request), so the page works wherever the handler is mounted. */
  readonly events: string;
  readonly dot: string;
  readonly viz: string;
  readonly uplotScript: string;
  readonly uplotCss: string;
  readonly historyPoints: number;
  readonly graphIntervalMillis: number;
}

export function dashboardPage(config: PageConfig): string {
  // `<` escaped so no value can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>meterwork dashboard</title>
<link rel="stylesheet" href="${escapeHtml(config.uplotCss)}">
<style>
body { font-family: system-ui, sans-serif; margin: 12px; }
header { display: flex; gap: 16px; align-items: baseline; }
#status { color: #2a2; }
#error { color: #c00; }
#charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 8px; }
#graph svg { max-width: 100%; height: auto; }
</style>
<script src="${escapeHtml(config.uplotScript)}"></script>
</head>
<body>
<header><h1>meterwork</h1><span id="status">connecting</span><span id="error"></span></header>
<section id="charts"></section>
<section><h2>Call graph</h2><button id="show-graph" type="button">Show call graph</button><div id="graph"></div></section>
<script type="application/json" id="dashboard-config">${json}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
