// The Services panel: each replica's state with its latest CPU and memory, a live resource chart,
// the log stream, and the learner's controls.
import {$, $$, el} from './dom.js';
import {send} from './api.js';
import {line} from './charts.js';

const replicas = {};
const samples = {};
let resourceChart = null;

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
    delete samples[s.replica]; // the live chart shows the replicas running now
    const box = $('.service[data-service="' + CSS.escape(s.service) + '"]');
    if (box) box.dataset.lastExit = s.replica + ' exited' + (s.exit_code !== undefined ? ' with code ' + s.exit_code : '')
      + (s.oom_killed ? ' (OOM-killed)' : '');
  } else {
    replicas[s.replica] = s;
  }
  render();
}

export function onSample(s) {
  const list = samples[s.replica] = samples[s.replica] || [];
  list.push(s);
  if (list.length > 180) list.shift();
  render();
  if (!window.echarts) return;
  if (!resourceChart) resourceChart = echarts.init($('#resource-chart'));
  const series = [];
  Object.entries(samples).forEach(([id, xs]) => {
    series.push(line(id + ' MB', xs.map(x => [x.at, x.rss_mb])));
    series.push(line(id + ' CPU %', xs.map(x => [x.at, x.cpu_pct]), {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
  });
  resourceChart.setOption({
    animation: false, tooltip: {trigger: 'axis'}, legend: {type: 'scroll', top: 0, textStyle: {fontSize: 10}},
    grid: {left: 40, right: 40, top: 40, bottom: 25},
    xAxis: {type: 'time', axisLabel: {fontSize: 9}}, yAxis: [{type: 'value', name: 'MB', axisLabel: {fontSize: 9}},
      {type: 'value', name: 'CPU %', splitLine: {show: false}, axisLabel: {fontSize: 9}}],
    series
  }, true);
}

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
}
