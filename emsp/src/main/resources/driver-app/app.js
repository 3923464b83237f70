// The driver's app: one page over the eMSP's driver API (/api/v1/driver, /api/v1/invoices).
// Plain JavaScript, no build step, nothing fetched from elsewhere. The login's bearer token lives in
// sessionStorage only, so it ends with the browser tab.

const API = '/api/v1';
const TOKEN_KEY = 'evstack.driver.bearer';
const LIVE_REFRESH_MS = 3000;
const COMMAND_POLL_MS = 1500;
const COMMAND_WAIT_MS = 120000;

const $ = (id) => document.getElementById(id);
const screens = ['auth', 'chargers', 'session', 'history', 'invoices'];
let liveTimer = null;
let waitingForStart = false;
let searchSeq = 0;

/** An answer of the API other than 2xx, with the message the API gave. */
class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// ---- API ---------------------------------------------------------------------------------------

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const bearer = sessionStorage.getItem(TOKEN_KEY);
  if (bearer) headers.Authorization = 'Bearer ' + bearer;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiFailure(0, 'Cannot reach the server (' + e.message + ')');
  }
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return null;
  return res.json();
}

async function failure(res) {
  let message = 'Error ' + res.status;
  try {
    const body = await res.json();
    if (body && (body.error || body.message)) message = body.error || body.message;
  } catch (ignored) {
    // not JSON: keep the status
  }
  if (res.status === 401 && sessionStorage.getItem(TOKEN_KEY)) {
    // The login expired or ended: back to the login screen.
    sessionStorage.removeItem(TOKEN_KEY);
    setLoggedIn(null);
  }
  return new ApiFailure(res.status, message);
}

// ---- Messages ----------------------------------------------------------------------------------

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
}

function notice(message) {
  const box = $('notice');
  box.textContent = message || '';
  box.hidden = !message;
}

function clearMessages() {
  $('error').hidden = true;
  $('error').textContent = '';
  notice('');
}

/** Runs an action of the user; whatever fails is shown, never swallowed. */
async function attempt(action) {
  clearMessages();
  try {
    await action();
  } catch (e) {
    showError(e.message || String(e));
  }
}

/** Runs the action of a button, which stays disabled until it is done: one start or stop per press. */
async function once(event, action) {
  const button = event.currentTarget;
  button.disabled = true;
  try {
    await attempt(action);
  } finally {
    button.disabled = false;
  }
}

window.addEventListener('error', (e) => showError('Something went wrong: ' + e.message));
window.addEventListener('unhandledrejection', (e) => showError((e.reason && e.reason.message) || String(e.reason)));

// ---- DOM helpers -------------------------------------------------------------------------------

/** An element with attributes and children; text is always set as text, never as HTML. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function dl(pairs) {
  return el('dl', {}, pairs.map(([term, value, cls]) => [el('dt', {}, term), el('dd', { class: cls }, value)]));
}

/** A price per unit: at least the currency's 2 digits, up to 4 when the tariff has them (0.4356). */
function unitPrice(value) {
  if (value === null || value === undefined) return '–';
  const text = Number(value).toFixed(4);
  return text.replace(/(\.\d\d\d*?)0+$/, '$1');
}

function money(value, currency) {
  if (value === null || value === undefined) return '–';
  return Number(value).toFixed(2) + ' ' + (currency || '');
}

function kwh(value) {
  return value === null || value === undefined ? '–' : Number(value).toFixed(2) + ' kWh';
}

function duration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h + ':' + String(m).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
}

/** The CPO's latest power when it sends one; else the average so far, marked as such. */
function power(session) {
  if (session.powerKw !== null && session.powerKw !== undefined) return Number(session.powerKw).toFixed(1) + ' kW';
  const hours = Number(session.durationSeconds) / 3600;
  if (session.kwh === null || session.kwh === undefined || !(hours > 0)) return '–';
  return '≈ ' + (Number(session.kwh) / hours).toFixed(1) + ' kW average';
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '–';
}

// ---- Screens -----------------------------------------------------------------------------------

