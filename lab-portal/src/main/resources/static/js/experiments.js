// The experiment cards: Run/Cancel, live progress and points while a run goes, then its figures,
// notes and check verdicts; a stored run is drawn the same way.
import {$, $$, coalesced, el, fmt, localTime} from './dom.js';
import {send} from './api.js';
import {CHARTS, line} from './charts.js';
import {chartTheme, drawWithLegend, TIME_AXIS} from './chartframe.js';
import {append, pointCount} from './series.js';
import {setBlocksDisabled} from './blocks.js';
import {figureLabel} from './schemas.js';

const cards = {};
const empty = () => ({figures: {}, series: {}, notes: []});
let onFinished = () => {};

export function whenRunFinishes(callback) {
  onFinished = callback;
}

function card(id) {
  if (cards[id]) return cards[id];
  const root = $('#experiment-' + CSS.escape(id));
  if (!root) return null;
  const c = {id, root, evidence: empty(), chart: null, pending: false};
  cards[id] = c;
  $('.run', root).addEventListener('click', () => startRun(c));
  $('.cancel', root).addEventListener('click', () => send('POST', '/api/experiments/cancel').catch(e => showFailure(c, e.message)));
  $('form.parameters', root).addEventListener('submit', e => { e.preventDefault(); startRun(c); }); // Enter in a field runs it
  const reset = $('.reset-parameters', root);
  if (reset) reset.addEventListener('click', () => $$('.parameters input', root).forEach(i => { i.value = i.dataset.default; }));
  return c;
}

/** Draws the card's chart now; while a run streams points, {@link redraw} does it twice a second at most. */
function draw(c) {
  if (!window.echarts || !CHARTS[c.id]) return;
  const box = $('.chart', c.root);
  box.classList.add('shown');
  if (!c.chart) c.chart = echarts.init(box, chartTheme(), {renderer: 'svg'});
  drawWithLegend(c.chart, CHARTS[c.id](c.evidence));
  box.dataset.points = String(pointCount(c.evidence));
}

function redraw(c) {
  c.redraw = c.redraw || coalesced(() => draw(c), 1000);
  c.redraw();
}

function showFailure(c, message) {
  const f = $('.failure', c.root);
  f.textContent = message;
  f.hidden = !message;
}

function setStatus(c, status) {
  const s = $('.run-status', c.root);
  s.className = 'run-status ' + status;
  s.textContent = status === 'NOT_RUN' ? 'not run yet' : status;
}

function renderRun(c, run) {
  c.evidence = run.evidence || empty();
  setStatus(c, run.status);
  showFailure(c, run.failure ? 'The run ended: ' + run.failure : '');
  const notes = $('.notes', c.root);
  notes.replaceChildren(...(c.evidence.notes || []).map(n => el('li', {}, n)));
  const figures = $('.figures', c.root);
  figures.replaceChildren();
  const entries = Object.entries(c.evidence.figures);
  if (entries.length) {
    const table = el('table');
    table.appendChild(el('caption', {}, 'Run ' + run.id + ' · ' + localTime(run.finished_at || run.started_at) + ' · ' + run.runtime
      + (run.model ? ' · ml-api model: ' + run.model : '')));
    entries.forEach(([k, v]) => {
      const tr = el('tr');
      tr.appendChild(el('th', {title: k}, figureLabel(c.id, k)));
      tr.appendChild(el('td', {'data-figure': k, 'data-value': v === null || v === undefined ? '' : String(v)}, fmt(v)));
      table.appendChild(tr);
    });
    figures.appendChild(table);
  }
  (run.checks || []).forEach(k => {
    const li = $('.checks li[data-check="' + CSS.escape(k.check) + '"]', c.root);
    if (!li) return;
    // Not applicable (what the check claims could not happen in this run) and not measured are neither a pass nor a fail.
    const verdict = {PASSED: ['pass', 'PASS'], FAILED: ['fail', 'FAIL'], NOT_APPLICABLE: ['not-applicable', 'N/A'],
      NOT_MEASURED: ['not-measured', 'NOT MEASURED']}[k.outcome || (k.passed ? 'PASSED' : 'FAILED')];
    li.className = verdict[0];
    $('.verdict', li).textContent = verdict[1];
    $('.message', li).textContent = k.message;
  });
  c.root.dataset.runId = run.id;
  showParameters(c, run.parameters);
  // A claim stands beside a measurement only when both are about the same model; otherwise the cell
  // says what was measured instead, and nothing is compared.
  $$('.references tr[data-figure]', c.root).forEach(tr => {
    const v = c.evidence.figures[tr.dataset.figure];
    const mine = $('.mine', tr);
    const measured = v === undefined || v === null ? null : fmt(v) + ' ' + tr.dataset.unit;
    const same = tr.dataset.model !== 'distilbert' || run.ml_model === 'distilbert';
    tr.classList.toggle('not-compared', measured !== null && !same);
    mine.textContent = measured === null ? 'not measured'
      : same ? measured : measured + ' — ' + (run.model || 'another model') + ', not DistilBERT: not compared';
  });
  if (Object.keys(c.evidence.series).length) draw(c);
}

