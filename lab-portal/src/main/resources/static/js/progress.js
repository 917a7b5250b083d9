// The learner's standing (checklist and the header's counts, both as the server judged them), the
// answers saved as typed, the cost panel and the report's import.
import {$, $$, el, fmt, localTime, sourceLine} from './dom.js';
import {send} from './api.js';

/** Each step's check beside its title and in the contents, from the server's judgement. */
function renderSteps(steps) {
  const ul = $('#checklist-items');
  const li = el('li', {class: steps.every(s => s.done) ? 'earned' : 'open', 'data-criterion': 'steps'});
  li.appendChild(el('span', {class: 'tick'}, steps.every(s => s.done) ? '✔' : '○'));
  li.appendChild(el('b', {}, ' Every step of the guide done'));
  const items = el('ul');
  steps.forEach(s => {
    const item = el('li', {class: s.done ? 'ok' : 'missing', 'data-step': s.step});
    item.appendChild(el('a', {href: s.href}, s.title));
    item.appendChild(document.createTextNode(': ' + (s.done ? s.detail : (s.skipped ? 'skipped — ' : '') + s.claim + ' — ' + s.detail)));
    items.appendChild(item);
    const badge = $('.step-check[data-step="' + CSS.escape(s.step) + '"]');
    if (badge) {
      badge.className = 'step-check ' + (s.done ? 'done' : s.skipped ? 'open skipped' : 'open');
      $('.state', badge).textContent = s.done ? '✔ done' : s.skipped ? 'skipped, not done' : 'not done';
      $('.detail', badge).textContent = s.done ? '' : '(' + s.detail + ')';
    }
    const toc = $('.toc li[data-step="' + CSS.escape(s.step) + '"] .step-tick');
    if (toc) {
      toc.textContent = s.done ? '✔' : s.skipped ? '↷' : '○';
      toc.title = s.done ? 'done' : s.skipped ? 'skipped' : 'not done';
    }
  });
  li.appendChild(items);
  ul.appendChild(li);
}

export function renderStanding(standing) {
  const ul = $('#checklist-items');
  ul.replaceChildren();
  renderSteps(standing.steps);
  standing.checklist.forEach(t => {
    const li = el('li', {class: t.earned ? 'earned' : 'open', 'data-criterion': t.criterion});
    li.appendChild(el('span', {class: 'tick'}, t.earned ? '✔' : '○'));
    li.appendChild(el('b', {}, ' ' + t.title));
    const items = el('ul');
    t.items.forEach(e => {
      const item = el('li', {class: e.state});
      item.appendChild(el('a', {href: e.href}, e.kind + ' ' + e.id));
      item.appendChild(document.createTextNode(': ' + e.detail));
      items.appendChild(item);
    });
    li.appendChild(items);
    ul.appendChild(li);
  });
  const s = standing.summary;
  $('#steps-done').textContent = String(s.steps_done);
  $('#steps-total').textContent = String(s.steps_total);
  $('#earned').textContent = String(s.criteria_earned);
  $('#criteria').textContent = String(s.criteria_total);
  $('#experiments-passed').textContent = String(s.experiments_passed);
  $('#experiments-total').textContent = String(s.experiments_total);
  $('#answered').textContent = String(s.answered);
  $('#questions-total').textContent = String(s.questions_total);
  $('#progress-fill').style.width = (s.criteria_total ? 100 * s.criteria_earned / s.criteria_total : 0) + '%';
}

export function wireAnswers() {
  $$('textarea[data-question]').forEach(area => {
    const state = area.parentElement.querySelector('.save-state');
    let timer = null;
    let saved = area.value;
    const save = async () => {
      clearTimeout(timer);
      const text = area.value;
      if (text === saved) return;
      state.textContent = 'saving…';
      try {
        const r = await send('PUT', '/api/answers/' + encodeURIComponent(area.dataset.question), text, 'text/plain;charset=UTF-8');
        saved = text;
        state.textContent = 'saved';
        renderStanding(r.standing);
      } catch (e) {
        state.textContent = 'not saved: ' + e.message;
        timer = setTimeout(save, 5000);
      }
    };
    area.addEventListener('input', () => { clearTimeout(timer); state.textContent = 'typing…'; timer = setTimeout(save, 600); });
    area.addEventListener('blur', save);
  });
}

