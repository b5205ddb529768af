/**
 * The dashboard's script (inlined into the page). It reads the JSON block and
 * builds the page with DOM calls: every text from the report goes through
 * `textContent` or a property, never `innerHTML`. No template literals in
 * here (this is a template literal itself).
 */
export const PAGE_JS = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('rfsn-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var STRIDE = 7;
  var N = D.f.length / STRIDE;
  var SEV_COLORS = { high: '#d92d20', medium: '#f79009', low: '#2e90fa', info: '#98a2b3' };

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') el.textContent = attrs[k];
      else if (k === 'cls') el.className = attrs[k];
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), attrs[k]);
      else el.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) continue;
      el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return el;
  }
  function s(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    for (var k in attrs || {}) {
      if (k === 'text') el.textContent = attrs[k];
      else el.setAttribute(k, attrs[k]);
    }
    return el;
  }
  function fmt(n) { return Number(n).toLocaleString('en-US'); }
  function plural(n, one, many) { return fmt(n) + ' ' + (n === 1 ? one : (many || one + 's')); }

  var upgradeOfCode = D.codeUpgrade;
  var app = document.getElementById('app');

  // ---- header
  var m = D.meta;
  app.appendChild(h('header', { cls: 'top' },
    h('h1', null, 'Upgrade dashboard ', h('span', { text: m.paths.join(' ') === '.' ? m.folder : m.paths.join(' ') })),
    h('div', { cls: 'meta' },
      h('span', null, m.tool + ' ', h('b', { text: m.version })),
      h('span', null, 'scanned ', h('b', { text: new Date(m.date).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' })),
      m.root ? h('span', null, 'paths under ', h('b', { id: 'root', title: m.root, text: m.root.slice(m.root.lastIndexOf('/') + 1) || m.root })) : null,
      h('span', null, 'commit ', h('b', { id: 'commit', title: m.commit || '', text: m.commit ? m.commit.slice(0, 10) : 'not a git repository' })),
      h('span', null, h('b', { text: fmt(m.files) }), ' files · ', h('b', { text: fmt(m.findings) }), ' findings' + (m.errors ? ' · ' + plural(m.errors, 'file') + ' not checked' : '')))));
  var main = h('main');
  app.appendChild(main);

  // ---- overview: totals by severity, progress, gauges
  var done = D.upgrades.filter(function (u) { return u.state === 'done'; }).length;
  var bySev = D.summary.bySeverity || {};
  var sevbar = h('div', { cls: 'sevbar', id: 'sevbar' });
  var legend = h('div', { cls: 'legend' });
  D.sev.forEach(function (k) {
    var n = bySev[k] || 0;
    if (m.findings) sevbar.appendChild(h('i', { style: 'width:' + (100 * n / m.findings) + '%;background:' + SEV_COLORS[k], title: k + ': ' + n }));
    legend.appendChild(h('span', { 'data-sev': k }, h('i', { cls: 'dot', style: 'background:' + SEV_COLORS[k] }), k + ' ', h('b', { text: fmt(n) })));
  });
  function gauge(label, cov, id) {
    var pct = cov ? cov.percent : null;
    var r = 46, cx = 60, cy = 58, len = Math.PI * r;
    var svg = s('svg', { width: 120, height: 74, viewBox: '0 0 120 74', role: 'img', 'aria-label': label });
    var arc = 'M ' + (cx - r) + ' ' + cy + ' A ' + r + ' ' + r + ' 0 0 1 ' + (cx + r) + ' ' + cy;
    svg.appendChild(s('path', { d: arc, fill: 'none', stroke: '#eaecf0', 'stroke-width': 12, 'stroke-linecap': 'round' }));
    if (pct !== null) {
      var color = pct >= 80 ? '#12b76a' : pct >= 50 ? '#f79009' : '#d92d20';
      svg.appendChild(s('path', { d: arc, fill: 'none', stroke: color, 'stroke-width': 12, 'stroke-linecap': 'round', 'stroke-dasharray': (len * pct / 100) + ' ' + len }));
    }
    svg.appendChild(s('text', { x: cx, y: cy - 4, 'text-anchor': 'middle', style: 'font-size:20px;font-weight:700;fill:#1d2330', text: pct === null ? '–' : pct + '%' }));
    var sub = !cov ? 'not measured' : cov.documented !== undefined ? fmt(cov.documented) + ' of ' + fmt(cov.total) + ' documented' : fmt(cov.tested) + ' of ' + fmt(cov.total) + ' modules tested';
    return h('div', { cls: 'gauge', id: id }, svg, h('div', null, h('b', { text: label })), h('div', { text: sub }));
  }
  main.appendChild(h('section', { id: 'overview' }, h('div', { cls: 'row' },
    h('div', { cls: 'panel kpi' }, h('div', { cls: 'n', id: 'progress', text: done + ' / ' + D.upgrades.length }), h('div', { cls: 'l', text: 'upgrades done (' + Math.round(100 * done / D.upgrades.length) + '%)' }),
      h('div', { cls: 'legend', style: 'margin-top:10px' }, ['todo', 'partial', 'done', 'unknown'].map(function (st) {
        var n = D.upgrades.filter(function (u) { return u.state === st; }).length;
        // the todo tag is as loud as the most urgent upgrade still to do (a red tag only when a high one is)
        var top = st === 'todo' ? ['high', 'medium', 'low'].filter(function (p) { return D.upgrades.some(function (u) { return u.state === 'todo' && u.priority === p; }); })[0] : null;
        return n ? h('span', null, h('span', { cls: 'pill ' + st + (top ? ' todo-' + top : ''), 'data-state': st, text: st }), ' ' + n) : null;
      }).filter(Boolean).reduce(function (f, e) { f.appendChild(e); return f; }, document.createDocumentFragment()))),
    h('div', { cls: 'panel kpi' }, h('div', { cls: 'n', text: fmt(m.findings) }), h('div', { cls: 'l', text: 'findings in ' + plural(D.paths.length, 'file') }), sevbar, legend),
    h('div', { cls: 'panel' }, h('div', { cls: 'gauges' }, gauge('Docstrings', D.summary.docstringCoverage, 'gauge-doc'), gauge('Tests', D.summary.testCoverage, 'gauge-test'))))));

  // ---- upgrade cards
  // findings of each upgrade by severity: a card says how severe its findings are, apart from its colour
  var sevOf = {};
  for (var q = 0; q < N; q++) {
    var qu = upgradeOfCode[D.f[q * STRIDE + 2]];
    var qs = sevOf[qu] || (sevOf[qu] = D.sev.map(function () { return 0; }));
    qs[D.f[q * STRIDE + 3]]++;
  }
  var cards = h('div', { cls: 'cards', id: 'cards' });
  D.upgrades.forEach(function (u) {
    var scaf = u.scaffolds.length
      ? u.scaffolds.map(function (x) { return x.kind + (x.at ? ' ✓' : ' missing'); }).join(' · ')
      : u.helps.length ? 'scaffold: ' + u.helps.join(', ') : '';
    // the colour is the upgrade's state; a todo is as loud as its priority (a low one is not an alarm)
    var tone = u.state === 'todo' ? 'todo-' + u.priority : u.state;
    var sevs = h('div', { cls: 'sevs' });
    (sevOf[u.id] || []).forEach(function (n, k) { if (n) sevs.appendChild(h('span', { cls: 'sv ' + D.sev[k], 'data-sev': D.sev[k] }, h('i', { cls: 'dot' }), fmt(n) + ' ' + D.sev[k])); });
    var card = h('a', { cls: 'card ' + tone, 'data-tone': tone, href: '#findings', 'data-upgrade': u.id, title: u.action, onclick: function (e) { e.preventDefault(); showUpgrade(u.id); } },
      h('div', { cls: 'hd' }, h('span', { cls: 'id', text: u.id }), h('span', null, h('span', { cls: 'prio', text: u.priority }), ' ', h('span', { cls: 'pill ' + u.state, 'data-state': u.state, text: u.state }))),
      h('div', { cls: 't', text: u.title }),
      h('div', { cls: 'hd' }, h('span', { cls: 'cnt', 'data-findings': u.findings, text: fmt(u.findings) }), h('span', { cls: 'note', text: !u.checked ? 'not checked' : u.findings ? 'in ' + plural(u.files, 'file') : 'no findings' })),
      sevs.firstChild ? sevs : null,
      h('div', { cls: 'ft' }, u.safe ? h('span', { cls: 'fx safe', text: plural(u.safe, 'safe fix', 'safe fixes') }) : null, u.unsafe ? h('span', { cls: 'fx unsafe', text: plural(u.unsafe, 'unsafe fix', 'unsafe fixes') }) : null),
      scaf ? h('div', { cls: 'scf', text: scaf + (u.helps.length ? '  →  rfsn-upgrade scaffold ' + u.helps[0] : '') }) : null);
    cards.appendChild(card);
  });
  main.appendChild(h('section', null, h('h2', { text: 'Upgrades' }),
    m.scaffoldsJudged ? null : h('p', { cls: 'note', text: 'Scaffold presence was not checked in this run; rfsn-upgrade status --format html judges it.' }), cards));

  // ---- totals by upgrade + heat map
  var maxU = Math.max.apply(null, [1].concat(D.upgrades.map(function (u) { return u.findings; })));
  var bars = h('div', { cls: 'bars', id: 'by-upgrade' });
  D.upgrades.forEach(function (u) {
    bars.appendChild(h('div', { cls: 'b', title: u.title }, h('span', { cls: 'lbl' }, h('b', { text: u.id }), ' ', h('span', { cls: 'name', text: u.title })), h('span', { cls: 'track' }, h('i', { style: 'width:' + (100 * u.findings / maxU) + '%' })), h('span', { cls: 'v', text: fmt(u.findings) })));
  });
  var folders = {};
  for (var i = 0; i < N; i++) {
    var p = D.paths[D.f[i * STRIDE]];
    var dir = p.lastIndexOf('/') >= 0 ? p.slice(0, p.lastIndexOf('/') + 1) : './';
    var u = upgradeOfCode[D.f[i * STRIDE + 2]];
    var row = folders[dir] || (folders[dir] = { total: 0, by: {} });
    row.total++;
    row.by[u] = (row.by[u] || 0) + 1;
  }
  // folders are shown below the folder all of them share (named once above the table)
  var keys = Object.keys(folders);
  var common = keys.length ? keys.reduce(function (a, b) { var i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return a.slice(0, a.slice(0, i).lastIndexOf('/') + 1); }) : '';
  var dirs = keys.sort(function (a, b) { return folders[b].total - folders[a].total || (a < b ? -1 : 1); });
  var shown = dirs.slice(0, 25);
  var maxCell = 1;
  shown.forEach(function (d) { for (var k in folders[d].by) maxCell = Math.max(maxCell, folders[d].by[k]); });
  var heat = h('table', { id: 'heatmap' });
  var hr = h('tr', null, h('th', { cls: 'f', text: 'folder' }));
  // the number on top, the title under it, written upwards so the columns stay narrow
  D.upgrades.forEach(function (u) { hr.appendChild(h('th', { cls: 'u', title: u.id + ' ' + u.title, 'data-upgrade': u.id }, h('span', { cls: 'num', text: u.id.slice(1) }), h('span', { cls: 'name', text: u.title }))); });
  hr.appendChild(h('th', { text: 'all' }));
  heat.appendChild(h('thead', null, hr));
  var tb = h('tbody');
  shown.forEach(function (d) {
    var tr = h('tr', null, h('th', { cls: 'f', title: d, text: d.slice(common.length) || './' }));
    D.upgrades.forEach(function (u) {
      var n = folders[d].by[u.id] || 0;
      var a = n ? 0.12 + 0.88 * Math.log(1 + n) / Math.log(1 + maxCell) : 0;
      tr.appendChild(n
        ? h('td', { style: 'background:rgba(217,45,32,' + a.toFixed(3) + ');color:' + (a > 0.55 ? '#fff' : '#101828'), title: d + ' · ' + u.id + ': ' + n, text: n, onclick: function () { showUpgrade(u.id, d); } })
        : h('td', { cls: 'z', text: '0' }));
    });
    tr.appendChild(h('td', { style: 'font-weight:650', text: folders[d].total }));
    tb.appendChild(tr);
  });
  heat.appendChild(tb);
  main.appendChild(h('section', null, h('div', { cls: 'row split' },
    h('div', { cls: 'panel' }, h('h2', { text: 'Findings by upgrade' }), bars),
    h('div', { cls: 'panel heat' }, h('h2', { text: 'Folders × upgrades' }), h('p', { cls: 'note', text: (common ? 'Under ' + common + ': ' : '') + (dirs.length > shown.length ? 'the ' + shown.length + ' folders with most findings of ' + dirs.length + '.' : plural(dirs.length, 'folder') + ' with findings.') + ' Click a cell for its findings.' }), N ? h('div', { cls: 'heat-scroll', id: 'heat-scroll' }, heat) : h('p', { cls: 'empty', text: 'No findings.' })))));

  // ---- burndown
  var burn = h('div', { cls: 'panel chart', id: 'burndown' });
  main.appendChild(h('section', null, h('h2', { text: 'Burndown' }), burn));
  if (!D.history || !D.history.length) {
    burn.appendChild(h('p', { cls: 'note', text: 'No history in this report: rfsn-upgrade status --history 20 --format html:report.html draws the findings over the last commits.' }));
  } else {
    burn.appendChild(lineChart(D.history.map(function (e) { return e.findings; }), 900, 220, true, 'total'));
    burn.appendChild(h('p', { cls: 'note', text: D.history.length + ' commits, ' + D.history[0].commit.slice(0, 8) + ' (' + D.history[0].date.slice(0, 10) + ') to ' + D.history[D.history.length - 1].commit.slice(0, 8) + ' (' + D.history[D.history.length - 1].date.slice(0, 10) + '): ' + fmt(D.history[0].findings) + ' → ' + fmt(D.history[D.history.length - 1].findings) + ' findings, ' + D.history[0].done + ' → ' + D.history[D.history.length - 1].done + ' upgrades done.' }));
    var minis = h('div', { cls: 'minis' });
    D.upgrades.forEach(function (u) {
      var series = D.history.map(function (e) { return e.upgrades[u.id] ? e.upgrades[u.id].findings : 0; });
      var last = D.history[D.history.length - 1].upgrades[u.id];
      minis.appendChild(h('div', { cls: 'mini', 'data-upgrade': u.id, title: u.title }, h('div', { cls: 'h' }, h('b', { text: u.id }), h('span', { cls: 'note', text: fmt(series[0]) + ' → ' + fmt(series[series.length - 1]) }), h('span', { cls: 'pill ' + (last ? last.state + (last.state === 'todo' ? ' todo-' + u.priority : '') : 'unknown'), 'data-state': last ? last.state : 'unknown', text: last ? last.state : '?' })), lineChart(series, 160, 44, false, u.id)));
    });
    burn.appendChild(minis);
  }
  function lineChart(values, w, hgt, axes, label) {
    var pad = axes ? { l: 46, r: 12, t: 12, b: 24 } : { l: 2, r: 2, t: 4, b: 4 };
    // each small chart has its own scale (its largest count): the numbers beside it say how many
    var max = Math.max.apply(null, [1].concat(values));
    var svg = s('svg', { viewBox: '0 0 ' + w + ' ' + hgt, role: 'img', 'aria-label': 'findings over commits: ' + label, 'data-values': values.join(',') });
    var x = function (i) { return pad.l + (values.length < 2 ? (w - pad.l - pad.r) / 2 : i * (w - pad.l - pad.r) / (values.length - 1)); };
    var y = function (v) { return pad.t + (hgt - pad.t - pad.b) * (1 - v / max); };
    if (axes) {
      for (var t = 0; t <= 4; t++) {
        var v = Math.round(max * t / 4);
        svg.appendChild(s('line', { x1: pad.l, x2: w - pad.r, y1: y(v), y2: y(v), class: 'axis', 'stroke-dasharray': t ? '3 3' : '' }));
        svg.appendChild(s('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', text: fmt(v) }));
      }
    }
    if (axes) {
      var ticks = values.length < 2 ? [0] : [0, Math.floor((values.length - 1) / 2), values.length - 1];
      ticks.filter(function (t, k) { return ticks.indexOf(t) === k; }).forEach(function (t) {
        var e = D.history[t];
        svg.appendChild(s('text', { x: x(t), y: hgt - 6, 'text-anchor': t === 0 && values.length > 1 ? 'start' : t === values.length - 1 && values.length > 1 ? 'end' : 'middle', text: e.date.slice(0, 10) + ' ' + e.commit.slice(0, 7) }));
      });
    }
    var pts = values.map(function (v, i) { return x(i).toFixed(1) + ',' + y(v).toFixed(1); });
    svg.appendChild(s('polygon', { points: pts.concat([x(values.length - 1).toFixed(1) + ',' + y(0), x(0).toFixed(1) + ',' + y(0)]).join(' '), fill: 'rgba(53,88,214,.10)' }));
    svg.appendChild(s('polyline', { points: pts.join(' '), fill: 'none', stroke: '#3558d6', 'stroke-width': axes ? 2.5 : 1.8, 'stroke-linejoin': 'round' }));
    if (axes) values.forEach(function (v, i) {
      var c = s('circle', { cx: x(i), cy: y(v), r: 3.5, fill: '#3558d6' });
      var e = D.history[i];
      c.appendChild(s('title', { text: e.commit.slice(0, 8) + ' ' + e.date.slice(0, 10) + ' · ' + fmt(v) + ' findings · ' + e.subject }));
      svg.appendChild(c);
    });
    return svg;
  }

  // ---- findings table (virtualised: only the rows in view exist)
  var fU = h('select', { id: 'f-upgrade', 'aria-label': 'upgrade' }, h('option', { value: '', text: 'All upgrades' }));
  D.upgrades.forEach(function (u) { fU.appendChild(h('option', { value: u.id, text: u.id + ' ' + u.title })); });
  var fC = h('select', { id: 'f-code', 'aria-label': 'code' }, h('option', { value: '', text: 'All codes' }));
  D.codes.map(function (c, i) { return [c, i]; }).sort(function (a, b) { return a[0] < b[0] ? -1 : 1; }).forEach(function (c) { fC.appendChild(h('option', { value: String(c[1]), text: c[0] })); });
  var fS = h('select', { id: 'f-severity', 'aria-label': 'severity' }, h('option', { value: '', text: 'All severities' }));
  D.sev.forEach(function (x, i) { fS.appendChild(h('option', { value: String(i), text: x })); });
  var fP = h('input', { id: 'f-path', type: 'search', placeholder: 'Filter by path…', 'aria-label': 'path' });
  var count = h('span', { cls: 'count', id: 'count' });
  var reset = h('button', { type: 'button', id: 'f-reset', text: 'Clear', onclick: function () { fU.value = fC.value = fS.value = fP.value = ''; apply(); } });
  var vp = h('div', { cls: 'vp', id: 'rows', role: 'table' });
  var spacer = h('div', { style: 'height:0' });
  vp.appendChild(spacer);
  var head = h('div', { cls: 'grid-head' }, h('span', { text: 'severity' }), h('span', { text: 'code' }), h('span', { text: 'location' }), h('span', { text: 'message' }), h('span', { text: 'source' }), h('span', { text: 'fix' }));
  main.appendChild(h('section', { id: 'findings' }, h('h2', { text: 'Findings' }), h('div', { cls: 'panel' }, h('div', { cls: 'filters' }, fU, fC, fS, fP, reset, count), head, vp)));

  var ROW = 34;
  var visible = new Int32Array(N);
  var nVisible = 0;
  function apply() {
    var wantU = fU.value, wantC = fC.value === '' ? -1 : Number(fC.value), wantS = fS.value === '' ? -1 : Number(fS.value);
    var text = fP.value.trim().toLowerCase();
    var pathOk = null;
    if (text) { pathOk = D.paths.map(function (p) { return p.toLowerCase().indexOf(text) >= 0; }); }
    nVisible = 0;
    for (var i = 0; i < N; i++) {
      var o = i * STRIDE;
      if (wantC >= 0 && D.f[o + 2] !== wantC) continue;
      if (wantU && upgradeOfCode[D.f[o + 2]] !== wantU) continue;
      if (wantS >= 0 && D.f[o + 3] !== wantS) continue;
      if (pathOk && !pathOk[D.f[o]]) continue;
      visible[nVisible++] = i;
    }
    count.textContent = fmt(nVisible) + ' of ' + plural(N, 'finding');
    spacer.style.height = (nVisible * ROW) + 'px';
    vp.scrollTop = 0;
    draw(true);
  }
  var drawn = { from: -1, to: -1 };
  function draw(force) {
    var from = Math.max(0, Math.floor(vp.scrollTop / ROW) - 10);
    var to = Math.min(nVisible, Math.ceil((vp.scrollTop + vp.clientHeight) / ROW) + 10);
    if (!force && from === drawn.from && to === drawn.to) return;
    drawn = { from: from, to: to };
    while (vp.lastChild !== spacer) vp.removeChild(vp.lastChild);
    if (!nVisible) { vp.appendChild(h('div', { cls: 'empty frow', style: 'top:0', text: N ? 'No finding matches these filters.' : 'No findings.' })); return; }
    var frag = document.createDocumentFragment();
    for (var r = from; r < to; r++) {
      var o = visible[r] * STRIDE;
      var sev = D.sev[D.f[o + 3]], fx = D.f[o + 6];
      var loc = D.paths[D.f[o]] + ':' + D.f[o + 1];
      var code = D.codes[D.f[o + 2]];
      // the full path in the tooltip: the text is relative to the project root
      var full = (m.root && !/^([A-Za-z]:)?\//.test(D.paths[D.f[o]]) ? m.root.replace(/\/$/, '') + '/' : '') + loc;
      frag.appendChild(h('div', { cls: 'frow', role: 'row', style: 'top:' + (r * ROW) + 'px' },
        h('span', { cls: 'sev ' + sev, text: sev }),
        h('a', { cls: 'code', href: m.docs + code + '.md', title: 'docs/rules/' + code + '.md', text: code }),
        h('span', { cls: 'loc', title: full, text: loc }),
        h('span', { cls: 'msg', title: D.msgs[D.f[o + 4]], text: D.msgs[D.f[o + 4]] }),
        h('span', { cls: 'src', title: D.srcs[D.f[o + 5]], text: D.srcs[D.f[o + 5]] }),
        h('span', { cls: 'fxc' }, fx ? h('span', { cls: 'fx ' + (fx === 1 ? 'safe' : 'unsafe'), text: fx === 1 ? 'safe' : 'unsafe' }) : null)));
    }
    vp.appendChild(frag);
  }
  var pending = false;
  vp.addEventListener('scroll', function () { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; draw(false); }); } });
  [fU, fC, fS].forEach(function (el) { el.addEventListener('change', apply); });
  var timer = 0;
  fP.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });

  function showUpgrade(id, folder) {
    fU.value = id; fC.value = ''; fS.value = ''; fP.value = folder && folder !== './' ? folder : '';
    apply();
    document.getElementById('findings').scrollIntoView();
  }
  function fromHash() {
    var mm = /^#findings:(U\d+)$/.exec(location.hash);
    if (mm) showUpgrade(mm[1]);
  }
  window.addEventListener('hashchange', fromHash);

  if (D.errors.length) {
    var ul = h('ul', { cls: 'errors' });
    D.errors.forEach(function (e) { ul.appendChild(h('li', { text: e.path + ': ' + e.message })); });
    main.appendChild(h('section', null, h('h2', { text: 'Not checked' }), h('div', { cls: 'panel' }, ul)));
  }
  apply();
  fromHash();
  document.documentElement.setAttribute('data-ready', '1');
})();
`;
