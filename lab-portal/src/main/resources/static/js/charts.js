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
  scaling(ev) {
    const series = [];
    ['ml.naive', 'ml.warm', 'traditional.naive'].forEach(key => {
      const timeline = ev.series[key + '.timeline'], perSecond = ev.series[key + '.per_second'];
      if (!timeline && !perSecond) return;
      const label = key.replace('ml.', 'ml-api ').replace('traditional.', 'traditional-api ');
      series.push(line(label + ' replicas in rotation', pairs(timeline, 't_s', 'in_rotation'), {step: 'end'}));
      series.push(line(label + ' p99 ms', pairs(perSecond, 'second', 'p99_ms', positive), {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
      series.push({name: label + ' errors/s', type: 'bar', yAxisIndex: 2, data: pairs(perSecond, 'second', 'errors')});
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

export {line};
