// What each experiment can produce, as the portal declares it: every figure and series column with its
// label and unit. The page labels its tables and charts from here and knows no names of its own; asking
// for a name the portal does not declare is an error the browser test sees.
let schemas = {};

export function setSchemas(all) {
  schemas = all || {};
}

function schema(experiment) {
  const s = schemas[experiment];
  if (!s) throw new Error('no schema for experiment ' + experiment);
  return s;
}

/** A figure's declaration {name, unit, label}. */
export function figure(experiment, name) {
  const f = schema(experiment).figures[name];
  if (!f) throw new Error('experiment ' + experiment + ' declares no figure ' + name);
  return f;
}

/** "label (unit)", as a table or an axis shows a figure or a column. */
export function labelled(declared) {
  return declared.unit ? declared.label + ' (' + declared.unit + ')' : declared.label;
}

/** A series' declaration {name, label, columns: [{name, unit, label}]}. */
export function series(experiment, name) {
  const s = schema(experiment).series[name];
  if (!s) throw new Error('experiment ' + experiment + ' declares no series ' + name);
  return s;
}

/** A column of a declared series. */
export function column(experiment, seriesName, columnName) {
  const c = series(experiment, seriesName).columns.find(x => x.name === columnName);
  if (!c) throw new Error('series ' + seriesName + ' of ' + experiment + ' has no column ' + columnName);
  return c;
}

/** Every figure an experiment declares, in its order. */
export function figures(experiment) {
  return Object.values(schema(experiment).figures);
}

/** The figure's "label (unit)", or its bare name where a stored or imported run has a figure no experiment declares now. */
export function figureLabel(experiment, name) {
  const f = schemas[experiment] && schemas[experiment].figures[name];
  return f ? labelled(f) : name;
}