function show(name) {
  for (const s of screens) $('screen-' + s).hidden = s !== name;
  for (const b of document.querySelectorAll('#nav [data-screen]')) {
    if (b.dataset.screen === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  stopLive();
  if (name === 'chargers') attempt(loadTokens);
  if (name === 'session') startLive();
  if (name === 'history') attempt(loadHistory);
  if (name === 'invoices') attempt(loadInvoices);
}

function setLoggedIn(account) {
  $('nav').hidden = !account;
  $('who').hidden = !account;
  $('who').textContent = account ? 'Logged in as ' + (account.name || account.email) : '';
  if (!account) {
    stopLive();
    for (const s of screens) $('screen-' + s).hidden = s !== 'auth';
  }
}

// ---- Sign up and log in ------------------------------------------------------------------------

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

async function signUp(form) {
  const v = formValues(form);
  await api('POST', '/driver/signup', { name: v.name, email: v.email, password: v.password });
  form.reset();
  $('login-form').elements.email.value = v.email;
  notice('Account created for ' + v.email + '. Log in with your password.');
  $('login-form').elements.password.focus();
}

async function logIn(form) {
  const v = formValues(form);
  const login = await api('POST', '/driver/login', { email: v.email, password: v.password });
  sessionStorage.setItem(TOKEN_KEY, login.token);
  form.reset();
  setLoggedIn(login.account);
  show('chargers');
}

async function logOut() {
  try {
    await api('POST', '/driver/logout');
  } finally {
    sessionStorage.removeItem(TOKEN_KEY);
    setLoggedIn(null);
    notice('Logged out.');
  }
}

// ---- Chargers ----------------------------------------------------------------------------------

async function loadTokens() {
  const tokens = await api('GET', '/driver/tokens');
  const select = $('token-select');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'App token (made for me)'));
  for (const t of tokens.filter((x) => x.valid)) {
    const label = (t.type === 'RFID' ? 'Card ' : 'App ') + (t.visualNumber || t.uid);
    select.append(el('option', { value: t.uid, selected: t.uid === chosen }, label));
  }
}

async function searchNear(form) {
  const v = formValues(form);
  const query = new URLSearchParams({ lat: v.lat, lon: v.lon });
  if (v.radiusKm) query.set('radiusKm', v.radiusKm);
  sessionStorage.setItem('evstack.driver.near', JSON.stringify({ lat: v.lat, lon: v.lon }));
  // Only the latest search is shown: an older answer arriving late must not replace it.
  const seq = ++searchSeq;
  const box = $('chargers');
  box.setAttribute('aria-busy', 'true');
  try {
    const chargers = await api('GET', '/driver/chargers?' + query);
    if (seq === searchSeq) renderChargers(chargers);
  } finally {
    if (seq === searchSeq) box.removeAttribute('aria-busy');
  }
}

function renderChargers(chargers) {
  const box = $('chargers');
  if (chargers.length === 0) {
    box.replaceChildren(el('p', { class: 'empty' }, 'No chargers within that distance.'));
    return;
  }
  box.replaceChildren(...chargers.map((c) => el('article', { class: 'card charger' },
      el('h3', {}, c.name || c.locationId),
      el('p', { class: 'muted' }, [c.address, c.city].filter(Boolean).join(', '),
          ' · ', Number(c.distanceKm).toFixed(1), ' km away'),
      el('ul', { class: 'evses' }, c.evses.map((e) => renderEvse(c, e))))));
}

function renderEvse(charger, evse) {
  const available = evse.status === 'AVAILABLE';
  return el('li', { class: 'evse', dataset: { evseUid: evse.uid } },
      el('div', { class: 'evse-head' },
          el('strong', {}, evse.evseId || evse.uid),
          el('span', { class: 'status status-' + String(evse.status).toLowerCase() }, evse.status)),
      evse.connectors.map((k) => el('div', { class: 'connector' },
          el('p', {}, [k.standard, k.powerType].filter(Boolean).join(' · '),
              k.maxPowerKw != null ? ' · up to ' + Number(k.maxPowerKw) + ' kW' : ''),
          renderPrice(k.driverPrice))),
      available ? el('button', { type: 'button', class: 'start', onclick: (e) => once(e, () => start(charger, evse)) },
          'Start') : null);
}

function renderPrice(price) {
  if (!price) return el('p', { class: 'price muted' }, 'No price for your plan at this connector.');
  return el('div', { class: 'price' },
      el('p', {}, 'Your price (incl. ' + Number(price.vatPercent) + ' % VAT):'),
      el('ul', {}, price.components.map((p) => el('li', {},
          unitPrice(p.inclVat) + ' ' + price.currency + ' per ' + p.unit,
          ' (' + unitPrice(p.exclVat) + ' excl. VAT)', p.conditions ? ' · ' + p.conditions : '',
          price.conversion ? ' · ' + unitPrice(p.originalInclVat) + ' ' + price.conversion.fromCurrency : ''))),
      price.note ? el('p', { class: 'muted' }, price.note) : null,
      price.conversion ? el('p', { class: 'muted conversion' }, converted(price.conversion)) : null);
}

