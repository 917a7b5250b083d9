'use strict';
// The lab page: one WebSocket (/live) for everything that happens, fetch with the CSRF cookie for
// everything the learner changes. Nothing polls; charts are drawn from the same evidence shape the
// server stores, so a live run and a stored run look the same.
import {$} from './dom.js';
import {onRunEvent, onRunMetrics, resizeCharts, showStoredRuns, whenRunFinishes} from './experiments.js';
import {onLog, onMetrics, onSample, onState, rendered, reset, resizeChart, wireControls} from './services.js';
import {refreshCost, renderStanding, wireAnswers, wireCleanup, wireCostAndReport} from './progress.js';
import {onBlockEvent, wireBlocks, wireStepRuns} from './blocks.js';
import {noteRun, wireKubernetes} from './kubernetes.js';
import {wireGuide} from './guide.js';
import {onStanding, wireGuided} from './guided.js';
import {wireTerminal} from './terminal.js';
import {connect} from './live.js';
import {setSchemas} from './schemas.js';

function showModel(info) {
  $('#model-name').textContent = info.label || info.model;
  const pct = v => (v !== null && v !== undefined && v >= 0 ? (100 * v).toFixed(1) + ' %' : 'not measured');
  // The figure that compares with DistilBERT-SST-2 is the one on SST-2's validation set; the lab's own test
  // split shares its training data's templates, so it says how well the model fits, not how well it transfers.
  const accuracy = info.test_accuracy !== undefined
    ? ' Measured accuracy on SST-2 validation: ' + pct(info.sst2_dev_accuracy) + ' (on the lab\'s own test split '
      + pct(info.test_accuracy) + ').' : '';
  $('#model-note').textContent = info.note ? info.note + accuracy : (info.fallback_reason || '');
}

const state = JSON.parse($('#page-state').dataset.state);
let memoryMeasured = state.cost_ready;
setSchemas(state.schemas);

const standingChanged = standing => { renderStanding(standing); onStanding(standing); };
wireGuide();
wireBlocks(state.blocks, state.unrunnable);
wireStepRuns(state.unrunnable);
wireControls();
wireCleanup();
wireKubernetes(state.runs);
wireAnswers();
wireCostAndReport(() => memoryMeasured);
showStoredRuns(state.runs);
standingChanged(state.standing);
// Guided mode shows one step at a time; a chart drawn while its step was hidden takes its size when shown.
wireGuided(() => { resizeCharts(); resizeChart(); });
wireTerminal();
showModel(state.model);
refreshCost(memoryMeasured);
// The header, the steps and the checklist redraw from the standing the server pushes after every change.
whenRunFinishes(run => {
  noteRun(run);
  if (run.experiment === 'resources' && run.measured) memoryMeasured = true;
  refreshCost(memoryMeasured);
});
connect({
  reset, historyDone: rendered, state: onState, sample: onSample, log: onLog, run: onRunEvent, block: onBlockEvent,
  standing: ev => standingChanged(ev.standing),
  metrics: ev => { onMetrics(ev); onRunMetrics(ev); },
  model: ev => { if (ev.info.known) showModel(ev.info); } // keep what the page knew until ml-api answers
});
// The sticky header's height (it wraps on narrow windows): the contents and anchored sections keep clear of it.
const headerHeight = () => document.documentElement.style.setProperty('--header-h', $('header.top').offsetHeight + 'px');
headerHeight();
window.addEventListener('resize', () => { headerHeight(); resizeCharts(); resizeChart(); });
