// One chart per experiment, drawn from the evidence shape the portal stores and streams
// ({figures, series}); every value is read by its column's name, and every legend and axis title is the
// label and unit the experiment declares (schemas.js). Axis titles sit at the middle of their axis, and the
// legend is a list under the chart (legend.js), so neither ever lies on the other.
import {column, pairs} from './series.js';
import {column as declared, figure as figureOf, labelled, series as declaredSeries} from './schemas.js';

const SERVICES = ['traditional', 'ml'];
const axisStyle = {splitLine: {lineStyle: {color: '#8884'}}};
const line = (name, data, extra) => Object.assign({name, type: 'line', showSymbol: false, connectNulls: false, data}, extra || {});
const positive = v => (v === null ? null : Math.max(v, 0.01)); // log axes: a 0 ms p99 is drawn at 0.01

/** An axis titled with a declared column's label and unit, its title centred beside the axis. */
function axis(experiment, seriesName, columnName, extra) {
  return Object.assign({type: 'value', name: labelled(declared(experiment, seriesName, columnName)), nameLocation: 'middle', nameGap: 42},
    axisStyle, extra || {});
}

/** A series' legend name: its declared label, which names the service (and the part of the run). */
const legend = (experiment, seriesName, what) => declaredSeries(experiment, seriesName).label.split(':')[0] + ' ' + what;