/** A price the CPO made in another currency: shown in the plan's, converted at today's rate, so an estimate. */
function converted(c) {
  return 'Estimate: converted from ' + c.fromCurrency + ' at ' + Number(c.rate) + ' ' + c.toCurrency + '/' + c.fromCurrency
      + ' (rate of ' + c.rateDate + '); your invoice uses the rate of the day you stop charging.';
}

function liveCost(cost) {
  if (!cost) return 'not priced yet';
  const text = money(cost.inclVat, cost.currency) + ' incl. VAT';
  return cost.conversion ? text + ' (estimate; ' + money(cost.originalInclVat, cost.conversion.fromCurrency) + ')' : text;
}

async function start(charger, evse) {
  const tokenUid = $('token-select').value || undefined;
  const accepted = await api('POST', '/driver/sessions', {
    cpoCountryCode: charger.cpoCountryCode, cpoPartyId: charger.cpoPartyId,
    locationId: charger.locationId, evseUid: evse.uid, tokenUid,
  });
  notice('Asking the charger to start…');
  const outcome = await awaitCommand(accepted.commandId);
  if (outcome.result !== 'ACCEPTED') throw new Error('The charger did not start: ' + describe(outcome));
  waitingForStart = true;
  show('session');
  notice('The charger accepted. Plug in if you have not yet; the session shows here once it runs.');
}

// ---- Commands ----------------------------------------------------------------------------------

const REFUSALS = ['REJECTED', 'NOT_SUPPORTED', 'UNKNOWN_SESSION'];

/** Polls the command until the CPO's charger answered (its CommandResult) or the CPO refused it. */
async function awaitCommand(commandId) {
  const deadline = Date.now() + COMMAND_WAIT_MS;
  while (Date.now() < deadline) {
    const status = await api('GET', '/driver/commands/' + encodeURIComponent(commandId));
    if (status.result || REFUSALS.includes(status.response)) return status;
    await new Promise((r) => setTimeout(r, COMMAND_POLL_MS));
  }
  return { result: 'TIMEOUT', message: 'no answer in time' };
}

function describe(status) {
  return (status.result || status.response || 'UNKNOWN') + (status.message ? ' (' + status.message + ')' : '');
}

// ---- Live session ------------------------------------------------------------------------------

function startLive() {
  stopLive();
  const tick = async () => {
    try {
      await loadLive();
    } catch (e) {
      showError(e.message);
    }
    if (!$('screen-session').hidden && sessionStorage.getItem(TOKEN_KEY)) liveTimer = setTimeout(tick, LIVE_REFRESH_MS);
  };
  tick();
}

function stopLive() {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = null;
}

async function loadLive() {
  const live = await api('GET', '/driver/sessions/live');
  const box = $('live');
  if (live.length === 0) {
    box.replaceChildren(el('p', { class: 'empty' }, waitingForStart
        ? 'Waiting for the charger to start your session…' : 'No session running.'));
    return;
  }
  if (waitingForStart) notice(''); // the session runs: the note about waiting for it is done
  waitingForStart = false;
  box.replaceChildren(...live.map((s) => el('article', { class: 'card live-session', dataset: { sessionId: s.id } },
      el('h3', {}, 'Charging at ' + s.locationId + (s.evseUid ? ' · ' + s.evseUid : '')),
      dl([
        ['Energy', kwh(s.kwh), 'kwh'],
        ['Power', power(s), 'power'],
        ['Duration', duration(s.durationSeconds), 'duration'],
        ['Cost so far', liveCost(s.driverCost), 'cost'],
      ]),
      el('button', { type: 'button', class: 'stop', onclick: (e) => once(e, () => stop(s)) }, 'Stop'))));
}

async function stop(session) {
  const accepted = await api('POST', '/driver/sessions/' + encodeURIComponent(session.id) + '/stop');
  notice('Asking the charger to stop…');
  const outcome = await awaitCommand(accepted.commandId);
  if (outcome.result !== 'ACCEPTED') throw new Error('The charger did not stop: ' + describe(outcome));
  notice('Stopped. The session moves to your history once the charger has reported it.');
}

