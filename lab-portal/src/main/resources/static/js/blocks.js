// The guide's bash blocks: a Run button beside Copy on each (the page sends only the block's id, never
// its text), a terminal pane under it with the output as it streams, then the exit code and duration.
// The latest run of each block comes with the page and stays after a reload. "Run this step" runs a step's
// blocks in order on the server, which stops at the first that fails; the step says where it stopped.
import {$, $$, el, fmt, localTime} from './dom.js';
import {send} from './api.js';

const panes = {};
const stepRuns = {};
let running = null;
let stepRun = null; // {step, blocks} while Run this step runs

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
  const out = el('pre', {class: 'terminal', hidden: '', tabindex: '0', 'aria-label': 'output of block ' + id});
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
  Object.values(stepRuns).forEach(s => s.buttons.forEach(b => { b.disabled = id !== null || s.unrunnable; }));
}

function setStepStatus(step, kind, text, block) {
  const s = stepRuns[step];
  if (!s) return;
  s.status.className = 'step-run-status ' + kind;
  s.status.replaceChildren(document.createTextNode(text));
  if (block) {
    s.status.append(' ', el('a', {href: '#block-' + block}, 'see block ' + block));
  }
}

/**
 * Run this step's button and its line, on each step with blocks (and the solution's button, which runs the
 * same blocks); off when one of its blocks cannot run here.
 */
export function wireStepRuns(unrunnable) {
  $$('.step-run button.run-step').forEach(top => {
    const step = top.dataset.step;
    const status = top.parentElement.querySelector('.step-run-status');
    const buttons = $$('button.run-step[data-step="' + CSS.escape(step) + '"]');
    const blocked = $$('pre[data-block]', top.closest('section')).map(p => p.dataset.block).filter(b => (unrunnable || {})[b]);
    stepRuns[step] = {buttons, status, unrunnable: blocked.length > 0};
    if (blocked.length) {
      buttons.forEach(b => { b.disabled = true; });
      setStepStatus(step, 'failed', 'cannot run here: block ' + blocked.join(', ') + ' needs what this machine lacks (see below)');
    }
    buttons.forEach(button => button.addEventListener('click', async () => {
      setStepStatus(step, 'running', 'starting…');
      try {
        await send('POST', '/api/steps/' + encodeURIComponent(step) + '/runs');
      } catch (e) {
        setStepStatus(step, 'failed', 'could not start: ' + e.message);
      }
    }));
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

function onStepEvent(ev) {
  if (ev.type === 'step-started') {
    stepRun = {step: ev.step, blocks: ev.blocks};
    setStepStatus(ev.step, 'running', 'running block 1 of ' + ev.blocks.length + '…');
    setRunning(ev.blocks[0]);
  } else if (ev.type === 'step-finished') {
    stepRun = null;
    if (ev.status === 'SUCCEEDED') {
      setStepStatus(ev.step, 'ok', 'all ' + ev.of + ' blocks ran, each to exit 0');
    } else {
      const stopped = panes[ev.stopped_at];
      const [, how] = describe({status: ev.status, exit_code: stopped && stopped.exit != null ? stopped.exit : undefined});
      const left = ev.of - ev.ran;
      setStepStatus(ev.step, 'failed', 'stopped at block ' + ev.stopped_at + ' (' + how + ', block ' + ev.ran + ' of ' + ev.of + ')'
        + (left ? ': the ' + (left === 1 ? 'block' : left + ' blocks') + ' after it did not run.' : '.'), ev.stopped_at);
    }
    setRunning(null);
  }
}

export function onBlockEvent(ev) {
  if (ev.type.startsWith('step-')) { onStepEvent(ev); return; }
  if (stepRun && ev.type === 'block-started' && stepRun.blocks.includes(ev.block)) {
    setStepStatus(stepRun.step, 'running', 'running block ' + ev.block + ' (' + (stepRun.blocks.indexOf(ev.block) + 1) + ' of '
      + stepRun.blocks.length + ')…');
  }
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
  } else if (ev.type === 'block-typed') {
    show(p, ev.run); // typed in the terminal: no Run button was pressed, nothing else changes
  } else if (ev.type === 'block-finished') {
    const [kind, text] = describe(ev.run);
    p.exit = ev.run.exit_code;
    setStatus(p, kind, text);
    if (!stepRun) setRunning(null);
  }
}

/** While an experiment runs no block may start, and the other way round: the page shows it. */
export function setBlocksDisabled(disabled) {
  if (running) return;
  Object.values(panes).forEach(p => { p.run.disabled = disabled || !!p.unrunnable; });
  Object.values(stepRuns).forEach(s => s.buttons.forEach(b => { b.disabled = disabled || s.unrunnable; }));
}

/** Runs a block as its Run button would (the keyboard's r), if it may run now. */
export function runBlock(id) {
  const p = panes[id];
  if (p && !p.run.disabled) p.run.click();
}

/** Whether the block's latest run here exited 0. */
export function succeeded(id) {
  return !!panes[id] && panes[id].status.classList.contains('ok');
}