/** The cost panel; before Experiment 3 has measured memory it says so instead of asking. */
export function refreshCost(measured) {
  const out = $('#cost-result');
  if (!measured || !out) return;
  const params = new URLSearchParams(new FormData($('#cost-form')));
  fetch('/api/cost?' + params).then(async r => {
    const j = await r.json();
    out.replaceChildren();
    if (!r.ok) { out.appendChild(el('p', {class: 'muted'}, j.message)); return; }
    const m = j.measured;
    out.appendChild(el('p', {}, 'Measured: ml-api ' + fmt(m.ml_rss_mb) + ' MB, traditional-api ' + fmt(m.traditional_rss_mb)
      + ' MB per replica' + (m.cold_start_gap_s !== null && m.cold_start_gap_s !== undefined
        ? ', cold-start gap ' + fmt(m.cold_start_gap_s) + ' s.' : '; run Experiment 5 for the cold-start gap.')));
    const from = el('ul', {class: 'sources'});
    (j.sources || []).forEach(src => from.appendChild(el('li', {}, sourceLine(src))));
    out.appendChild(from);
    const table = el('table', {class: 'cost-table'});
    const head = el('tr');
    ['scenario', 'GB-hours/day', 'per day', 'per 30 days', 'at the spike'].forEach(h => head.appendChild(el('th', {}, h)));
    table.appendChild(head);
    j.scenarios.forEach(s => {
      const tr = el('tr');
      [s.name, fmt(s.gb_hours_per_day), s.cost_per_day.toFixed(4), s.cost_per_30_days.toFixed(2), s.at_spike].forEach(v => tr.appendChild(el('td', {}, v)));
      table.appendChild(tr);
    });
    out.appendChild(table);
  }).catch(() => {});
}

/** The cleanup button (Step 10): what it did and what it could not, in its own words. */
export function wireCleanup() {
  const button = $('#cleanup');
  if (!button) return;
  button.addEventListener('click', async () => {
    const report = $('#cleanup-report');
    report.replaceChildren(el('li', {}, 'cleaning up…'));
    button.disabled = true;
    try {
      const r = await send('POST', '/api/cleanup?progress=' + $('#cleanup-progress').checked);
      report.replaceChildren(...r.done.map(d => el('li', {}, d)), ...r.problems.map(p => el('li', {class: 'failed'}, p)));
      if (!r.done.length && !r.problems.length) report.replaceChildren(el('li', {}, 'nothing to clean up'));
    } catch (e) {
      report.replaceChildren(el('li', {class: 'failed'}, 'not cleaned up: ' + e.message));
    } finally {
      button.disabled = false;
    }
  });
}

export function wireCostAndReport(costMeasured) {
  let costTimer = null;
  const form = $('#cost-form'); // the cost panel sits in the step content/lab.yaml places it in, if any
  if (form) form.addEventListener('input', () => { clearTimeout(costTimer); costTimer = setTimeout(() => refreshCost(costMeasured()), 300); });
  wireClassSend();
  $('#report-import').addEventListener('change', async e => {
    const file = e.target.files[0];
    if (!file) return;
    const state = $('#import-state');
    try {
      const r = await send('POST', '/api/report', await file.text());
      state.textContent = 'imported ' + r.imported_runs + ' runs; reloading…';
      setTimeout(() => location.reload(), 800);
    } catch (err) {
      state.textContent = 'not imported: ' + err.message;
    }
  });
}

/** "Send to my class": the portal posts its report to the class portal; the form remembers what was typed. */
function wireClassSend() {
  const form = $('#class-send');
  if (!form) return;
  const state = $('#class-send-state');
  ['url', 'code', 'name'].forEach(k => { form.elements[k].value = localStorage.getItem('class-' + k) || ''; });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const to = {url: form.elements.url.value, code: form.elements.code.value, name: form.elements.name.value};
    ['url', 'code', 'name'].forEach(k => localStorage.setItem('class-' + k, to[k]));
    const button = $('button', form);
    button.disabled = true;
    state.textContent = 'sending…';
    try {
      const r = await send('POST', '/api/class/send', JSON.stringify(to));
      state.textContent = 'Sent to ' + r.to + ' as ' + r.learner + ' at ' + localTime(r.sent_at) + ': ' + r.runs + ' runs, ' + r.answers
        + ' answers (' + r.bytes + ' bytes). The class judged ' + r.receipt.checks_passed + ' checks passed and ' + r.receipt.checks_failed
        + ' failed; ' + r.receipt.learners_in_class + ' learners have sent so far.';
    } catch (err) {
      state.textContent = 'not sent: ' + err.message;
    } finally {
      button.disabled = false;
    }
  });
}