// ---- History -----------------------------------------------------------------------------------

async function loadHistory() {
  const page = await api('GET', '/driver/sessions?size=50');
  const box = $('history');
  if (page.items.length === 0) {
    box.replaceChildren(el('p', { class: 'empty' }, 'No sessions yet.'));
    return;
  }
  box.replaceChildren(el('table', {},
      el('caption', {}, page.total + (page.total === 1 ? ' session' : ' sessions')),
      el('thead', {}, el('tr', {}, ['Started', 'Where', 'Energy', 'Duration', 'State'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, page.items.map((s) => el('tr', { class: 'history-row', dataset: { sessionId: s.id } },
          el('td', {}, when(s.start)),
          el('td', {}, s.locationId + (s.evseUid ? ' · ' + s.evseUid : '')),
          el('td', { class: 'kwh' }, kwh(s.kwh)),
          el('td', {}, duration(s.durationSeconds)),
          el('td', {}, s.kind === 'CDR' ? 'Completed (billed on your invoice)' : s.status))))));
}

// ---- Invoices ----------------------------------------------------------------------------------

async function loadInvoices() {
  const invoices = await api('GET', '/invoices');
  const box = $('invoices');
  if (invoices.length === 0) {
    box.replaceChildren(el('p', { class: 'empty' }, 'No invoices yet; they come after the end of each month.'));
    return;
  }
  box.replaceChildren(el('ul', { class: 'invoices' }, invoices.slice().reverse().map((i) => el('li', { class: 'card invoice' },
      el('strong', {}, (i.kind === 'CREDIT_NOTE' ? 'Credit note ' : 'Invoice ') + i.number),
      el('span', {}, ' · ' + i.periodMonth + ' · ' + money(i.totalInclVat, i.currency) + ' incl. VAT'),
      el('span', { class: 'links' },
          download('/invoices/' + encodeURIComponent(i.number) + '/pdf', i.number + '.pdf', 'PDF'),
          download('/invoices/' + encodeURIComponent(i.number) + '/csv', i.number + '.csv', 'CSV'))))));
}

/** A link to a file the API serves only with the bearer token: fetched, then saved from memory. */
function download(path, filename, label) {
  return el('a', { href: API + path, download: filename, class: 'download',
    onclick: (e) => {
      e.preventDefault();
      attempt(async () => {
        const res = await fetch(API + path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) } });
        if (!res.ok) throw await failure(res);
        const url = URL.createObjectURL(await res.blob());
        const a = el('a', { href: url, download: filename });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      });
    } }, label);
}

// ---- Start -------------------------------------------------------------------------------------

function init() {
  $('login-form').addEventListener('submit', (e) => { e.preventDefault(); attempt(() => logIn(e.target)); });
  $('signup-form').addEventListener('submit', (e) => { e.preventDefault(); attempt(() => signUp(e.target)); });
  $('near-form').addEventListener('submit', (e) => { e.preventDefault(); attempt(() => searchNear(e.target)); });
  $('logout').addEventListener('click', () => attempt(logOut));
  for (const b of document.querySelectorAll('#nav [data-screen]')) {
    b.addEventListener('click', () => { clearMessages(); show(b.dataset.screen); });
  }
  if ('geolocation' in navigator) {
    const locate = $('locate');
    locate.hidden = false;
    locate.addEventListener('click', () => {
      clearMessages();
      notice('Finding your location…');
      navigator.geolocation.getCurrentPosition((pos) => {
        const form = $('near-form');
        form.elements.lat.value = pos.coords.latitude.toFixed(5);
        form.elements.lon.value = pos.coords.longitude.toFixed(5);
        notice('');
        attempt(() => searchNear(form));
      }, (err) => { notice(''); showError('Your location is not available: ' + err.message); },
      { timeout: 10000, maximumAge: 60000 });
    });
  }
  const last = JSON.parse(sessionStorage.getItem('evstack.driver.near') || 'null');
  if (last) {
    $('near-form').elements.lat.value = last.lat;
    $('near-form').elements.lon.value = last.lon;
  }
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    setLoggedIn(null);
    return;
  }
  attempt(async () => {
    try {
      setLoggedIn(await api('GET', '/driver/me'));
      show('chargers');
    } catch (e) {
      setLoggedIn(null);
      throw e;
    }
  });
}

init();
