// The terminal beside the guide: xterm.js on /terminal, a real bash in a pseudo-terminal on the portal's
// machine, in the repository root with the lab's JDK and the services' ports. The handshake carries the
// CSRF token; the shell ends when this page goes away. What is typed here counts: the portal records each
// command, and a block whose every line was typed has a run like its Run button's.
import {$} from './dom.js';
import {csrfToken} from './api.js';

let term = null;
let socket = null;

function state(text) {
  $('#terminal-state').textContent = text;
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function open() {
  if (socket && socket.readyState <= WebSocket.OPEN) return;
  $('#terminal-reopen').hidden = true;
  state('opening…');
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/terminal?csrf=' + encodeURIComponent(csrfToken())
    + '&cols=' + term.cols + '&rows=' + term.rows;
  socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => state('bash in the repository root · what you type here counts');
  socket.onmessage = m => term.write(typeof m.data === 'string' ? m.data : new Uint8Array(m.data));
  socket.onclose = e => {
    state('closed' + (e.reason ? ': ' + e.reason : '') + (e.code === 1006 ? ' (the portal refused it or stopped)' : ''));
    $('#terminal-reopen').hidden = false;
  };
}

export function wireTerminal() {
  const box = $('#terminal');
  if (!box) return;
  if (!window.Terminal || !window.FitAddon) { state('could not load xterm.js from the portal'); return; }
  term = new window.Terminal({scrollback: 5000, cursorBlink: true, fontSize: 13, screenReaderMode: false,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', theme: {background: '#0f172a', foreground: '#e2e8f0'}});
  const fit = new window.FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(box);
  term.textarea.setAttribute('aria-label', 'terminal input');
  const refit = () => { try { fit.fit(); } catch (e) { /* hidden: no size yet */ } };
  refit();
  new ResizeObserver(refit).observe(box);
  term.onData(data => send({type: 'input', data}));
  term.onResize(({cols, rows}) => send({type: 'resize', cols, rows}));
  $('#terminal-reopen').addEventListener('click', () => { term.reset(); open(); term.focus(); });
  window.addEventListener('pagehide', () => { if (socket) socket.close(); });
  open();
}
