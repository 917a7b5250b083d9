// The guide: a copy button on every code block, hints revealed one at a time.
import {$, $$, el} from './dom.js';

export function wireGuide() {
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
    pre.tabIndex = 0; // a code block wider than the page scrolls: the keyboard must reach it
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
}
