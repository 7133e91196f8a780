// The console's live alert list: server-sent events from /console/alerts/stream (same origin, the session cookie),
// each alert prepended as a table row built with textContent only (no HTML from the stream is ever parsed).
(() => {
  "use strict";
  const body = document.getElementById("alerts");
  const feed = document.getElementById("alert-feed");
  const empty = document.getElementById("no-alerts");
  const maxRows = 200;
  const cell = (text, code) => {
    const td = document.createElement("td");
    const inner = code ? document.createElement("code") : td;
    inner.textContent = text;
    if (code) td.appendChild(inner);
    return td;
  };
  const when = (iso) => iso.replace("T", " ").replace(/\.\d+/, "").replace("Z", " UTC");
  const state = (name, text) => { feed.dataset.state = name; feed.textContent = text; };
  const source = new EventSource("/console/alerts/stream");
  source.onopen = () => state("live", "Live.");
  source.onerror = () => state("reconnecting", "Reconnecting…");
  source.addEventListener("dropped", () => state("reconnecting", "Fell behind; reload the page for the full list."));
  source.addEventListener("alert", (event) => {
    const alert = JSON.parse(event.data);
    if (body.querySelector(`tr[data-alert="${CSS.escape(alert.id)}"]`)) return;
    const row = document.createElement("tr");
    row.dataset.alert = alert.id;
    row.className = "new";
    const rule = cell(`${alert.rule} (${alert.code})`);
    const value = cell(`${alert.value} ${alert.unit}`);
    value.className = "value";
    row.append(cell(when(alert.raised)), cell(alert.patient, true), rule, value, cell(when(alert.effective)), cell(alert.device, true));
    body.prepend(row);
    empty.hidden = true;
    while (body.rows.length > maxRows) body.deleteRow(-1);
  });
})();
