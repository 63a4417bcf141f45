// The gitfed dashboard: one page of the cluster x resource matrix from /api/dashboard, fetched again whenever
// /api/events says something changed. Plain DOM, no build step, nothing loaded from elsewhere; every text from
// the server goes in as text (never as HTML).
'use strict';

const state = {
  rowOffset: 0, rowLimit: 50, clusterOffset: 0, clusterLimit: 20,
  page: null, focus: { row: 0, col: 0 }, openKey: null, opener: null,
  fetching: false, again: false, renders: 0, lastRenderMs: 0,
};

const $ = (id) => document.getElementById(id);
const short = (rev) => (rev ? rev.slice(0, 8) : '—');

/** el makes an element: attributes (data-*, aria-*, class...), then children (strings become text). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function query() {
  const p = new URLSearchParams({
    rowOffset: state.rowOffset, rowLimit: state.rowLimit, clusterOffset: state.clusterOffset, clusterLimit: state.clusterLimit,
  });
  const resource = $('f-resource').value.trim();
  const cluster = $('f-cluster').value.trim();
  if (resource) p.set('resource', resource);
  if (cluster) p.set('cluster', cluster);
  if ($('f-drifted').checked) p.set('only', 'drifted');
  else if ($('f-notready').checked) p.set('only', 'not-ready');
  return p;
}

/** refresh fetches the page; a change during a fetch fetches once more after it. */
async function refresh() {
  if (state.fetching) {
    state.again = true;
    return;
  }
  state.fetching = true;
  try {
    const res = await fetch(`/api/dashboard?${query()}`, { cache: 'no-store' });
    if (res.ok) render(await res.json());
    if (state.openKey) await openDetail(state.openKey, null);
  } finally {
    state.fetching = false;
    if (state.again) {
      state.again = false;
      void refresh();
    }
  }
}

function render(page) {
  const started = performance.now();
  state.page = page;
  renderSummary(page);
  renderClusters(page.clusters.items);
  renderMatrix(page);
  renderCommits(page.commits, page.clusters.items);
  state.renders += 1;
  state.lastRenderMs = performance.now() - started;
  document.body.dataset.version = String(page.version);
  document.body.dataset.revision = page.revision || '';
}

function renderSummary(page) {
  const t = page.totals;
  const diag = page.diagnostics.length ? ` · ${page.diagnostics.length} diagnostics` : '';
  $('diagnostics').replaceChildren(...page.diagnostics.map((d) => el('li', {}, d)));
  $('summary').textContent = `commit ${short(page.revision)} ${page.outcome} · ${t.clusters} clusters, ${t.notReady} not ready · ${t.resources} resources, ${t.driftedObjects} drifted objects${diag}`;
  const rows = page.rows;
  const cols = page.clusters;
  $('rows-info').textContent = rows.total ? `rows ${rows.offset + 1}–${rows.offset + rows.items.length} of ${rows.total}` : 'no rows';
  $('cols-info').textContent = cols.total ? `clusters ${cols.offset + 1}–${cols.offset + cols.items.length} of ${cols.total}` : 'no clusters';
  $('rows-prev').disabled = rows.offset === 0;
  $('rows-next').disabled = rows.offset + rows.items.length >= rows.total;
  $('cols-prev').disabled = cols.offset === 0;
  $('cols-next').disabled = cols.offset + cols.items.length >= cols.total;
}

