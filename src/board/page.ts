/**
 * The call board's page: one self-contained HTML document (style and script inline, the chart
 * arrives as SVG over the socket), so nothing is fetched from anywhere but the board server.
 * Telephony hosts often have no internet; the page works there. The server also sends a
 * Content-Security-Policy that forbids any other origin.
 *
 * The script is plain ES2020 for any current browser; it keeps no state the server does not
 * send, so a reload shows the same board.
 */

const STYLE = `
:root { --ink: #1d2430; --muted: #5b6676; --line: #d5dbe3; --bg: #f6f8fb; --hot: #e65100; --glow: #ffd54f; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; gap: 16px; align-items: center; padding: 10px 16px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 17px; margin: 0; }
#status { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #eee; }
#status[data-live="true"] { background: #c8e6c9; }
#counters { font-size: 12px; color: #8a4b00; }
#control { display: none; gap: 6px; margin-left: auto; }
#control[data-on="true"] { display: flex; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 420px; gap: 12px; padding: 12px; }
.line { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-bottom: 12px; }
.line > h2 { font-size: 14px; margin: 0; padding: 8px 12px; border-bottom: 1px solid var(--line); display: flex; gap: 8px; }
.badge { font-size: 12px; padding: 1px 8px; border-radius: 9px; background: #e3e8ef; }
.calls { display: flex; flex-wrap: wrap; gap: 10px; padding: 10px; }
.calls:empty::after { content: "no calls"; color: var(--muted); font-size: 12px; }
.call { border: 1px solid var(--line); border-radius: 8px; padding: 8px; width: 100%; }
.badge:empty { display: none; }
.call[data-ended="true"] { opacity: 0.6; }
.call[data-ended="true"] .drop { display: none; }
.call .answer, .call .reject, .call .hold, .call .unhold { display: none; }
.call[data-can-hold="true"] .hold, .call[data-can-unhold="true"] .unhold { display: inline-block; }
.call .held { background: #ffe0b2; }
.call[data-state="offering"] .answer, .call[data-state="accepted"] .answer,
.call[data-state="offering"] .reject, .call[data-state="accepted"] .reject { display: inline-block; }
.call h3 { font-size: 14px; margin: 0 0 6px; display: flex; gap: 8px; align-items: center; }
.call .state { font-weight: 600; color: var(--hot); }
.call .chart svg { width: 100%; height: auto; }
.call .chart .node.active path, .call .chart .node.active polygon { fill: var(--glow); stroke: var(--hot); stroke-width: 2.5; }
.call .chart .cluster.active > path, .call .chart .cluster.active > polygon { stroke: var(--hot); stroke-width: 2.5; fill: #fff8e1; }
aside { background: #fff; border: 1px solid var(--line); border-radius: 8px; display: flex; flex-direction: column; max-height: calc(100vh - 80px); position: sticky; top: 12px; }
aside h2 { font-size: 14px; margin: 0; padding: 8px 12px; border-bottom: 1px solid var(--line); }
#log { overflow-y: auto; font: 12px/1.5 ui-monospace, Menlo, Consolas, monospace; padding: 6px 10px; }
#log div[data-kind="state"] { color: var(--hot); }
#log .t { color: var(--muted); display: inline-block; min-width: 70px; }
`;

