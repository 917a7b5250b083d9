// The class page: every learner's latest report, read from /api/class and read again whenever /live says
// a report arrived. Strips are drawn as small SVGs: a class of 200 with a hundred figures stays light.
import {$, el, fmt, localTime} from './dom.js';
import {connect} from './live.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320, HEIGHT = 26, PAD = 8;

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  return e;
}

function machine(m) {
  return m.cores + ' cores, ' + m.memory_gib.toFixed(1) + ' GiB, ' + m.runtime;
}

/** One row of dots on a common scale, the median as a bar; each dot names its learner and machine. */
function strip(points, median, key, unit) {
  const values = points.map(p => p[key]);
  const lo = Math.min(...values), hi = Math.max(...values);
  const x = v => hi === lo ? WIDTH / 2 : PAD + (v - lo) / (hi - lo) * (WIDTH - 2 * PAD);
  const s = svg('svg', {width: WIDTH, height: HEIGHT, viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, role: 'img',
    'aria-label': points.length + ' learners from ' + fmt(lo) + ' to ' + fmt(hi) + ' ' + unit + ', median ' + fmt(median)});
  s.append(svg('line', {x1: PAD, x2: WIDTH - PAD, y1: HEIGHT / 2, y2: HEIGHT / 2, class: 'axis'}));
  points.forEach((p, i) => {
    const dot = svg('circle', {cx: x(p[key]), cy: HEIGHT / 2 + ((i % 3) - 1) * 5, r: 4, class: 'dot'});
    const title = svg('title', {});
    title.textContent = p.learner + ': ' + fmt(p[key]) + ' ' + unit + ' (' + p.cores + ' cores, ' + p.memory_gib.toFixed(1) + ' GiB, ' + p.runtime + ')';
    dot.append(title);
    s.append(dot);
  });
  if (median !== null && median !== undefined) s.append(svg('rect', {x: x(median) - 1.5, y: 2, width: 3, height: HEIGHT - 4, class: 'median'}));
  return s;
}

function figureRow(f, group, changed) {
  const row = el('div', {class: 'figure-spread' + (changed ? ' changed' : ''), 'data-figure': f.experiment + ':' + f.figure});
  const name = el('div', {class: 'figure-name'});
  name.append(el('b', {}, f.label), el('span', {class: 'muted'}, ' ' + f.experiment + ' · ' + f.figure + (changed ? ' · changed parameters' : '')));
  const median = el('div', {class: 'figure-median'}, 'median ' + fmt(group.median) + ' ' + f.unit + ' · ' + group.points.length
    + (group.points.length === 1 ? ' learner' : ' learners'));
  row.append(name, median, strip(group.points, group.median, 'value', f.unit));
  if (f.per_core && group.median_per_core !== null) {
    row.append(el('div', {}), el('div', {class: 'figure-median muted'}, 'per core: median ' + fmt(group.median_per_core) + ' ' + f.unit),
      strip(group.points.filter(p => p.per_core !== null), group.median_per_core, 'per_core', f.unit + ' per core'));
  }
  return row;
}

function render(view) {
  const began = performance.now();
  $('#class-summary').textContent = view.learners.length + (view.learners.length === 1 ? ' learner' : ' learners') + ' · read '
    + localTime(view.generated_at);
  const learners = $('#learners tbody');
  learners.replaceChildren(...view.learners.map(l => {
    const tr = el('tr', {'data-learner': l.name});
    [l.name, machine(l.machine), l.machine.model, l.runs, l.checks_passed, l.checks_failed, l.steps_done + ' of ' + l.steps_total,
      localTime(l.received_at)].forEach((v, i) => tr.append(el(i === 0 ? 'th' : 'td', i === 0 ? {scope: 'row'} : {}, String(v))));
    if (l.checks_failed > 0) tr.classList.add('has-failed');
    return tr;
  }));
  const outliers = $('#outliers');
  outliers.replaceChildren(...(view.outliers.length ? view.outliers.map(o => el('li', {'data-rule': o.rule},
    o.learner + ': ' + o.explanation)) : [el('li', {class: 'muted'}, 'none: no learner is far from the class median where a rule explains why')]));
  const stalls = $('#stalls tbody');
  stalls.replaceChildren(...view.steps.map(s => {
    const tr = el('tr', {'data-step': s.step});
    tr.append(el('th', {scope: 'row'}, s.title), el('td', {}, String(s.done)), el('td', {}, String(s.skipped)),
      el('td', {class: s.stuck ? 'stuck' : ''}, String(s.stuck)), el('td', {}, String(s.not_yet)),
      el('td', {}, s.common_failure ? s.common_failure.check + ' (' + s.common_failure.learners + '): ' + s.common_failure.message : '—'));
    return tr;
  }));
  const figures = $('#figures');
  const rows = [];
  view.figures.forEach(f => {
    if (f.defaults.points.length) rows.push(figureRow(f, f.defaults, false));
    if (f.changed.points.length) rows.push(figureRow(f, f.changed, true));
  });
  figures.replaceChildren(...(rows.length ? rows : [el('p', {class: 'muted'}, 'No report yet.')]));
  // What lab-bench class reads back: how long drawing took, and when the page first showed the class.
  const body = document.body.dataset;
  body.learners = String(view.learners.length);
  body.drawMs = String(Math.round(performance.now() - began));
  if (!body.firstDrawMs) body.firstDrawMs = String(Math.round(performance.now()));
}

let pending = null;

async function refresh() {
  const asked = performance.now();
  const r = await fetch('/api/class', {credentials: 'same-origin'});
  if (r.ok) {
    const view = await r.json();
    if (!document.body.dataset.askedMs) {
      document.body.dataset.askedMs = String(Math.round(asked));
      document.body.dataset.readMs = String(Math.round(performance.now()));
    }
    render(view);
  }
  else $('#class-summary').textContent = 'could not read the class: HTTP ' + r.status;
}

/** Reports may arrive by the dozen: one read per half second at most. */
function soon() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; refresh(); }, 500);
}

// The page's one WebSocket, as the lab page has it (live.js: reconnects with backoff, shows #connection). Its
// history arrives on every (re)connect: after a reconnect the class is read again, as reports may have come.
let joined = false;
const ignore = () => {};

refresh();
connect({
  reset: ignore, run: ignore, block: ignore,
  historyDone: () => { if (joined) soon(); joined = true; },
  class: soon
});
