// Guided mode: one step of the guide at a time, with its check at the top, Previous, Skip and Next at the
// bottom, and Next the main action once the check holds. The step is the URL's fragment, so a reload, a
// link or the back button lands on the same step; a link to something inside a step (a block, an
// experiment, a question) opens that step. "The whole guide" (?view=whole) is the same page, all of it.
import {$, $$, el} from './dom.js';
import {send} from './api.js';
import {runBlock, succeeded} from './blocks.js';

const guided = new URLSearchParams(location.search).get('view') !== 'whole';
let pages = [];
let current = null;
let standing = null;
let onShow = () => {};

const isStep = section => section.classList.contains('step') && !!$('.step-check', section);
const stepDone = id => !!standing && standing.steps.some(s => s.step === id && s.done);
const firstOpen = () => standing && standing.steps.find(s => !s.done);

/** The page (a section of the guide) that holds what the fragment names, if any. */
function pageFor(hash) {
  const id = decodeURIComponent((hash || '').replace(/^#/, ''));
  const target = id && document.getElementById(id);
  return target ? pages.find(p => p === target || p.contains(target)) : null;
}

function title(section) {
  const h = $('h2', section);
  return h ? ($('span', h) || h).textContent.trim() : section.id;
}

function navBar(section, i) {
  const bar = el('nav', {class: 'step-nav', 'aria-label': 'step navigation'});
  const prev = el('a', {class: 'button secondary prev', href: i > 0 ? '#' + pages[i - 1].id : '#', rel: 'prev'}, '← Previous');
  if (i === 0) prev.setAttribute('aria-disabled', 'true');
  const where = el('span', {class: 'where muted'}, 'Page ' + (i + 1) + ' of ' + pages.length);
  bar.append(prev, where);
  if (isStep(section)) {
    const skip = el('button', {type: 'button', class: 'secondary skip'}, 'Skip this step');
    skip.addEventListener('click', async () => {
      skip.disabled = true;
      try {
        await send('POST', '/api/steps/' + encodeURIComponent(section.id) + '/skip');
        if (i + 1 < pages.length) location.hash = pages[i + 1].id;
      } catch (e) {
        where.textContent = 'not skipped: ' + e.message;
      } finally {
        skip.disabled = false;
      }
    });
    bar.append(skip);
  }
  if (i + 1 < pages.length) {
    bar.append(el('a', {class: 'button next', href: '#' + pages[i + 1].id, rel: 'next'}, 'Next: ' + title(pages[i + 1]) + ' →'));
  }
  return bar;
}

/** Next is the main action once the step's check holds (or on a page with no check); until then it stays secondary. */
function markNext() {
  pages.forEach(section => {
    const next = $('.step-nav .next', section);
    if (next) next.classList.toggle('secondary', isStep(section) && !stepDone(section.id));
  });
}

function show(section, scrollTo) {
  if (!guided || !section) return;
  current = section;
  pages.forEach(p => { p.hidden = p !== section; });
  $('section.intro').hidden = section !== pages[0];
  $$('nav.toc li').forEach(li => li.removeAttribute('aria-current'));
  const link = $('nav.toc a[href="#' + CSS.escape(section.id) + '"]');
  if (link) link.parentElement.setAttribute('aria-current', 'step');
  document.title = title(section) + ' — ' + document.title.replace(/^.* — /, '');
  onShow();
  if (scrollTo && scrollTo !== section) scrollTo.scrollIntoView({block: 'start'});
  else window.scrollTo(0, 0);
}

function route() {
  const hash = location.hash;
  const section = pageFor(hash);
  if (section) {
    show(section, document.getElementById(decodeURIComponent(hash.slice(1))));
  } else {
    const open = firstOpen();
    show(pageFor('#' + (open ? open.step : pages[0].id)) || pages[0]);
  }
}

function go(delta) {
  const i = pages.indexOf(current);
  const next = pages[i + delta];
  if (next) location.hash = next.id;
}

/** r: the block that has focus, or the step's first block whose latest run did not exit 0. */
function runFocused() {
  const inBlock = document.activeElement && document.activeElement.closest('[data-block]');
  if (inBlock) { runBlock(inBlock.dataset.block); return; }
  const scope = guided ? current : document;
  const next = $$('pre[data-block]', scope).map(p => p.dataset.block).find(id => !succeeded(id));
  if (next) runBlock(next);
}

function wireKeys() {
  const keys = $('#keys');
  $('#show-keys').addEventListener('click', () => keys.showModal());
  document.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    if (t.closest('input, textarea, select, [contenteditable], .xterm, dialog')) return;
    const actions = {
      n: () => go(1), ArrowRight: () => go(1), p: () => go(-1), ArrowLeft: () => go(-1),
      r: runFocused, g: () => { const open = firstOpen(); if (open) location.hash = open.step; },
      t: () => { const term = $('#terminal textarea'); if (term) term.focus(); },
      '?': () => keys.showModal()
    };
    const act = actions[e.key];
    if (!act || (!guided && (e.key.startsWith('Arrow') || e.key === 'n' || e.key === 'p'))) return;
    e.preventDefault();
    act();
  });
}

/** Called whenever a page is shown (charts drawn while hidden need their size again). */
export function wireGuided(shown) {
  onShow = shown;
  pages = $$('article.guide > section.step');
  document.body.classList.toggle('guided', guided);
  $(guided ? '#view-guided' : '#view-whole').setAttribute('aria-current', 'page');
  const whole = $('#view-whole');
  whole.addEventListener('click', () => { whole.href = '/?view=whole' + location.hash; });
  $('#view-guided').addEventListener('click', e => {
    const here = pages.find(p => p.getBoundingClientRect().bottom > 120);
    e.currentTarget.href = '/' + (here ? '#' + here.id : '');
  });
  if (guided) {
    pages.forEach((section, i) => section.append(navBar(section, i)));
    window.addEventListener('hashchange', route);
    route();
  }
  markNext();
  wireKeys();
}

/** The standing changed: Next, the header's link to the first step not done, and (on a fresh load) where to land. */
export function onStanding(now) {
  const first = standing === null;
  standing = now;
  const open = firstOpen();
  $('#progress-summary').href = (guided ? '' : '?view=whole') + '#' + (open ? open.step : 'checklist');
  markNext();
  if (first && guided && pages.length && !location.hash) route();
}
