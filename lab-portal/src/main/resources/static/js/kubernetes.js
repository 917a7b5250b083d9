// The Kubernetes panel: the probe budgets and memory the learner's own Experiments 1 and 3 call for,
// what a naive liveness probe would have done, and the manifests with those numbers to download. It asks
// only once both experiments have measured something (before that the server could only refuse).
import {$, el, sourceLine} from './dom.js';
import {get} from './api.js';

const measured = {};

export function noteRun(run) {
  if (run.measured) measured[run.experiment] = true;
  refreshKubernetes();
}

export function refreshKubernetes() {
  const box = $('#kubernetes-settings');
  if (!box || !measured.startup || !measured.resources) return;
  get('/api/kubernetes').then(advice => {
    box.classList.remove('muted');
    box.replaceChildren();
    advice.forEach(a => {
      box.appendChild(el('h4', {}, a.service));
      const table = el('table', {class: 'cost-table', 'data-service': a.service});
      const head = el('tr');
      ['setting', 'value', 'because'].forEach(h => head.appendChild(el('th', {}, h)));
      table.appendChild(head);
      a.settings.forEach(s => {
        const tr = el('tr');
        [s.name, s.value, s.because].forEach(v => tr.appendChild(el('td', {}, v)));
        table.appendChild(tr);
      });
      box.appendChild(table);
      const from = el('ul', {class: 'sources'});
      (a.sources || []).forEach(src => from.appendChild(el('li', {}, sourceLine(src))));
      box.appendChild(from);
      box.appendChild(el('p', {class: a.naive.would_kill ? 'failed naive' : 'naive'}, a.naive.verdict));
    });
    const link = el('a', {class: 'button', href: '/kubernetes.yaml', download: 'inference-lab-kubernetes.yaml'}, 'Download the manifests with your numbers');
    box.appendChild(el('p', {})).appendChild(link);
  }).catch(e => { box.textContent = e.message; });
}

export function wireKubernetes(runs) {
  Object.values(runs || {}).forEach(r => { if (r.measured) measured[r.experiment] = true; });
  refreshKubernetes();
}