/** The parameters the run used; the ones the learner changed from the content's are marked. */
function showParameters(c, used) {
  const line = $('.used-parameters', c.root);
  if (!used) { line.textContent = ''; return; }
  line.replaceChildren(document.createTextNode('This run used: '));
  Object.entries(used).forEach(([k, v]) => {
    const input = $('.parameters input[name="' + CSS.escape(k) + '"]', c.root);
    const changed = input && Number(input.dataset.default) !== Number(v);
    line.appendChild(el('span', {class: changed ? 'changed' : '', 'data-parameter': k}, k + ' = ' + (Array.isArray(v) ? v.join(', ') : v)));
  });
}

/** The learner's changes to the editable parameters: only those that differ from the content's values. */
function changedParameters(c) {
  const changes = {};
  $$('.parameters input', c.root).forEach(i => {
    // an empty default is "as configured": any number typed there is a change, 0 included
    if (i.value !== '' && (i.dataset.default === '' || Number(i.value) !== Number(i.dataset.default))) changes[i.name] = Number(i.value);
  });
  return changes;
}

function setRunning(id, running) {
  $$('.experiment').forEach(x => {
    $('.run', x).disabled = running;
    $('.cancel', x).hidden = !(running && x.dataset.experiment === id);
  });
  setBlocksDisabled(running);
}

async function startRun(c) {
  showFailure(c, '');
  try {
    await send('POST', '/api/experiments/' + encodeURIComponent(c.id) + '/runs', JSON.stringify({parameters: changedParameters(c)}));
  } catch (e) {
    showFailure(c, 'Could not start: ' + e.message);
  }
}

export function onRunEvent(ev) {
  const c = card(ev.experiment);
  if (!c) return;
  const bar = $('.progress .fill', c.root);
  if (ev.type === 'run-started') {
    active = c.id;
    c.signals = [];
    c.evidence = empty();
    $('.figures', c.root).replaceChildren();
    $('.notes', c.root).replaceChildren();
    $$('.checks li', c.root).forEach(li => { li.className = 'pending'; $('.verdict', li).textContent = '…'; $('.message', li).textContent = ''; });
    showFailure(c, '');
    setStatus(c, 'RUNNING');
    bar.style.width = '0%';
    $('.progress-line', c.root).textContent = 'starting…';
    setRunning(c.id, true);
  } else if (ev.type === 'run-progress') {
    active = c.id;
    bar.style.width = Math.round(100 * ev.fraction) + '%';
    $('.progress-line', c.root).textContent = ev.message;
    setStatus(c, 'RUNNING');
    setRunning(c.id, true);
  } else if (ev.type === 'run-point') {
    append(c.evidence, ev.series, ev.columns, ev.row);
    redraw(c);
  } else if (ev.type === 'run-finished') {
    if (active === c.id) active = null;
    bar.style.width = '100%';
    $('.progress-line', c.root).textContent = '';
    renderRun(c, ev.run);
    setRunning(null, false);
    onFinished(ev.run);
  }
}

// While a run goes, its card also charts what ml-api's replicas report on /metrics: the queue filling,
// the batches growing. It is the live view; the stored run keeps what the experiment measured.
let active = null;

export function onRunMetrics(m) {
  if (!active || m.service !== 'ml-api' || m.scrape_error || !window.echarts) return;
  const c = cards[active];
  if (!c) return;
  c.signals = c.signals || [];
  c.signals.push(m);
  c.redrawSignals = c.redrawSignals || coalesced(() => drawSignals(c), 2000);
  c.redrawSignals();
}

function drawSignals(c) {
  const box = $('.signals-chart', c.root);
  box.hidden = false;
  if (!c.signalsChart) c.signalsChart = echarts.init(box, chartTheme(), {renderer: 'svg'});
  const byReplica = {};
  c.signals.forEach(x => (byReplica[x.replica] = byReplica[x.replica] || []).push(x));
  const series = [];
  Object.entries(byReplica).forEach(([id, xs]) => {
    series.push(line(id + ' queue depth', xs.map(x => [x.at, x.queue_depth ?? null])));
    series.push(line(id + ' mean batch', xs.map(x => [x.at, x.batch_size ?? null]), {lineStyle: {type: 'dotted'}}));
    series.push(line(id + ' p99 ms', xs.map(x => [x.at, x.p99_ms ?? null]), {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
  });
  drawWithLegend(c.signalsChart, {
    animation: false, tooltip: {trigger: 'axis'},
    grid: {left: 60, right: 60, top: 15, bottom: 35}, xAxis: TIME_AXIS,
    yAxis: [{type: 'value', name: 'queue · batch', nameLocation: 'middle', nameGap: 35},
      {type: 'value', name: 'p99 ms', nameLocation: 'middle', nameGap: 45, splitLine: {show: false}}], series
  });
}

/** The stored runs the page came with. */
export function showStoredRuns(runs) {
  $$('.experiment').forEach(x => card(x.dataset.experiment));
  Object.values(runs || {}).forEach(run => {
    const c = card(run.experiment);
    if (c) renderRun(c, run);
  });
}

export function resizeCharts() {
  Object.values(cards).forEach(c => c.chart && c.chart.resize());
}

// What each card holds now (live or stored), for the browser console and the browser tests.
window.labEvidence = id => (cards[id] ? cards[id].evidence : null);
