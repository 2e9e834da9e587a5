/**
 * The page's script, plain ES2020 served inline (no build step for users).
 * State: one time column and one value column per series; a uPlot chart per
 * chart name. Each `frame` event appends a point to every column and redraws
 * every chart with `setData`; the time each update takes (including uPlot's
 * deferred draw) is kept in `window.__meterworkDashboard.updateMillis` and as
 * `dashboard-update` performance measures, for tests and for curious users.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('dashboard-config').textContent);
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var stats = { updates: 0, updateMillis: [], charts: 0, graphRenders: 0, lastError: null, connected: false };
  window.__meterworkDashboard = stats;
  // What the charts hold now: per chart, its series' labels and uPlot's data arrays (copies).
  stats.read = function () {
    var out = [];
    state.charts.forEach(function (c) {
      out.push({ name: c.name, labels: c.idx.map(function (i) { return state.series[i].label; }), data: c.plot ? c.plot.data.map(function (a) { return Array.prototype.slice.call(a); }) : [] });
    });
    return out;
  };
  var state;
  var chartsEl = document.getElementById('charts');
  var statusEl = document.getElementById('status');

  function reset() {
    if (state) state.charts.forEach(function (c) { if (c.plot) c.plot.destroy(); });
    chartsEl.textContent = '';
    state = { series: [], t: [], cols: [], charts: new Map() };
    stats.charts = 0;
  }

  function chartFor(s) {
    var c = state.charts.get(s.chart);
    if (c) return c;
    var el = document.createElement('div');
    el.className = 'chart';
    el.setAttribute('data-chart', s.chart);
    chartsEl.appendChild(el);
    c = { name: s.chart, unit: s.unit, idx: [], plot: null, el: el, dirty: true };
    state.charts.set(s.chart, c);
    stats.charts = state.charts.size;
    return c;
  }

  function addSeries(list) {
    for (var k = 0; k < list.length; k++) {
      var s = list[k];
      var col = new Array(state.t.length);
      for (var j = 0; j < col.length; j++) col[j] = null;
      state.series.push(s);
      state.cols.push(col);
      var c = chartFor(s);
      c.idx.push(state.series.length - 1);
      c.dirty = true;
    }
  }

  function pushFrame(f) {
    state.t.push(f.t);
    for (var i = 0; i < state.cols.length; i++) {
      var v = f.v[i];
      state.cols[i].push(v === undefined ? null : v);
    }
    if (state.t.length > cfg.historyPoints) {
      state.t.shift();
      for (var k = 0; k < state.cols.length; k++) state.cols[k].shift();
    }
  }

  function options(c) {
    var series = [{}];
    for (var i = 0; i < c.idx.length; i++) {
      series.push({ label: state.series[c.idx[i]].label, stroke: COLORS[c.idx[i] % COLORS.length], spanGaps: true, points: { show: false } });
    }
    return {
      title: c.name,
      width: Math.max(320, c.el.clientWidth || 560),
      height: 180,
      series: series,
      axes: [{}, { label: c.unit, size: 60 }],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    };
  }

  function render() {
    state.charts.forEach(function (c) {
      var data = [state.t];
      for (var i = 0; i < c.idx.length; i++) data.push(state.cols[c.idx[i]]);
      if (c.dirty || !c.plot) {
        if (c.plot) c.plot.destroy();
        c.plot = new uPlot(options(c), data, c.el);
        c.dirty = false;
      } else {
        c.plot.setData(data);
      }
    });
  }

  function timed(fn) {
    var start = performance.now();
    performance.mark('dashboard-update-start');
    fn();
    // uPlot draws in a microtask after setData: measure after it.
    Promise.resolve().then(function () { return Promise.resolve(); }).then(function () {
      var ms = performance.now() - start;
      performance.measure('dashboard-update', 'dashboard-update-start');
      if (stats.updateMillis.length >= 1000) stats.updateMillis.shift();
      stats.updateMillis.push(ms);
      stats.updates++;
      if (performance.getEntriesByName('dashboard-update').length > 1000) performance.clearMeasures('dashboard-update');
    });
  }

  function showError(message) {
    stats.lastError = message || null;
    document.getElementById('error').textContent = message || '';
  }

  function connect() {
    var es = new EventSource(cfg.events);
    es.addEventListener('init', function (e) {
      var msg = JSON.parse(e.data);
      timed(function () {
        reset();
        addSeries(msg.series);
        for (var i = 0; i < msg.frames.length; i++) pushFrame(msg.frames[i]);
        render();
      });
      showError(msg.error);
    });
    es.addEventListener('frame', function (e) {
      var msg = JSON.parse(e.data);
      timed(function () {
        addSeries(msg.s);
        pushFrame(msg.f);
        render();
      });
      showError(msg.error);
    });
    es.onopen = function () { stats.connected = true; statusEl.textContent = 'live'; };
    es.onerror = function () { stats.connected = false; statusEl.textContent = 'reconnecting'; };
  }

  // The call graph: Viz.js (1.3 MB of WebAssembly) is fetched only when the graph is shown.
  var graphTimer = null;
  var vizPromise = null;
  function loadViz() {
    if (!vizPromise) {
      vizPromise = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = cfg.viz;
        s.onload = function () { Viz.instance().then(resolve, reject); };
        s.onerror = function () { reject(new Error('cannot load ' + cfg.viz)); };
        document.head.appendChild(s);
      });
    }
    return vizPromise;
  }
  function renderGraph() {
    return Promise.all([loadViz(), fetch(cfg.dot, { cache: 'no-store' }).then(function (r) { return r.text(); })]).then(function (res) {
      var svg = res[0].renderSVGElement(res[1], { graphAttributes: { fontname: 'Courier' }, nodeAttributes: { fontname: 'Courier' } });
      var el = document.getElementById('graph');
      el.textContent = '';
      el.appendChild(svg);
      stats.graphRenders++;
    }).catch(function (err) { document.getElementById('graph').textContent = 'call graph: ' + err.message; });
  }
  function showGraph() {
    document.getElementById('show-graph').disabled = true;
    renderGraph();
    if (!graphTimer) graphTimer = setInterval(renderGraph, cfg.graphIntervalMillis);
  }
  document.getElementById('show-graph').addEventListener('click', showGraph);
  if (location.hash === '#graph') showGraph();

  reset();
  connect();
})();
`;
