// A series is {columns: [...], rows: [[...], ...]}, as the portal stores and streams it: read by name.
export function column(series, name) {
  if (!series) return [];
  const i = series.columns.indexOf(name);
  return i < 0 ? [] : series.rows.map(r => r[i]);
}

/** [x, y] pairs of two named columns, for a line or scatter chart. */
export function pairs(series, x, y, map = v => v) {
  if (!series) return [];
  const i = series.columns.indexOf(x), j = series.columns.indexOf(y);
  return series.rows.map(r => [r[i], map(r[j])]);
}

/** Appends one streamed row to the evidence being drawn. */
export function append(evidence, name, columns, row) {
  const s = evidence.series[name] = evidence.series[name] || {columns, rows: []};
  s.rows.push(row);
}

export function pointCount(evidence) {
  return Object.values(evidence.series).reduce((n, s) => n + s.rows.length, 0);
}
