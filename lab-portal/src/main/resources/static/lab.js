'use strict';
// The lab page: one WebSocket (/live) for everything that happens, fetch with the CSRF cookie for
// everything the learner changes. Nothing polls; charts are redrawn from the same evidence shape the
// server stores, so a live run and a stored run look the same.
(function () {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const SERVICE_NAMES = {traditional: 'traditional-api', ml: 'ml-api'};

  // ---- requests ---------------------------------------------------------------------------------
  function csrfToken() {
    const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  async function send(method, url, body, type) {
    const headers = {'X-XSRF-TOKEN': csrfToken()};
    if (body !== undefined) headers['Content-Type'] = type || 'application/json';
    const r = await fetch(url, {method, headers, body, credentials: 'same-origin'});
    let json = null;
    try { json = await r.json(); } catch (e) { /* no body */ }
    if (!r.ok) {
      const why = json && json.message ? json.message : 'HTTP ' + r.status;
      throw new Error(r.status === 403 ? 'refused (' + why + '): reload the page' : why);
    }
    return json;
  }

  function fmt(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return 'not measured';
    if (Number.isInteger(v)) return String(v);
    return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- charts: one option builder per experiment, fed with {figures, series} --------------------
  const axisStyle = {splitLine: {lineStyle: {color: '#eee'}}};
  const line = (name, data, extra) => Object.assign({name, type: 'line', showSymbol: false, data}, extra || {});
  const rows = (ev, key) => ev.series[key] || [];

  const CHARTS = {
    startup(ev) {
      const bars = [];
      ['traditional', 'ml'].forEach(svc => rows(ev, svc + '.timeline').forEach((t, i) =>
        bars.push({name: SERVICE_NAMES[svc] + ' #' + (i + 1), t})));
      return {
        tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
        legend: {data: ['request → started', 'started → port open', 'port open → live', 'live → ready']},
        grid: {left: 20, right: 20, top: 40, bottom: 40, containLabel: true},
        xAxis: Object.assign({type: 'value', name: 's from start', nameLocation: 'middle', nameGap: 25}, axisStyle),
        yAxis: {type: 'category', data: bars.map(b => b.name), inverse: true},
        series: [
          {name: 'request → started', type: 'bar', stack: 't', data: bars.map(b => b.t[0])},
          {name: 'started → port open', type: 'bar', stack: 't', data: bars.map(b => b.t[1] - b.t[0])},
          {name: 'port open → live', type: 'bar', stack: 't', data: bars.map(b => b.t[2] - b.t[1])},
          {name: 'live → ready', type: 'bar', stack: 't', data: bars.map(b => b.t[3] - b.t[2])}
        ]
      };
    },
    resources(ev) {
      const series = [];
      ['traditional', 'ml'].forEach(svc => {
        series.push(line(SERVICE_NAMES[svc] + ' RSS MB', rows(ev, svc + '.rss_mb')));
        series.push(line(SERVICE_NAMES[svc] + ' CPU %', rows(ev, svc + '.cpu_pct'), {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
      });
      return {
        tooltip: {trigger: 'axis'}, legend: {}, grid: {left: 60, right: 60, top: 50, bottom: 40},
        xAxis: Object.assign({type: 'value', name: 's', nameLocation: 'middle', nameGap: 25}, axisStyle),
        yAxis: [Object.assign({type: 'value', name: 'RSS MB'}, axisStyle), {type: 'value', name: 'CPU %', splitLine: {show: false}}],
        series
      };
    },
    load(ev) {
      const series = [];
      ['traditional', 'ml', 'traditional.via_nginx', 'ml.via_nginx'].forEach(key => {
        const ps = rows(ev, key + '.per_second');
        if (!ps.length) return;
        const name = SERVICE_NAMES[key.split('.')[0]] + (key.includes('via_nginx') ? ' via nginx' : '');
        series.push(line(name + ' p99 ms', ps.map(r => [r[0], Math.max(r[4], 0.01)]), {xAxisIndex: 0, yAxisIndex: 0}));
        series.push(line(name + ' req/s', ps.map(r => [r[0], r[1]]), {xAxisIndex: 0, yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
      });
      const steps = rows(ev, 'ml.steps');
      series.push({name: 'ml-api p99 ms at rate', type: 'bar', xAxisIndex: 1, yAxisIndex: 2, data: steps.map(s => [String(s[0]), Math.max(s[1], 0.01)])});
      series.push(line('ml-api errors %', steps.map(s => [String(s[0]), s[2]]), {xAxisIndex: 1, yAxisIndex: 3, showSymbol: true}));
      return {
        tooltip: {trigger: 'axis'}, legend: {top: 0},
        grid: [{left: 60, right: 60, top: 60, height: '32%'}, {left: 60, right: 60, bottom: 40, height: '28%'}],
        xAxis: [Object.assign({type: 'value', gridIndex: 0, name: 's'}, axisStyle),
          {type: 'category', gridIndex: 1, name: 'ml-api offered req/s', nameLocation: 'middle', nameGap: 25}],
        yAxis: [Object.assign({type: 'log', gridIndex: 0, name: 'p99 ms'}, axisStyle), {type: 'value', gridIndex: 0, name: 'req/s', splitLine: {show: false}},
          Object.assign({type: 'log', gridIndex: 1, name: 'p99 ms'}, axisStyle), {type: 'value', gridIndex: 1, name: 'errors %', splitLine: {show: false}}],
        series
      };
    },
    health(ev) {
      return {
        tooltip: {trigger: 'axis'}, legend: {}, grid: {left: 60, right: 20, top: 50, bottom: 40},
        xAxis: Object.assign({type: 'value', name: 's', nameLocation: 'middle', nameGap: 25}, axisStyle),
        yAxis: Object.assign({type: 'value', name: 'HTTP status', min: -1, max: 600}, axisStyle),
        series: [
          line('/health', rows(ev, 'ml.health'), {step: 'end'}),
          line('/ready', rows(ev, 'ml.ready'), {step: 'end', lineStyle: {type: 'dashed'}}),
          {name: '/analyze (by send time)', type: 'scatter', symbolSize: 6, data: rows(ev, 'ml.analyze')}
        ]
      };
    },
    scaling(ev) {
      const series = [];
      ['ml.naive', 'ml.warm', 'traditional.naive'].forEach(key => {
        if (!ev.series[key + '.timeline'] && !ev.series[key + '.per_second']) return;
        const label = key.replace('ml.', 'ml-api ').replace('traditional.', 'traditional-api ');
        series.push(line(label + ' replicas in rotation', rows(ev, key + '.timeline'), {step: 'end'}));
        series.push(line(label + ' p99 ms', rows(ev, key + '.per_second').map(r => [r[0], Math.max(r[4], 0.01)]),
          {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
        series.push({name: label + ' errors/s', type: 'bar', yAxisIndex: 2, data: rows(ev, key + '.per_second').map(r => [r[0], r[2]])});
      });
      return {
        tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 110, top: 70, bottom: 40},
        xAxis: Object.assign({type: 'value', name: 's after the spike', nameLocation: 'middle', nameGap: 25}, axisStyle),
        yAxis: [Object.assign({type: 'value', name: 'replicas', minInterval: 1, max: 3}, axisStyle),
          {type: 'log', name: 'p99 ms', splitLine: {show: false}},
          {type: 'value', name: 'errors/s', offset: 55, splitLine: {show: false}}],
        series
      };
    }
  };

  // ---- experiment cards -------------------------------------------------------------------------
  const cards = {};

  function card(id) {
    if (cards[id]) return cards[id];
    const root = $('#experiment-' + CSS.escape(id));
    if (!root) return null;
    const c = {id, root, evidence: {figures: {}, series: {}}, chart: null, pending: false};
    cards[id] = c;
    $('.run', root).addEventListener('click', () => startRun(c));
    $('.cancel', root).addEventListener('click', () => send('POST', '/api/experiments/cancel').catch(e => showFailure(c, e.message)));
    return c;
  }

  function draw(c) {
    if (c.pending || !window.echarts || !CHARTS[c.id]) return;
    c.pending = true;
    requestAnimationFrame(() => {
      c.pending = false;
      const box = $('.chart', c.root);
      box.classList.add('shown');
      if (!c.chart) c.chart = echarts.init(box);
      c.chart.setOption(CHARTS[c.id](c.evidence), true);
      box.dataset.points = String(Object.values(c.evidence.series).reduce((n, s) => n + s.length, 0));
    });
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
    c.evidence = run.evidence || {figures: {}, series: {}};
    setStatus(c, run.status);
    showFailure(c, run.failure ? 'The run ended: ' + run.failure : '');
    const figures = $('.figures', c.root);
    figures.replaceChildren();
    const entries = Object.entries(c.evidence.figures);
    if (entries.length) {
      const table = el('table');
      table.appendChild(el('caption', {}, 'Run ' + run.id + ' · ' + (run.finished_at || run.started_at) + ' · ' + run.runtime
        + (run.model ? ' · ml-api model: ' + run.model : '')));
      entries.forEach(([k, v]) => {
        const tr = el('tr');
        tr.appendChild(el('th', {}, k));
        tr.appendChild(el('td', {'data-figure': k}, fmt(v)));
        table.appendChild(tr);
      });
      figures.appendChild(table);
    }
    (run.checks || []).forEach(k => {
      const li = $('.checks li[data-check="' + CSS.escape(k.check) + '"]', c.root);
      if (!li) return;
      li.className = k.passed ? 'pass' : 'fail';
      $('.verdict', li).textContent = k.passed ? 'PASS' : 'FAIL';
      $('.message', li).textContent = k.message;
    });
    c.root.dataset.runId = run.id;
    if (Object.keys(c.evidence.series).length) draw(c);
  }

  function setRunning(id, running) {
    $$('.experiment').forEach(x => {
      $('.run', x).disabled = running;
      $('.cancel', x).hidden = !(running && x.dataset.experiment === id);
    });
  }

  async function startRun(c) {
    showFailure(c, '');
    try {
      await send('POST', '/api/experiments/' + encodeURIComponent(c.id) + '/runs');
    } catch (e) {
      showFailure(c, 'Could not start: ' + e.message);
    }
  }

  function onRunEvent(ev) {
    const c = card(ev.experiment);
    if (!c) return;
    const bar = $('.progress .fill', c.root);
    if (ev.type === 'run-started') {
      c.evidence = {figures: {}, series: {}};
      $('.figures', c.root).replaceChildren();
      $$('.checks li', c.root).forEach(li => { li.className = 'pending'; $('.verdict', li).textContent = '…'; $('.message', li).textContent = ''; });
      showFailure(c, '');
      setStatus(c, 'RUNNING');
      bar.style.width = '0%';
      $('.progress-line', c.root).textContent = 'starting…';
      setRunning(c.id, true);
    } else if (ev.type === 'run-progress') {
      bar.style.width = Math.round(100 * ev.fraction) + '%';
      $('.progress-line', c.root).textContent = ev.message;
      setStatus(c, 'RUNNING');
      setRunning(c.id, true);
    } else if (ev.type === 'run-point') {
      (c.evidence.series[ev.series] = c.evidence.series[ev.series] || []).push(ev.row);
      draw(c);
    } else if (ev.type === 'run-finished') {
      bar.style.width = '100%';
      $('.progress-line', c.root).textContent = '';
      renderRun(c, ev.run);
      setRunning(null, false);
      refreshChecklist();
      refreshCost();
    }
  }

  // ---- services: replicas, resources, logs ------------------------------------------------------
  const replicas = {};
  const samples = {};
  let resourceChart = null;

  function renderReplicas() {
    $$('.service').forEach(box => {
      const mine = Object.values(replicas).filter(r => r.service === box.dataset.service);
      const list = $('.replicas', box);
      list.replaceChildren();
      list.classList.toggle('muted', mine.length === 0);
      if (!mine.length) list.textContent = box.dataset.lastExit || 'not running';
      mine.forEach(r => {
        const s = samples[r.replica];
        const last = s && s.length ? s[s.length - 1] : null;
        const b = el('span', {class: 'replica ' + r.state, 'data-replica': r.replica},
          r.replica + ' :' + r.port + ' ' + r.state + (last ? ' · ' + last.cpu_pct + '% CPU · ' + last.rss_mb + ' MB' : ''));
        list.appendChild(b);
      });
    });
  }

  function onState(s) {
    if (s.state === 'EXITED') {
      delete replicas[s.replica];
      delete samples[s.replica]; // the live chart shows the replicas running now
      const box = $('.service[data-service="' + CSS.escape(s.service) + '"]');
      if (box) box.dataset.lastExit = s.replica + ' exited' + (s.exit_code !== undefined ? ' with code ' + s.exit_code : '')
        + (s.oom_killed ? ' (OOM-killed)' : '');
    } else {
      replicas[s.replica] = s;
    }
    renderReplicas();
  }

  function onSample(s) {
    const list = samples[s.replica] = samples[s.replica] || [];
    list.push(s);
    if (list.length > 180) list.shift();
    renderReplicas();
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

  function onLog(l) {
    const pre = $('#logs');
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.appendChild(document.createTextNode('[' + l.replica + '] ' + l.text + '\n'));
    while (pre.childNodes.length > 400) pre.removeChild(pre.firstChild);
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }

  function onModel(info) {
    $('#model-name').textContent = info.model + (info.fallback ? ' — offline fallback, not DistilBERT-SST-2'
      : info.offline ? ' — offline model, not DistilBERT-SST-2' : '');
    const pct = v => v >= 0 ? (100 * v).toFixed(1) + ' %' : 'not measured';
    const accuracy = info.test_accuracy !== undefined
      ? ' Measured accuracy: ' + pct(info.test_accuracy) + ' on its test set, ' + pct(info.sst2_dev_accuracy) + ' on SST-2 dev.' : '';
    $('#model-note').textContent = info.note ? info.note + accuracy : (info.fallback_reason || '');
  }

  async function serviceAction(box, action) {
    const err = $('.service-error');
    err.hidden = true;
    try {
      await send('POST', '/api/services/' + box.dataset.service + '/' + action);
    } catch (e) {
      err.textContent = box.dataset.service + ': ' + e.message;
      err.hidden = false;
    }
  }

  $$('.service button').forEach(b => b.addEventListener('click', () => serviceAction(b.closest('.service'), b.dataset.action)));
  $$('.service .scale').forEach(input => input.addEventListener('change',
    () => serviceAction(input.closest('.service'), 'scale?replicas=' + encodeURIComponent(input.value))));

  // ---- the live stream --------------------------------------------------------------------------
  let retries = 0;

  function setConnected(on, text) {
    const b = $('#connection');
    b.className = 'badge ' + (on ? 'on' : 'off');
    b.textContent = text;
  }

  function dispatch(ev) {
    switch (ev.type) {
      case 'history':
        Object.keys(replicas).forEach(k => delete replicas[k]);
        Object.keys(samples).forEach(k => delete samples[k]);
        $('#logs').replaceChildren();
        ev.events.forEach(dispatch);
        renderReplicas();
        break;
      case 'state': onState(ev); break;
      case 'sample': onSample(ev); break;
      case 'log': onLog(ev); break;
      case 'model': if (ev.info.known !== false) onModel(ev.info); break; // keep what the page knew until ml-api answers
      default: if (ev.type.startsWith('run-')) onRunEvent(ev);
    }
  }

  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live');
    ws.onopen = () => { retries = 0; setConnected(true, 'live'); };
    ws.onmessage = m => dispatch(JSON.parse(m.data));
    ws.onclose = () => {
      const wait = Math.min(10000, 500 * 2 ** retries++);
      setConnected(false, 'disconnected — retrying in ' + Math.round(wait / 1000) + ' s');
      setTimeout(connect, wait);
    };
  }

  // ---- guide: copy buttons, hints ---------------------------------------------------------------
  $$('.markdown pre').forEach(pre => {
    const b = el('button', {type: 'button', class: 'copy small secondary'}, 'Copy');
    b.addEventListener('click', async () => {
      const text = pre.querySelector('code') ? pre.querySelector('code').innerText : pre.innerText;
      try {
        await navigator.clipboard.writeText(text);
      } catch (e) {
        const r = document.createRange();
        r.selectNodeContents(pre);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        document.execCommand('copy');
      }
      b.textContent = 'Copied';
      setTimeout(() => { b.textContent = 'Copy'; }, 1500);
    });
    pre.classList.add('with-copy');
    pre.appendChild(b);
  });
  $$('.hints').forEach(h => {
    const button = $('.reveal-hint', h);
    const update = () => {
      const left = $$('.hint[hidden]', h).length;
      button.hidden = left === 0;
      button.textContent = 'Show a hint (' + left + ' left)';
    };
    button.addEventListener('click', () => { const next = $('.hint[hidden]', h); if (next) next.hidden = false; update(); });
    update();
  });

  // ---- answers: saved as typed --------------------------------------------------------------------
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
        renderChecklist(r.checklist);
        updateAnswered();
      } catch (e) {
        state.textContent = 'not saved: ' + e.message;
        timer = setTimeout(save, 5000);
      }
    };
    area.addEventListener('input', () => { clearTimeout(timer); state.textContent = 'typing…'; timer = setTimeout(save, 600); });
    area.addEventListener('blur', save);
  });

  function updateAnswered() {
    $('#answered').textContent = String($$('textarea[data-question]').filter(a => a.value.trim()).length);
  }

  // ---- checklist, cost, report --------------------------------------------------------------------
  function checkHome(id) {
    const li = $('.checks li[data-check="' + CSS.escape(id) + '"]');
    return li ? '#' + li.closest('.experiment').id : '#checklist';
  }

  function renderChecklist(ticks) {
    const ul = $('#checklist-items');
    ul.replaceChildren();
    ticks.forEach(t => {
      const li = el('li', {class: t.earned ? 'earned' : 'open', 'data-criterion': t.criterion});
      li.appendChild(el('span', {class: 'tick'}, t.earned ? '✔' : '○'));
      li.appendChild(el('b', {}, ' ' + t.title));
      const evs = el('ul');
      t.evidence.forEach(e => {
        const item = el('li', {class: e.state});
        item.appendChild(el('a', {href: e.kind === 'check' ? checkHome(e.id) : '#question-' + e.id}, e.kind + ' ' + e.id));
        item.appendChild(document.createTextNode(': ' + e.detail));
        evs.appendChild(item);
      });
      li.appendChild(evs);
      ul.appendChild(li);
    });
    const earned = ticks.filter(t => t.earned).length;
    $('#earned').textContent = String(earned);
    $('#progress-fill').style.width = (ticks.length ? 100 * earned / ticks.length : 0) + '%';
  }

  function refreshChecklist() {
    fetch('/api/checklist').then(r => r.json()).then(j => renderChecklist(j.checklist)).catch(() => {});
  }

  let costTimer = null;

  function refreshCost() {
    const params = new URLSearchParams(new FormData($('#cost-form')));
    fetch('/api/cost?' + params).then(async r => {
      const j = await r.json();
      const out = $('#cost-result');
      out.replaceChildren();
      if (!r.ok) { out.appendChild(el('p', {class: 'muted'}, j.message)); return; }
      const m = j.measured;
      out.appendChild(el('p', {}, 'Measured: ml-api ' + fmt(m.ml_rss_mb) + ' MB, traditional-api ' + fmt(m.traditional_rss_mb)
        + ' MB per replica' + (m.cold_start_gap_s !== undefined ? ', cold-start gap ' + fmt(m.cold_start_gap_s) + ' s.' : '; run Experiment 5 for the cold-start gap.')));
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

  $('#cost-form').addEventListener('input', () => { clearTimeout(costTimer); costTimer = setTimeout(refreshCost, 300); });
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

  // What each card holds now (live or stored), for the browser console and the browser tests.
  window.labEvidence = id => (cards[id] ? cards[id].evidence : null);

  // ---- start --------------------------------------------------------------------------------------
  window.addEventListener('DOMContentLoaded', () => {
    $$('.experiment').forEach(x => {
      const c = card(x.dataset.experiment);
      const stored = $('.latest-run', x).dataset.run;
      if (stored) renderRun(c, JSON.parse(stored));
    });
    onModel(JSON.parse($('#model-info').dataset.info));
    refreshCost();
    connect();
    window.addEventListener('resize', () => {
      Object.values(cards).forEach(c => c.chart && c.chart.resize());
      if (resourceChart) resourceChart.resize();
    });
  });
})();