const SCRIPT = `
(function () {
  'use strict';
  var chart = '';
  var lines = document.getElementById('lines');
  var log = document.getElementById('log');
  var statusEl = document.getElementById('status');
  var countersEl = document.getElementById('counters');
  var counters = {};
  function showCounters(c) {
    counters[c.provider] = c.counts;
    countersEl.textContent = Object.keys(counters).map(function (name) {
      var parts = Object.keys(counters[name]).map(function (k) { return counters[name][k] + ' ' + k; });
      return parts.length ? name + ' dropped: ' + parts.join(', ') : '';
    }).filter(Boolean).join(' · ');
  }
  var control = document.getElementById('control');
  var MAX_LOG = 500;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function seconds(ms) { return (ms / 1000).toFixed(3) + ' s'; }
  function callerText(caller) {
    var number = caller.number === null ? 'a withheld number' : caller.number;
    return caller.name ? number + ' (' + caller.name + ')' : number;
  }

  function causeText(cause) {
    if (cause.origin !== 'transfer') return cause.origin + ' ' + cause.mode;
    return cause.transferredTo ? 'transferred to ' + cause.transferredTo : 'transferred';
  }

  function lineCard(line) {
    var card = document.getElementById('line-' + line.deviceId);
    if (!card) {
      card = el('section', { id: 'line-' + line.deviceId, class: 'line', 'data-device': String(line.deviceId) });
      var title = el('h2');
      title.appendChild(el('span', { class: 'name' }));
      title.appendChild(el('span', { class: 'badge provider' }));
      title.appendChild(el('span', { class: 'badge line-state' }));
      card.appendChild(title);
      card.appendChild(el('div', { class: 'calls' }));
      lines.appendChild(card);
      var option = el('option', { value: String(line.deviceId) }, 'line ' + line.deviceId);
      document.getElementById('device').appendChild(option);
    }
    card.querySelector('.name').textContent = 'Line ' + line.deviceId + ': ' + line.name;
    card.querySelector('.provider').textContent = line.provider;
    card.querySelector('.line-state').textContent = line.outOfService ? 'out of service: ' + line.outOfService : line.state;
    card.setAttribute('data-state', line.state);
    return card;
  }

  function callCard(call) {
    var card = document.querySelector('.call[data-call="' + CSS.escape(call.callId) + '"]');
    if (!card) {
      var line = document.getElementById('line-' + call.deviceId) || lineCard({ deviceId: call.deviceId, name: '', provider: '', state: 'open' });
      card = el('article', { class: 'call', 'data-call': call.callId, 'data-history': '' });
      var title = el('h3');
      title.appendChild(el('span', { class: 'id' }, call.callId));
      title.appendChild(el('span', { class: 'address' }));
      title.appendChild(el('span', { class: 'state' }));
      title.appendChild(el('span', { class: 'badge mode' }));
      title.appendChild(el('span', { class: 'badge held' }));
      // A call that arrived can be answered or rejected while it is offered (the CSS shows the
      // buttons in those states only); a call can be held and taken back where its chart says so
      // (data-can-hold, data-can-unhold); any call can be dropped.
      [['answer', 'Answer'], ['reject', 'Reject'], ['hold', 'Hold'], ['unhold', 'Unhold'], ['drop', 'Drop']].forEach(function (button) {
        var node = el('button', { class: button[0], type: 'button' }, button[1]);
        node.addEventListener('click', function () { send({ type: button[0], callId: call.callId }); });
        if (control.getAttribute('data-on') === 'true') title.appendChild(node);
      });
      card.appendChild(title);
      var box = el('div', { class: 'chart' });
      box.innerHTML = chart;
      card.appendChild(box);
      line.querySelector('.calls').prepend(card);
    }
    return card;
  }

  function showCall(call) {
    var card = callCard(call);
    // Who calls comes from the network (over SIP, whatever the caller sent): shown as text, never as markup.
    card.querySelector('.address').textContent = call.caller ? 'from ' + callerText(call.caller) : (call.address || '(no address)');
    card.setAttribute('data-direction', call.direction);
    card.querySelector('.state').textContent = call.state;
    card.querySelector('.mode').textContent = call.cause ? causeText(call.cause) : (call.mode || '');
    card.querySelector('.held').textContent = call.heldBy === 'us' ? 'held by us' : call.heldBy === 'far end' ? 'held by far end' : '';
    card.setAttribute('data-state', call.state);
    card.setAttribute('data-held', call.heldBy || '');
    card.setAttribute('data-can-hold', String(call.can.hold));
    card.setAttribute('data-can-unhold', String(call.can.unhold));
    card.setAttribute('data-ended', String(call.cause !== null));
    var history = card.getAttribute('data-history').split(' ').filter(Boolean);
    if (history[history.length - 1] !== call.state) history.push(call.state);
    card.setAttribute('data-history', history.join(' '));
    // The chart's active states, highlighted: state-<id with dots as dashes> (see to-dot.ts).
    var svg = card.querySelector('.chart');
    svg.querySelectorAll('.active').forEach(function (node) { node.classList.remove('active'); });
    call.active.forEach(function (id) {
      svg.querySelectorAll('.state-' + id.replace(/\\./g, '-')).forEach(function (node) { node.classList.add('active'); });
    });
    card.setAttribute('data-active', call.active.join(' '));
  }

  function showLog(entry) {
    var row = el('div', { 'data-kind': entry.kind, 'data-call': entry.callId || '' });
    row.appendChild(el('span', { class: 't' }, seconds(entry.at)));
    row.appendChild(document.createTextNode(' ' + entry.text));
    var atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.appendChild(row);
    while (log.childElementCount > MAX_LOG) log.firstElementChild.remove();
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  var socket;
  function send(message) { if (socket && socket.readyState === 1) socket.send(JSON.stringify(message)); }

  function connect() {
    // The board's token rides in the page's address; the feed asks for it too.
    var token = new URLSearchParams(location.search).get('token') || '';
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/feed?token=' + encodeURIComponent(token));
    socket.onopen = function () { statusEl.textContent = 'live'; statusEl.setAttribute('data-live', 'true'); };
    socket.onclose = function () {
      statusEl.textContent = 'disconnected, retrying';
      statusEl.setAttribute('data-live', 'false');
      setTimeout(connect, 1000);
    };
    socket.onmessage = function (message) {
      var m = JSON.parse(message.data);
      if (m.type === 'hello') {
        chart = m.chart;
        lines.textContent = '';
        log.textContent = '';
        document.getElementById('device').textContent = '';
        control.setAttribute('data-on', String(m.control));
        m.lines.forEach(lineCard);
        m.calls.forEach(showCall);
        m.log.forEach(showLog);
        counters = {};
        (m.counters || []).forEach(showCounters);
        document.body.setAttribute('data-ready', 'true');
      } else if (m.type === 'line') lineCard(m.line);
      else if (m.type === 'call') showCall(m.call);
      else if (m.type === 'log') showLog(m.entry);
      else if (m.type === 'counters') showCounters(m.counters);
      else if (m.type === 'notice') showLog({ at: m.at, kind: 'state', text: m.text });
    };
  }

  control.addEventListener('submit', function (event) {
    event.preventDefault();
    var address = document.getElementById('address').value;
    send({ type: 'call', deviceId: Number(document.getElementById('device').value), address: address });
  });
  connect();
})();
`;

/** The board page. */
export function boardPage(title = 'xtapi call board'): string {
  const safe = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safe}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>${safe}</h1>
  <span id="status" data-live="false">connecting</span>
  <span id="counters" title="what the providers dropped or shed"></span>
  <form id="control" data-on="false">
    <input id="address" name="address" placeholder="address, e.g. 5550111" autocomplete="off" required>
    <select id="device" name="device"></select>
    <button type="submit">Call</button>
  </form>
</header>
<main>
  <div id="lines"></div>
  <aside><h2>Event log</h2><div id="log"></div></aside>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
