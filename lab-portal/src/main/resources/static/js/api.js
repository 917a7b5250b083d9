// Every change goes through send(): the CSRF token from the portal's cookie in the header, same origin.
export function csrfToken() {
  const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export async function send(method, url, body, type) {
  const headers = {'X-XSRF-TOKEN': csrfToken()};
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  const r = await fetch(url, {method, headers, body, credentials: 'same-origin'});
  let json = null;
  try { json = await r.json(); } catch (e) { /* no body */ }
  if (!r.ok) {
    const why = json && json.message ? json.message : 'HTTP ' + r.status;
    throw new Error(r.status === 403 ? 'refused (' + why + '): reload the page' : why);
  }
  return json;
}

export async function get(url) {
  const r = await fetch(url, {credentials: 'same-origin'});
  const json = await r.json();
  if (!r.ok) throw new Error(json && json.message ? json.message : 'HTTP ' + r.status);
  return json;
}
