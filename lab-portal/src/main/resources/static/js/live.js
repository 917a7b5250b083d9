// The one WebSocket (/live): everything that happens arrives here and goes to the part of the page it
// concerns. It reconnects by itself, with backoff, and the history it gets on joining redraws the panel.
import {$} from './dom.js';

let retries = 0;

function setConnected(on, text) {
  const b = $('#connection');
  b.className = 'badge ' + (on ? 'on' : 'off');
  b.textContent = text;
}

export function connect(handlers) {
  const dispatch = ev => {
    if (ev.type === 'history') {
      handlers.reset();
      ev.events.forEach(dispatch);
      handlers.historyDone();
    } else if (ev.type.startsWith('run-')) {
      handlers.run(ev);
    } else if (ev.type.startsWith('block-') || ev.type.startsWith('step-')) {
      handlers.block(ev);
    } else if (handlers[ev.type]) {
      handlers[ev.type](ev);
    }
  };
  const open = () => {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live');
    ws.onopen = () => { retries = 0; setConnected(true, 'live'); };
    ws.onmessage = m => dispatch(JSON.parse(m.data));
    ws.onclose = () => {
      const wait = Math.min(10000, 500 * 2 ** retries++);
      setConnected(false, 'disconnected — retrying in ' + Math.round(wait / 1000) + ' s');
      setTimeout(open, wait);
    };
  };
  open();
}
