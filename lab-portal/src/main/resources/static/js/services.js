// The Services panel: each replica's state with its latest CPU and memory, a live resource chart,
// the log stream, and the learner's controls.
import {$, $$, coalesced, el, fmt} from './dom.js';
import {send} from './api.js';
import {line} from './charts.js';
import {chartTheme, drawWithLegend, TIME_AXIS} from './chartframe.js';

const replicas = {};
const samples = {};
const signals = {};
let resourceChart = null;
let metricsChart = null;

function render() {
  $$('.service').forEach(box => {
    const mine = Object.values(replicas).filter(r => r.service === box.dataset.service);
    const list = $('.replicas', box);
    list.replaceChildren();
    list.classList.toggle('muted', mine.length === 0);
    if (!mine.length) list.textContent = box.dataset.lastExit || 'not running';
    mine.forEach(r => {
      const s = samples[r.replica];
      const last = s && s.length ? s[s.length - 1] : null;
      list.appendChild(el('span', {class: 'replica ' + r.state, 'data-replica': r.replica},
        r.replica + ' :' + r.port + ' ' + r.state + (last ? ' · ' + last.cpu_pct + '% CPU · ' + last.rss_mb + ' MB' : '')));
    });
  });
}

export function onState(s) {
  if (s.state === 'EXITED') {
    delete replicas[s.replica];
    delete samples[s.replica]; // the live charts show the replicas running now
    delete signals[s.replica];
    renderMetrics();
    const box = $('.service[data-service="' + CSS.escape(s.service) + '"]');
    if (box) box.dataset.lastExit = s.replica + ' exited' + (s.exit_code !== undefined ? ' with code ' + s.exit_code : '')
      + (s.oom_killed ? ' (OOM-killed)' : '');
  } else {
    replicas[s.replica] = s;
  }
  render();
}

export function onSample(s) {
  if (!replicas[s.replica]) return; // a replica that has exited since (the history still holds its samples)
  const list = samples[s.replica] = samples[s.replica] || [];
  list.push(s);
  if (list.length > 180) list.shift();
  redrawResources();
}

