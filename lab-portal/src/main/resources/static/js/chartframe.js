// What every chart on the page shares. Its legend is a list under the chart rather than text inside it:
// HTML wraps to whatever width the page has, so a legend never lies on an axis title, a tick label or
// another legend entry, and no entry hides behind a pager. Clicking an entry shows or hides its series, as ECharts' own legend would.
const HIDDEN = new WeakMap(); // chart -> the names the learner hid
const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc'];

/**
 * A time axis whose labels stand clear of the value axes' lowest labels: a minute's label may fall on the
 * chart's corner, where "0" sits half below the axis line, so the labels keep 14 px below it (ECharts: 8).
 */
export const TIME_AXIS = {type: 'time', axisLabel: {showMinLabel: false, showMaxLabel: false, hideOverlap: true, margin: 14}};

/**
 * The theme charts are drawn in: ECharts' dark theme when the learner's system asks for dark, on the
 * page's own background (a chart keeps the theme it was made with until the page reloads).
 */
export function chartTheme() {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : null;
}

/** Sets the option on the chart (replacing the last one) and lists its series under it. */
export function drawWithLegend(chart, option) {
  let next = 0;
  const colours = new Map();
  const series = option.series.map(s => {
    const own = s.itemStyle && s.itemStyle.color;
    if (!colours.has(s.name)) colours.set(s.name, own || PALETTE[next++ % PALETTE.length]);
    return own ? s : Object.assign({}, s, {itemStyle: Object.assign({}, s.itemStyle, {color: colours.get(s.name)})});
  });
  const hidden = HIDDEN.get(chart) || new Set();
  HIDDEN.set(chart, hidden);
  const selected = Object.fromEntries([...hidden].map(name => [name, false]));
  chart.setOption(Object.assign({backgroundColor: 'transparent'}, option, {series, legend: {show: false, selected}}), true);
  const box = chart.getDom();
  let list = box.nextElementSibling;
  if (!list || !list.classList.contains('chart-legend')) {
    list = document.createElement('ul');
    list.className = 'chart-legend';
    box.after(list);
  }
  list.hidden = box.hidden;
  list.replaceChildren(...[...colours].map(([name, colour]) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour;
    button.append(swatch, name);
    item.classList.toggle('off', hidden.has(name));
    button.addEventListener('click', () => {
      if (!hidden.delete(name)) hidden.add(name);
      chart.dispatchAction({type: 'legendToggleSelect', name});
      item.classList.toggle('off', hidden.has(name));
    });
    item.append(button);
    return item;
  }));
}
