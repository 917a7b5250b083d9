// Small DOM and number helpers every part of the page uses.
export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

export function el(tag, attrs, text) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A measured value as the page shows it; null (not measured) says so. */
export function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'not measured';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** An instant as the learner reads it: their local date and time, to the second. */
export function localTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined,
    {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

/** Where a figure another panel uses came from: its run, experiment, runtime, ml-api model and time. */
export function sourceLine(s) {
  return s.label + ': ' + fmt(s.value) + ' ' + s.unit + ' — run ' + s.run_id + ' (' + s.experiment + ', ' + s.runtime
    + ', ml-api model ' + (s.model || 'unknown') + ', ' + localTime(s.finished_at) + ')';
}

/**
 * Calls {@code fn} at most once per {@code ms}, after the last request in that time: live charts redraw
 * on a timer, not on every point, so the page never takes the cores the experiments measure.
 */
export function coalesced(fn, ms) {
  let timer = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => { timer = null; requestAnimationFrame(fn); }, ms);
  };
}