export const CHARTS = {
  startup(ev) {
    const bars = [];
    SERVICES.forEach(svc => {
      const s = ev.series[svc + '.timeline'];
      const label = declaredSeries('startup', svc + '.timeline').label.split(':')[0];
      const started = column(s, 'started_s'), port = column(s, 'port_open_s'), live = column(s, 'live_s'), ready = column(s, 'ready_s');
      started.forEach((_, i) => bars.push({name: label + ' #' + (i + 1), started: started[i], port: port[i], live: live[i], ready: ready[i]}));
    });
    const c = name => declared('startup', 'ml.timeline', name).label;
    const names = ['request → ' + c('started_s'), c('started_s') + ' → ' + c('port_open_s'), c('port_open_s') + ' → ' + c('live_s'),
      c('live_s') + ' → ' + c('ready_s')];
    return {
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      grid: {left: 20, right: 20, top: 15, bottom: 50, containLabel: true},
      xAxis: axis('startup', 'ml.timeline', 'ready_s', {nameGap: 28, name: 'seconds from the start request'}),
      yAxis: {type: 'category', data: bars.map(b => b.name), inverse: true},
      series: [
        {name: names[0], type: 'bar', stack: 't', data: bars.map(b => b.started)},
        {name: names[1], type: 'bar', stack: 't', data: bars.map(b => b.port - b.started)},
        {name: names[2], type: 'bar', stack: 't', data: bars.map(b => b.live - b.port)},
        {name: names[3], type: 'bar', stack: 't', data: bars.map(b => b.ready - b.live)}
      ]
    };
  },
  resources(ev) {
    const series = [];
    SERVICES.forEach(svc => {
      const name = svc + '.resources';
      const s = ev.series[name];
      series.push(line(legend('resources', name, declared('resources', name, 'rss_mb').label), pairs(s, 't_s', 'rss_mb')));
      series.push(line(legend('resources', name, declared('resources', name, 'cpu_pct').label), pairs(s, 't_s', 'cpu_pct'),
        {yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
    });
    return {
      tooltip: {trigger: 'axis'}, grid: {left: 70, right: 70, top: 20, bottom: 50},
      xAxis: axis('resources', 'ml.resources', 't_s', {nameGap: 28}),
      yAxis: [axis('resources', 'ml.resources', 'rss_mb', {nameGap: 50}),
        axis('resources', 'ml.resources', 'cpu_pct', {nameGap: 45, splitLine: {show: false}})],
      series
    };
  },
  load(ev) {
    const series = [];
    ['traditional', 'ml', 'traditional.via_nginx', 'ml.via_nginx'].forEach(key => {
      const name = key + '.per_second';
      const s = ev.series[name];
      if (!s || !s.rows.length) return;
      series.push(line(legend('load', name, 'p99'), pairs(s, 'second', 'p99_ms', positive), {xAxisIndex: 0, yAxisIndex: 0}));
      series.push(line(legend('load', name, 'answered per second'), pairs(s, 'second', 'completed'),
        {xAxisIndex: 0, yAxisIndex: 1, lineStyle: {type: 'dashed'}}));
    });
    const steps = ev.series['ml.steps'];
    const rates = column(steps, 'rate').map(String);
    series.push({name: legend('load', 'ml.steps', 'p99 at each rate'), type: 'bar', xAxisIndex: 1, yAxisIndex: 2,
      data: column(steps, 'p99_ms').map((v, i) => [rates[i], positive(v)])});
    series.push(line(legend('load', 'ml.steps', 'errors at each rate'), column(steps, 'error_pct').map((v, i) => [rates[i], v]),
      {xAxisIndex: 1, yAxisIndex: 3, showSymbol: true}));
    return {
      tooltip: {trigger: 'axis'},
      grid: [{left: 80, right: 80, top: 20, height: '32%'}, {left: 80, right: 80, bottom: 50, height: '32%'}],
      xAxis: [axis('load', 'ml.per_second', 'second', {gridIndex: 0, nameGap: 25}),
        {type: 'category', gridIndex: 1, name: labelled(declared('load', 'ml.steps', 'rate')), nameLocation: 'middle', nameGap: 30}],
      yAxis: [axis('load', 'ml.per_second', 'p99_ms', {type: 'log', gridIndex: 0, nameGap: 55}),
        axis('load', 'ml.per_second', 'completed', {gridIndex: 0, nameGap: 50, splitLine: {show: false}}),
        axis('load', 'ml.steps', 'p99_ms', {type: 'log', gridIndex: 1, nameGap: 55}),
        axis('load', 'ml.steps', 'error_pct', {gridIndex: 1, nameGap: 50, splitLine: {show: false}})],
      series
    };
  },
  health(ev) {
    const probes = ev.series['ml.probes'];
    const c = name => declared('health', 'ml.probes', name).label;
    return {
      tooltip: {trigger: 'axis'}, grid: {left: 70, right: 20, top: 20, bottom: 50},
      xAxis: axis('health', 'ml.probes', 't_s', {nameGap: 28}),
      yAxis: axis('health', 'ml.probes', 'health', {min: -1, max: 600, name: 'HTTP status', nameGap: 50}),
      series: [
        line(c('health'), pairs(probes, 't_s', 'health'), {step: 'end'}),
        line(c('ready'), pairs(probes, 't_s', 'ready'), {step: 'end', lineStyle: {type: 'dashed'}}),
        {name: declaredSeries('health', 'ml.analyze').label, type: 'scatter', symbolSize: 6, data: pairs(ev.series['ml.analyze'], 't_s', 'status')}
      ]
    };
  },
  // One story: p99 through the spike, naive against warm pool, with the errors each had in every second,
  // and a dashed line where each run's second replica first answered (its legend entry says when).
  // traditional-api's contrast run stays in the figures.
  scaling(ev) {
    const runs = [['ml.naive', '#c0392b'], ['ml.warm', '#27ae60']];
    const series = [];
    runs.forEach(([key, color]) => {
      const name = key + '.per_second';
      const perSecond = ev.series[name];
      if (!perSecond) return;
      const label = declaredSeries('scaling', name).label.split(':')[0];
      const joined = ev.figures[key + '.gap_s'];
      const known = joined !== undefined && joined !== null;
      series.push(line(label + ': p99' + (known ? ' (2nd replica answered after ' + joined.toFixed(1) + ' s: dashed line)' : ''),
        pairs(perSecond, 'second', 'p99_ms', positive), {itemStyle: {color}, lineStyle: {width: 2}, showSymbol: true, symbolSize: 4,
          markLine: known ? {symbol: 'none', label: {show: false}, lineStyle: {color, type: 'dashed'}, data: [{xAxis: joined}]} : undefined}));
      series.push({name: label + ': errors', type: 'bar', yAxisIndex: 1, itemStyle: {color, opacity: 0.45}, barGap: 0,
        data: pairs(perSecond, 'second', 'errors')});
    });
    return {
      tooltip: {trigger: 'axis'}, grid: {left: 80, right: 80, top: 20, bottom: 50},
      xAxis: axis('scaling', 'ml.naive.per_second', 'second', {name: 'seconds after the spike began', nameGap: 28, min: 0}),
      yAxis: [axis('scaling', 'ml.naive.per_second', 'p99_ms', {type: 'log', nameGap: 55}),
        axis('scaling', 'ml.naive.per_second', 'errors', {nameGap: 50, minInterval: 1, splitLine: {show: false}})],
      series
    };
  },
  'model-origins'(ev) {
    const kinds = ['download', 'cache', 'baked'];
    const phases = ['jvm_start', 'model_resolve', 'engine_init', 'model_load', 'warmup'];
    const rows = kinds.filter(k => ev.figures['ml.' + k + '.ready_s'] !== undefined);
    const kindLabel = k => figureOf('model-origins', 'ml.' + k + '.ready_s').label.split(':')[0];
    return {
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      grid: {left: 20, right: 20, top: 15, bottom: 50, containLabel: true},
      xAxis: Object.assign({type: 'value', name: 'seconds (median of the starts)', nameLocation: 'middle', nameGap: 28}, axisStyle),
      yAxis: {type: 'category', data: rows.map(kindLabel), inverse: true},
      series: phases.map(p => ({name: p, type: 'bar', stack: 't', data: rows.map(k => ev.figures['ml.' + k + '.' + p + '_s'] ?? 0)}))
    };
  }
};

export {line};
