import { escapeHtml } from './format/html';

/** The `/` page: links to every route, like monkit's index. */
export function indexPage(prefix: string, dashboard: boolean): string {
  const links: Array<[string, string]> = [
    ['ps', 'running tasks (text)'],
    ['ps/json', 'running tasks (JSON)'],
    ['funcs', 'functions (text)'],
    ['funcs/dot', 'call graph (DOT)'],
    ['funcs/json', 'functions (JSON)'],
    ['stats', 'stats (text)'],
    ['stats/json', 'stats (JSON)'],
    ['trace/svg?regex=', 'trace as SVG (add a regex)'],
    ['trace/json?regex=', 'trace as JSON (add a regex)'],
  ];
  if (dashboard) links.unshift(['dashboard', 'live dashboard']);
  const items = links.map(([href, text]) => `<li><a href="${escapeHtml(prefix)}/${href}">${href}</a> ${text}</li>`).join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>present</title></head>\n<body>\n<ul>\n${items}\n</ul>\n</body></html>\n`;
}