function taintText(t) {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}${t.source === 'health' ? ' (health)' : ''}`;
}

function renderClusters(clusters) {
  const rows = clusters.map((c) => el('tr', { 'data-cluster-row': c.name, 'data-ready': c.ready, 'data-state': c.state },
    el('th', { scope: 'row' }, c.name, c.region ? el('small', {}, ` ${c.region}`) : '', c.owner ? el('small', { class: 'owner', title: 'the reconciler replica that writes this cluster' }, ` · ${c.owner}`) : ''),
    el('td', {}, el('span', { class: `ready ready-${c.ready}`, title: c.readyMessage }, c.ready === 'True' ? 'Ready' : `Not ready (${c.ready})`), ' ', el('small', {}, c.readyReason)),
    el('td', {}, c.readySince ? new Date(c.readySince).toLocaleTimeString() : '—'),
    el('td', {}, c.taints.length ? c.taints.map((t) => el('span', { class: `taint ${t.source}` }, taintText(t))) : '—'),
    el('td', { class: 'mono' }, short(c.appliedRevision)),
    el('td', {}, el('span', { class: `state state-${c.state}` }, c.state), ' ', el('small', {}, c.description)),
    el('td', {}, String(c.drifted))));
  $('clusters').tBodies[0].replaceChildren(...rows);
}

function cellLabel(c) {
  const replicas = c.replicas !== undefined ? ` ${c.ready ?? '?'}/${c.replicas}` : '';
  const health = c.health === 'Failed' ? ' ✗' : c.health === 'InProgress' ? ' …' : '';
  return `${c.drift ? '⚠' : c.sync === 'synced' ? '✓' : '•'} ${short(c.revision).slice(0, 7)}${replicas}${health}`;
}

function renderMatrix(page) {
  const clusters = page.clusters.items;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Resource'),
    clusters.map((c) => el('th', { scope: 'col', 'data-ready': c.ready, title: c.readyMessage }, el('span', { class: `dot ready-${c.ready}` }), c.name)));
  $('matrix').tHead.replaceChildren(head);
  const rows = page.rows.items.map((r, ri) => el('tr', { 'data-row': r.key },
    el('th', { scope: 'row', title: r.policy }, r.subject, r.reason ? el('small', {}, ` ${r.reason}`) : ''),
    clusters.map((c, ci) => {
      const cell = r.cells[c.name];
      if (!cell) return el('td', { class: 'none', 'aria-label': `${r.subject} not placed on ${c.name}` }, '');
      const cls = `cell ${cell.drift ? 'drift' : ''} ${cell.sync}`;
      return el('td', {
        class: cls, tabindex: -1, role: 'gridcell', 'data-resource': r.key, 'data-cluster': c.name, 'data-sync': cell.sync,
        'data-drift': String(cell.drift), 'data-health': cell.health, 'data-revision': cell.revision || '', 'data-r': ri, 'data-c': ci,
        'aria-label': `${r.subject} on ${c.name}: ${cell.sync}${cell.drift ? ', drifted' : ''}, health ${cell.health}, revision ${short(cell.revision)}`,
        title: `${cell.sync}${cell.drift ? ' (drift found)' : ''} · health ${cell.health}`,
      }, cellLabel(cell));
    })));
  // a cell that had the focus is replaced: its successor takes it, unless the drill-down holds it
  const refocus = Boolean(document.activeElement && document.activeElement.closest('#matrix td.cell')) && !state.openKey;
  $('matrix').tBodies[0].replaceChildren(...rows);
  restoreFocus(refocus);
}

/** restoreFocus keeps one cell in the tab order (roving tabindex): the one last focused, where it is still there. */
function restoreFocus(refocus) {
  const cells = [...document.querySelectorAll('#matrix td.cell')];
  if (!cells.length) return;
  const want = cells.find((c) => Number(c.dataset.r) === state.focus.row && Number(c.dataset.c) === state.focus.col) || cells[0];
  want.tabIndex = 0;
  if (refocus) want.focus();
}

function renderCommits(commits, clusters) {
  $('commits').tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, 'Commit'), el('th', { scope: 'col' }, 'Seen'),
    el('th', { scope: 'col' }, 'Outcome'), el('th', { scope: 'col' }, 'All clusters'), clusters.map((c) => el('th', { scope: 'col' }, c.name))));
  const rows = commits.map((c) => el('tr', { 'data-commit': c.revision || '' },
    el('th', { scope: 'row', class: 'mono' }, short(c.revision)),
    el('td', {}, new Date(c.seenAt).toLocaleTimeString()),
    el('td', {}, c.outcome),
    el('td', {}, Object.entries(c.counts).map(([s, n]) => el('span', { class: `state state-${s}` }, `${n} ${s}`))),
    clusters.map((m) => el('td', {}, c.clusters[m.name] ? el('span', { class: `state state-${c.clusters[m.name]}` }, c.clusters[m.name]) : '—'))));
  $('commits').tBodies[0].replaceChildren(...rows);
}

function show(value) {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function openDetail(key, opener) {
  const res = await fetch(`/api/object?key=${encodeURIComponent(key)}`, { cache: 'no-store' });
  if (!res.ok) return;
  const d = await res.json();
  state.openKey = key;
  if (opener) state.opener = opener;
  $('detail-title').textContent = d.subject;
  $('detail-policy').textContent = `placed by ${d.policy} on ${d.cells.length} cluster(s)${d.reason ? ` · ${d.reason}` : ''}`;
  $('detail-cells').tBodies[0].replaceChildren(...d.cells.map((c) => el('tr', { 'data-detail-cluster': c.cluster },
    el('th', { scope: 'row' }, c.cluster), el('td', {}, c.sync), el('td', {}, c.action || '—', c.reason ? el('small', {}, ` ${c.reason}`) : ''),
    el('td', {}, `${c.health} `, el('small', {}, c.healthMessage)), el('td', { class: 'mono' }, short(c.revision)),
    el('td', {}, c.replicas !== undefined ? `${c.ready ?? '?'}/${c.replicas}` : '—'))));
  const drifted = d.cells.filter((c) => c.driftType);
  $('detail-drift').replaceChildren(drifted.length ? el('table', { class: 'list diff' },
    el('thead', {}, el('tr', {}, ['Cluster', 'Field', 'Desired', 'Live', 'Changed by'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, drifted.flatMap((c) => (c.fields.length ? c.fields : [{ path: c.driftType === 'missing' ? '(object deleted)' : '(whole object)' }]).map((f) => el('tr', { 'data-drift-field': f.path },
      el('th', { scope: 'row' }, `${c.cluster} (${c.driftMode}${c.driftMode === 'correct' ? ', corrected' : ''})`), el('td', { class: 'mono' }, f.path),
      el('td', { class: 'mono del' }, show(f.desired)), el('td', { class: 'mono add' }, show(f.live)), el('td', {}, f.manager || '—')))))) : el('p', {}, 'No drift found on any cluster by the last pass.'));
  $('detail-trace').replaceChildren(d.trace ? el('pre', {}, JSON.stringify(d.trace, null, 2))
    : el('p', {}, 'This reconciler records no placement trace; ', el('code', {}, `gitfed explain ${d.subject}`), ' prints it.'));
  const dialog = $('detail');
  if (!dialog.open) dialog.showModal();
}

function closeDetail() {
  const dialog = $('detail');
  if (dialog.open) dialog.close();
}

function onDialogClosed() {
  state.openKey = null;
  if (state.opener && document.contains(state.opener)) state.opener.focus();
  else restoreFocus(true);
  state.opener = null;
}

/** onGridKey: arrows move within the page's cells, Home/End to the row's ends, Enter or Space opens the drill-down. */
function onGridKey(event) {
  const cell = event.target.closest('td.cell');
  if (!cell) return;
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    void openDetail(cell.dataset.resource, cell);
    return;
  }
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const move = moves[event.key];
  if (!move) return;
  event.preventDefault();
  const cells = [...document.querySelectorAll('#matrix td.cell')];
  const [r, c] = [Number(cell.dataset.r), Number(cell.dataset.c)];
  const dist = (x) => Math.abs(Number(x.dataset.r) - r) + Math.abs(Number(x.dataset.c) - c);
  const ahead = cells.filter((x) => (move[0] ? Math.sign(Number(x.dataset.r) - r) === move[0] && Number(x.dataset.c) === c
    : Math.sign(Number(x.dataset.c) - c) === move[1] && Number(x.dataset.r) === r));
  const next = ahead.sort((a, b) => dist(a) - dist(b))[0];
  if (next) focusCell(next);
}

function focusCell(cell) {
  for (const c of document.querySelectorAll('#matrix td.cell[tabindex="0"]')) c.tabIndex = -1;
  cell.tabIndex = 0;
  state.focus = { row: Number(cell.dataset.r), col: Number(cell.dataset.c) };
  cell.focus();
}

function page(dRows, dCols) {
  const p = state.page;
  if (!p) return;
  state.rowOffset = Math.max(0, Math.min(state.rowOffset + dRows * state.rowLimit, Math.max(0, p.rows.total - 1)));
  state.clusterOffset = Math.max(0, Math.min(state.clusterOffset + dCols * state.clusterLimit, Math.max(0, p.clusters.total - 1)));
  void refresh();
}

function listen() {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    $('live').textContent = 'live';
    $('live').className = 'live on';
    void refresh();
  });
  events.addEventListener('error', () => {
    $('live').textContent = 'reconnecting…';
    $('live').className = 'live off';
  });
  events.addEventListener('change', () => void refresh());
}

function start() {
  $('matrix').addEventListener('keydown', onGridKey);
  $('matrix').addEventListener('click', (e) => {
    const cell = e.target.closest('td.cell');
    if (cell) {
      focusCell(cell);
      void openDetail(cell.dataset.resource, cell);
    }
  });
  $('matrix').addEventListener('focusin', (e) => {
    const cell = e.target.closest('td.cell');
    if (cell) state.focus = { row: Number(cell.dataset.r), col: Number(cell.dataset.c) };
  });
  $('detail-close').addEventListener('click', closeDetail);
  $('detail').addEventListener('close', onDialogClosed);
  $('rows-prev').addEventListener('click', () => page(-1, 0));
  $('rows-next').addEventListener('click', () => page(1, 0));
  $('cols-prev').addEventListener('click', () => page(0, -1));
  $('cols-next').addEventListener('click', () => page(0, 1));
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('filters').addEventListener('input', () => {
    state.rowOffset = 0;
    state.clusterOffset = 0;
    void refresh();
  });
  // for the benchmark and a curious reader: the page's state, and a way to fetch it again now
  window.gitfedDashboard = Object.assign(state, { refresh });
  void refresh();
  listen();
}

start();
