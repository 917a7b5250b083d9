// One chart per experiment, drawn from the evidence shape the portal stores and streams
// ({figures, series}); every value is read by its column's name.
import {column, pairs} from './series.js';

const SERVICE_NAMES = {traditional: 'traditional-api', ml: 'ml-api'};
const axisStyle = {splitLine: {lineStyle: {color: '#eee'}}};
const line = (name, data, extra) => Object.assign({name, type: 'line', showSymbol: false, data}, extra || {});
const positive = v => (v === null ? null : Math.max(v, 0.01)); // log axes: a 0 ms p99 is drawn at 0.01

export const CHARTS = {
  startup(ev) {
    const bars = [];
    ['traditional', 'ml'].forEach(svc => {
      const s = ev.series[svc + '.timeline'];
      const started = column(s, 'started_s'), port = column(s, 'port_open_s'), live = column(s, 'live_s'), ready = column(s, 'ready_s');
      started.forEach((_, i) => bars.push({name: SERVICE_NAMES[svc] + ' #' + (i + 1), started: started[i], port: port[i], live: live[i], ready: ready[i]}));
    });
    return {
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      legend: {data: ['request → started', 'started → port open', 'port open → live', 'live → ready']},
      grid: {left: 20, right: 20, top: 40, bottom: 40, containLabel: true},
      xAxis: Object.assign({type: 'value', name: 's from start', nameLocation: 'middle', nameGap: 25}, axisStyle),
      yAxis: {type: 'category', data: bars.map(b => b.name), inverse: true},
      series: [
        {name: 'request → started', type: 'bar', stack: 't', data: bars.map(b => b.started)},
        {name: 'started → port open', type: 'bar', stack: 't', data: bars.map(b => b.port - b.started)},
        {name: 'port open → live', type: 'bar', stack: 't', data: bars.map(b => b.live - b.port)},
        {name: 'live → ready', type: 'bar', stack: 't', data: bars.map(b => b.ready - b.live)}
      ]
    };
  },
  resources(ev) {
    const series = [];
    ['traditional', 'ml'].forEach(svc => {
      const s = ev.series[svc + '.resources'];
      series.push(line(SERVICE_NAMES[svc] + ' RSS MB', pairs(s, 't_s', 'rss_mb')));
      series.push(line(SERVICE_NAMES[svc] + ' CPU %', pairs(s, 't_s', 'cpu_pct'), {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
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
      const s = ev.series[key + '.per_second'];
      if (!s || !s.rows.length) return;
      const name = SERVICE_NAMES[key.split('.')[0]] + (key.includes('via_nginx') ? ' via nginx' : '');
      series.push(line(name + ' p99 ms', pairs(s, 'second', 'p99_ms', positive), {xAxisIndex: 0, yAxisIndex: 0}));
      series.push(line(name + ' req/s', pairs(s, 'second', 'completed'), {xAxisIndex: 0, yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
    });
    const steps = ev.series['ml.steps'];
    const rates = column(steps, 'rate').map(String);
    series.push({name: 'ml-api p99 ms at rate', type: 'bar', xAxisIndex: 1, yAxisIndex: 2,
      data: column(steps, 'p99_ms').map((v, i) => [rates[i], positive(v)])});
    series.push(line('ml-api errors %', column(steps, 'error_pct').map((v, i) => [rates[i], v]), {xAxisIndex: 1, yAxisIndex: 3, showSymbol: true}));
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
    const probes = ev.series['ml.probes'];
    return {
      tooltip: {trigger: 'axis'}, legend: {}, grid: {left: 60, right: 20, top: 50, bottom: 40},
      xAxis: Object.assign({type: 'value', name: 's', nameLocation: 'middle', nameGap: 25}, axisStyle),
      yAxis: Object.assign({type: 'value', name: 'HTTP status', min: -1, max: 600}, axisStyle),
      series: [
        line('/health', pairs(probes, 't_s', 'health'), {step: 'end'}),
        line('/ready', pairs(probes, 't_s', 'ready'), {step: 'end', lineStyle: {type: 'dashed'}}),
        {name: '/analyze (by send time)', type: 'scatter', symbolSize: 6, data: pairs(ev.series['ml.analyze'], 't_s', 'status')}
      ]
    };
  },
  // One story: p99 through the spike, naive against warm pool, with the errors each had, and a line where
  // each run's second replica began to serve. traditional-api's contrast run stays in the figures.
  scaling(ev) {
    const runs = [['ml.naive', 'naive scale-out', '#c0392b', 'insideEndTop'], ['ml.warm', 'warm pool', '#27ae60', 'insideEndBottom']];
    const series = [];
    runs.forEach(([key, label, color, where]) => {
      const perSecond = ev.series[key + '.per_second'];
      if (!perSecond) return;
      const joined = ev.figures[key + '.gap_s'];
      series.push(line(label + ': p99 ms', pairs(perSecond, 'second', 'p99_ms', positive), {itemStyle: {color}, lineStyle: {width: 2},
        markLine: joined === undefined || joined === null ? undefined : {symbol: 'none',
          label: {formatter: label + ': 2nd replica serving after ' + joined.toFixed(1) + ' s', position: where, fontSize: 10, color},
          lineStyle: {color, type: 'dashed'}, data: [{xAxis: joined}]}}));
      series.push({name: label + ': errors/s', type: 'bar', yAxisIndex: 1, itemStyle: {color, opacity: 0.35}, barGap: 0,
        data: pairs(perSecond, 'second', 'errors')});
    });
    return {
      tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 60, right: 60, top: 50, bottom: 40},
      xAxis: Object.assign({type: 'value', name: 's after the spike began', nameLocation: 'middle', nameGap: 25, min: 0}, axisStyle),
      yAxis: [Object.assign({type: 'log', name: 'p99 ms'}, axisStyle), {type: 'value', name: 'errors/s', splitLine: {show: false}}],
      series
    };
  },
  'model-origins'(ev) {
    const kinds = [['download', 'download into an empty cache'], ['cache', 'from the model cache'], ['baked', 'baked-in directory']];
    const phases = ['jvm_start', 'engine_init', 'model_resolve', 'model_load', 'warmup'];
    const rows = kinds.filter(([k]) => ev.figures['ml.' + k + '.ready_s'] !== undefined);
    return {
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}}, legend: {top: 0},
      grid: {left: 20, right: 20, top: 40, bottom: 40, containLabel: true},
      xAxis: Object.assign({type: 'value', name: 's (median of the starts)', nameLocation: 'middle', nameGap: 25}, axisStyle),
      yAxis: {type: 'category', data: rows.map(([, label]) => label), inverse: true},
      series: phases.map(p => ({name: p, type: 'bar', stack: 't', data: rows.map(([k]) => ev.figures['ml.' + k + '.' + p + '_s'] ?? 0)}))
    };
  }
};

export {line};