const redrawResources = coalesced(() => {
  render();
  if (!window.echarts) return;
  if (!resourceChart) resourceChart = echarts.init($('#resource-chart'), chartTheme(), {renderer: 'canvas'});
  const series = [];
  Object.entries(samples).forEach(([id, xs]) => {
    series.push(line(id + ' MB', xs.map(x => [x.at, x.rss_mb])));
    series.push(line(id + ' CPU %', xs.map(x => [x.at, x.cpu_pct]), {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
  });
  drawWithLegend(resourceChart, {
    animation: false, tooltip: {trigger: 'axis'},
    grid: {left: 40, right: 40, top: 30, bottom: 32},
    xAxis: Object.assign({}, TIME_AXIS, {axisLabel: Object.assign({fontSize: 9}, TIME_AXIS.axisLabel)}), yAxis: [{type: 'value', name: 'MB', axisLabel: {fontSize: 9}},
      {type: 'value', name: 'CPU %', splitLine: {show: false}, axisLabel: {fontSize: 9}}],
    series
  });
}, 1000);

const num = (v, unit) => (v === undefined || v === null ? '–' : fmt(v) + (unit || ''));

/** What a replica's own /metrics said in the last second; a failed scrape is shown with its reason. */
export function onMetrics(m) {
  if (!replicas[m.replica]) return;
  const list = signals[m.replica] = signals[m.replica] || [];
  list.push(m);
  if (list.length > 180) list.shift();
  renderMetrics();
}

const renderMetrics = coalesced(() => {
  const readout = $('#metrics-readout');
  const running = Object.entries(signals);
  readout.classList.toggle('muted', running.length === 0);
  if (!running.length) readout.textContent = 'no replica answers /metrics yet';
  else readout.replaceChildren(...running.map(([id, xs]) => {
    const x = xs[xs.length - 1];
    return el('div', {class: x.scrape_error ? 'failed' : '', 'data-replica': id}, id + ': ' + (x.scrape_error ? x.scrape_error
      : num(x.requests_per_s, ' req/s') + ' · p50 ' + num(x.p50_ms, ' ms') + ' · p99 ' + num(x.p99_ms, ' ms') + ' · errors '
        + num(x.errors_per_s, '/s') + (x.queue_depth !== undefined ? ' · queue ' + num(x.queue_depth) : '')
        + (x.batch_size !== undefined ? ' · batch ' + num(x.batch_size) : '') + (x.ready === false ? ' · not ready' : '')));
  }));
  if (!window.echarts) return;
  if (!metricsChart) metricsChart = echarts.init($('#metrics-chart'), chartTheme(), {renderer: 'canvas'});
  const series = [];
  Object.entries(signals).forEach(([id, xs]) => {
    series.push(line(id + ' req/s', xs.map(x => [x.at, x.requests_per_s ?? null])));
    series.push(line(id + ' p99 ms', xs.map(x => [x.at, x.p99_ms ?? null]), {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
    if (xs.some(x => x.queue_depth !== undefined)) {
      series.push(line(id + ' queue', xs.map(x => [x.at, x.queue_depth ?? null]), {xAxisIndex: 1, yAxisIndex: 2}));
      series.push(line(id + ' batch', xs.map(x => [x.at, x.batch_size ?? null]), {xAxisIndex: 1, yAxisIndex: 2, lineStyle: {type: 'dotted'}}));
    }
  });
  drawWithLegend(metricsChart, {
    animation: false, tooltip: {trigger: 'axis'},
    grid: [{left: 40, right: 40, top: 30, height: '35%'}, {left: 40, right: 40, bottom: 32, height: '28%'}],
    xAxis: [{type: 'time', gridIndex: 0, axisLabel: {show: false}},
      Object.assign({}, TIME_AXIS, {gridIndex: 1, axisLabel: Object.assign({fontSize: 9}, TIME_AXIS.axisLabel)})],
    yAxis: [{type: 'value', gridIndex: 0, name: 'req/s', axisLabel: {fontSize: 9}},
      {type: 'value', gridIndex: 0, name: 'p99 ms', splitLine: {show: false}, axisLabel: {fontSize: 9}},
      {type: 'value', gridIndex: 1, name: 'queue · batch', axisLabel: {fontSize: 9}}],
    series
  });
}, 1000);

export function onLog(l) {
  const pre = $('#logs');
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  pre.appendChild(document.createTextNode('[' + l.replica + '] ' + l.text + '\n'));
  while (pre.childNodes.length > 400) pre.removeChild(pre.firstChild);
  if (atBottom) pre.scrollTop = pre.scrollHeight;
}

/** A new history replaces what the panel showed. */
export function reset() {
  Object.keys(replicas).forEach(k => delete replicas[k]);
  Object.keys(samples).forEach(k => delete samples[k]);
  Object.keys(signals).forEach(k => delete signals[k]);
  $('#logs').replaceChildren();
}

export function rendered() {
  render();
}

async function act(box, action) {
  const err = $('.service-error');
  err.hidden = true;
  try {
    await send('POST', '/api/services/' + box.dataset.service + '/' + action);
  } catch (e) {
    err.textContent = box.dataset.service + ': ' + e.message;
    err.hidden = false;
  }
}

export function wireControls() {
  $$('.service button').forEach(b => b.addEventListener('click', () => act(b.closest('.service'), b.dataset.action)));
  $$('.service .scale').forEach(input => input.addEventListener('change',
    () => act(input.closest('.service'), 'scale?replicas=' + encodeURIComponent(input.value))));
}

export function resizeChart() {
  if (resourceChart) resourceChart.resize();
  if (metricsChart) metricsChart.resize();
}
