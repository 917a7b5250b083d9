// The guide's bash blocks: a Run button beside Copy on each (the page sends only the block's id, never
// its text), a terminal pane under it with the output as it streams, then the exit code and duration.
// The latest run of each block comes with the page and stays after a reload.
import {$, $$, el, fmt, localTime} from './dom.js';
import {send} from './api.js';

const panes = {};
let running = null;

function pane(id) {
  if (panes[id]) return panes[id];
  const pre = $('pre[data-block="' + CSS.escape(id) + '"]');
  if (!pre) return null;
  const box = el('div', {class: 'block-run', id: 'block-' + id, 'data-block': id});
  const bar = el('div', {class: 'block-bar'});
  const run = el('button', {type: 'button', class: 'run-block small'}, 'Run');
  const cancel = el('button', {type: 'button', class: 'cancel-block small secondary', hidden: ''}, 'Cancel');
  const status = el('span', {class: 'block-status muted'}, 'not run yet');
  bar.append(run, cancel, status);
  const out = el('pre', {class: 'terminal', hidden: ''});
  box.append(bar, out);
  pre.after(box);
  run.addEventListener('click', () => start(id));
  cancel.addEventListener('click', () => send('POST', '/api/blocks/cancel').catch(e => setStatus(panes[id], 'failed', e.message)));
  panes[id] = {id, box, run, cancel, status, out};
  return panes[id];
}

function setStatus(p, kind, text) {
  p.status.className = 'block-status ' + kind;
  p.status.textContent = text;
}

function write(p, text) {
  const atBottom = p.out.scrollTop + p.out.clientHeight >= p.out.scrollHeight - 4;
  p.out.hidden = false;
  p.out.appendChild(document.createTextNode(text));
  if (atBottom) p.out.scrollTop = p.out.scrollHeight;
}

function describe(run) {
  const took = run.duration_s !== undefined && run.duration_s !== null ? ' after ' + fmt(run.duration_s) + ' s' : '';
  switch (run.status) {
    case 'SUCCEEDED': return ['ok', 'exit 0' + took];
    case 'FAILED': return ['failed', (run.exit_code !== undefined ? 'exit ' + run.exit_code : 'failed') + took];
    case 'TIMED_OUT': return ['failed', 'stopped: out of time' + took];
    case 'CANCELLED': return ['failed', 'cancelled' + took];
    case 'INTERRUPTED': return ['failed', 'interrupted: the portal stopped while it ran'];
    default: return ['running', 'running…'];
  }
}

function show(p, run) {
  p.out.replaceChildren();
  if (run.dropped) write(p, '… (' + run.dropped + ' earlier characters not kept)\n');
  if (run.output) write(p, run.output);
  const [kind, text] = describe(run);
  setStatus(p, kind, text + ' · ' + localTime(run.finished_at || run.started_at));
}

function setRunning(id) {
  running = id;
  Object.values(panes).forEach(p => {
    p.run.disabled = id !== null || !!p.unrunnable;
    p.cancel.hidden = p.id !== id;
  });
}

async function start(id) {
  const p = panes[id];
  try {
    await send('POST', '/api/blocks/' + encodeURIComponent(id) + '/runs');
  } catch (e) {
    setStatus(p, 'failed', 'could not start: ' + e.message);
  }
}

/** A block this portal cannot run (a program or file it needs is missing here): it says what, and Run stays off. */
function cannotRun(p, lacks) {
  p.run.disabled = true;
  p.unrunnable = true;
  p.box.appendChild(el('p', {class: 'cannot-run failed'}, 'This portal cannot run this block here: it needs ' + lacks.join(', ')
    + '. Run it in a terminal on a machine that has them (the repository\'s root, the lab\'s JDK first on PATH).'));
}

export function wireBlocks(stored, unrunnable) {
  $$('pre[data-block]').forEach(pre => pane(pre.dataset.block));
  Object.entries(unrunnable || {}).forEach(([id, lacks]) => { const p = pane(id); if (p) cannotRun(p, lacks); });
  Object.values(stored || {}).forEach(run => { const p = pane(run.block); if (p) show(p, run); });
}

export function onBlockEvent(ev) {
  const p = pane(ev.block);
  if (!p) return;
  if (ev.type === 'block-started') {
    p.out.replaceChildren();
    p.out.hidden = false;
    setStatus(p, 'running', 'running…');
    setRunning(ev.block);
  } else if (ev.type === 'block-output') {
    if (running !== ev.block) setRunning(ev.block);
    write(p, ev.text);
  } else if (ev.type === 'block-finished') {
    const [kind, text] = describe(ev.run);
    setStatus(p, kind, text);
    setRunning(null);
  }
}

/** While an experiment runs no block may start, and the other way round: the page shows it. */
export function setBlocksDisabled(disabled) {
  if (running) return;
  Object.values(panes).forEach(p => { p.run.disabled = disabled || !!p.unrunnable; });
}
