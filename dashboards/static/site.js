/* threadline dashboards: draws the figures each page embeds as JSON and wires the filters, the
   search, the click-to-read panels and the thread explorer. Written once beside the pages,
   loaded (deferred) after plotly.min.js and, on pages with filters, threadline-data.js.
   Text from the data is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var DATA = window.THREADLINE_DATA || null;
  var NO_COUNTRY = "-";
  var plots = [];
  var vis = null; // the current filter result (see computeVisibility)
  var applied = 0; // how many times the filters were applied

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function copy(obj) { var out = {}; for (var k in obj) { if (Object.prototype.hasOwnProperty.call(obj, k)) { out[k] = obj[k]; } } return out; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function isWebUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url); }
  function isLocalLink(href) { return typeof href === "string" && /^threads\.html#[a-z0-9-]+$/.test(href); }
  function linkTo(href, label, external) {
    var a = el("a", null, label);
    a.href = href;
    if (external) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    return a;
  }

  // ------------------------------------------------------------------ filter state
  // q: search words; c, t: selected country codes / event types (null = all); i: show inherited countries.
  var state = { q: "", c: null, t: null, i: false };
  var countryCodes = DATA ? DATA.countries.map(function (c) { return c[0]; }) : [];
  var typeNames = DATA ? DATA.types.map(function (t) { return t[0]; }) : [];

  function readQuery() {
    var params = {};
    location.search.replace(/^\?/, "").split("&").forEach(function (part) {
      if (!part) { return; }
      var kv = part.split("=");
      try { params[decodeURIComponent(kv[0])] = decodeURIComponent((kv[1] || "").replace(/\+/g, " ")); } catch (err) { /* ignore */ }
    });
    function set(value) {
      if (value === undefined) { return null; }
      var out = {};
      value.split(",").forEach(function (v) { if (v) { out[v] = true; } });
      return out;
    }
    state.q = params.q || "";
    state.c = set(params.c);
    state.t = set(params.t);
    state.i = params.i === "1";
  }

  function queryString() {
    var parts = [];
    if (state.q) { parts.push("q=" + encodeURIComponent(state.q)); }
    if (state.c) { parts.push("c=" + Object.keys(state.c).map(encodeURIComponent).join(",")); }
    if (state.t) { parts.push("t=" + Object.keys(state.t).map(encodeURIComponent).join(",")); }
    if (state.i) { parts.push("i=1"); }
    return parts.length ? "?" + parts.join("&") : "";
  }

  function shareState() {
    var qs = queryString();
    $$("a[data-keep]").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("?")[0] + qs);
    });
    try { history.replaceState(null, "", location.pathname + qs + location.hash); } catch (err) { /* file:// may refuse */ }
  }

  function eventHaystacks() {
    var ev = DATA.events, rows = DATA.rows, hay = [];
    for (var e = 0; e < ev.id.length; e++) {
      var type = ev.type[e] >= 0 ? typeNames[ev.type[e]] : "";
      hay.push([ev.text[e], ev.author[e], ev.where[e], type, ev.when[e]].join(" ").toLowerCase());
    }
    for (var r = 0; r < rows.e.length; r++) {
      if (rows.c[r] >= 0) { hay[rows.e[r]] += " " + DATA.countries[rows.c[r]][1].toLowerCase(); }
    }
    return hay;
  }
  var haystacks = DATA ? eventHaystacks() : [];

  /* rowOk[r]: the (event, country) row passes every filter (what the charts draw);
     eventMatch[e]: the event passes the search, the type filter and has a selected country,
     inherited or not (what the tables list: the inherited toggle only declutters the charts). */
  function computeVisibility() {
    var ev = DATA.events, rows = DATA.rows, nEvents = ev.id.length;
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var eventOk = new Uint8Array(nEvents), eventMatch = new Uint8Array(nEvents), rowOk = new Uint8Array(rows.e.length);
    var e, r, matched = 0;
    for (e = 0; e < nEvents; e++) {
      var type = ev.type[e] >= 0 ? typeNames[ev.type[e]] : "unlabelled";
      var ok = !state.t || !!state.t[type];
      for (var w = 0; ok && w < words.length; w++) { ok = haystacks[e].indexOf(words[w]) >= 0; }
      eventOk[e] = ok ? 1 : 0;
    }
    for (r = 0; r < rows.e.length; r++) {
      e = rows.e[r];
      if (!eventOk[e]) { continue; }
      var code = rows.c[r] >= 0 ? countryCodes[rows.c[r]] : NO_COUNTRY;
      if (state.c && !state.c[code]) { continue; }
      eventMatch[e] = 1;
      if (state.i || !rows.i[r]) { rowOk[r] = 1; }
    }
    for (e = 0; e < nEvents; e++) { matched += eventMatch[e]; }
    return { rowOk: rowOk, eventMatch: eventMatch, matched: matched, total: nEvents };
  }

  // ------------------------------------------------------------------ the filter form

  function pickerSummary(form, name) {
    var boxes = $$('input[name="' + name + '"]', form), on = boxes.filter(function (b) { return b.checked; }).length;
    var label = on === boxes.length ? "all" : on === 0 ? "none" : on + " of " + boxes.length;
    var span = $('[data-summary="' + name + '"]', form);
    if (span) { span.textContent = label; }
  }

  function readForm(form) {
    function selected(name) {
      var boxes = $$('input[name="' + name + '"]', form), out = {}, all = true;
      boxes.forEach(function (b) { if (b.checked) { out[b.value] = true; } else { all = false; } });
      return all ? null : out;
    }
    state.q = form.elements.q.value.trim();
    state.c = selected("c");
    state.t = selected("t");
    state.i = form.elements.i ? form.elements.i.checked : false;
  }

  function writeForm(form) {
    form.elements.q.value = state.q;
    $$('input[name="c"]', form).forEach(function (b) { b.checked = !state.c || !!state.c[b.value]; });
    $$('input[name="t"]', form).forEach(function (b) { b.checked = !state.t || !!state.t[b.value]; });
    if (form.elements.i) { form.elements.i.checked = state.i; }
  }

  function showStatus() {
    $$("[data-status]").forEach(function (p) {
      var text;
      if (DATA.partial) { // a large corpus: the events of the newest threads are shown one by one
        text = vis.matched === vis.total
          ? "All " + vis.total + " events shown (of " + DATA.partial.total.toLocaleString("en-US") + ")"
          : vis.matched + " of the " + vis.total + " events shown match";
      } else {
        text = vis.matched === vis.total ? "All " + vis.total + " events" : vis.matched + " of " + vis.total + " events match";
        if (!state.i) { text += " · countries inherited from the thread are hidden in the chart"; }
      }
      p.textContent = text + ".";
    });
  }

  function applyFilters() {
    if (!DATA) { return; }
    vis = computeVisibility();
    $$("form[data-filters]").forEach(function (form) { pickerSummary(form, "c"); pickerSummary(form, "t"); });
    $$("tr[data-event]").forEach(function (tr) { tr.hidden = !vis.eventMatch[Number(tr.getAttribute("data-event"))]; });
    var redrawn = plots.map(function (plot) { return plot.ready && plot.update ? plot.update() : null; });
    showStatus();
    shareState();
    // A counter tests (and anyone curious) can wait on: bumped once the figures show the new selection.
    Promise.all(redrawn).then(function () { applied += 1; document.body.setAttribute("data-applied", String(applied)); });
  }

  function wireForm(form) {
    var timer = null;
    writeForm(form);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("input", function (ev) {
      var typing = ev.target && ev.target.name === "q";
      clearTimeout(timer);
      timer = setTimeout(function () { readForm(form); applyFilters(); }, typing ? 150 : 0);
    });
    form.addEventListener("change", function () { readForm(form); applyFilters(); });
    form.addEventListener("reset", function () {
      // The form's defaults are "everything, no inherited countries"; they are in place after this event.
      setTimeout(function () { readForm(form); applyFilters(); }, 0);
    });
    $$("[data-all],[data-none]", form).forEach(function (button) {
      button.addEventListener("click", function () {
        var name = button.getAttribute("data-all") || button.getAttribute("data-none");
        var on = button.hasAttribute("data-all");
        $$('input[name="' + name + '"]', form).forEach(function (b) { b.checked = on; });
        readForm(form); applyFilters();
      });
    });
  }

  // ------------------------------------------------------------------ figures

  var ARRAY_KEYS = ["x", "y", "customdata", "hovertext", "text"];
  var MARKER_KEYS = ["symbol", "color", "size", "opacity"];

  function pick(values, keep) { var out = new Array(keep.length); for (var j = 0; j < keep.length; j++) { out[j] = values[keep[j]]; } return out; }

  /* The original traces with only the samples whose row passes the filters; other attributes
     come from the plot as it is now (legend clicks, the per-day/per-week buttons). */
  function filteredTraces(plot) {
    var current = plot.el.data || plot.fig.data;
    var kept = 0;
    var traces = plot.fig.data.map(function (orig, k) {
      var base = current[k] || orig;
      if (!Array.isArray(orig.customdata)) { return base; }
      var n = orig.customdata.length, keep = [];
      for (var i = 0; i < n; i++) { if (vis.rowOk[orig.customdata[i]]) { keep.push(i); } }
      kept += keep.length;
      var trace = copy(base);
      ARRAY_KEYS.forEach(function (key) { if (Array.isArray(orig[key]) && orig[key].length === n) { trace[key] = pick(orig[key], keep); } });
      if (orig.marker) {
        trace.marker = copy(base.marker || orig.marker);
        MARKER_KEYS.forEach(function (key) {
          if (Array.isArray(orig.marker[key]) && orig.marker[key].length === n) { trace.marker[key] = pick(orig.marker[key], keep); }
        });
      }
      return trace;
    });
    return { traces: traces, kept: kept };
  }

  function noMatchNote(layout, kept, original) {
    layout.annotations = kept ? (original || []) : [{
      text: "No events match the filters", showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5,
      font: { size: 16, color: "#666" }
    }];
  }

  /* Timeline: lanes with no marker left are dropped, the others close up (layout.meta.lanes). */
  function packLanes(plot, traces, layout) {
    var meta = plot.fig.layout.meta.lanes, used = {};
    traces.forEach(function (t) { if (Array.isArray(t.customdata)) { t.y.forEach(function (y) { used[Math.round(y)] = true; }); } });
    var lanes = Object.keys(used).map(Number).sort(function (a, b) { return a - b; }), to = {};
    lanes.forEach(function (lane, i) { to[lane] = i; });
    traces.forEach(function (t) {
      if (Array.isArray(t.customdata)) { t.y = t.y.map(function (y) { var lane = Math.round(y); return y - lane + to[lane]; }); }
    });
    var n = Math.max(lanes.length, 1), height = Math.max(meta.min, meta.extra + meta.px * n), shapes = [];
    for (var i = 0; i < n; i += 2) {
      shapes.push({ type: "rect", xref: "paper", x0: 0, x1: 1, yref: "y", y0: i - 0.5, y1: i + 0.5, fillcolor: meta.band, line: { width: 0 }, layer: "below" });
    }
    layout.shapes = shapes;
    layout.height = height;
    layout.yaxis = copy(layout.yaxis);
    layout.yaxis.tickvals = lanes.map(function (lane, i) { return i; });
    layout.yaxis.ticktext = lanes.map(function (lane) { return meta.labels[lane]; });
    layout.yaxis.range = [n - 0.5, -0.5];
    plot.el.style.height = height + "px";
  }

  function pointsFigure(plot) {
    var result = filteredTraces(plot);
    var layout = copy(plot.el.layout || plot.fig.layout);
    if (plot.el.hasAttribute("data-lanes")) { packLanes(plot, result.traces, layout); }
    noMatchNote(layout, result.kept, plot.fig.layout.annotations);
    return { data: result.traces, layout: layout };
  }

  function updatePoints(plot) {
    var next = pointsFigure(plot);
    return Plotly.react(plot.el, next.data, next.layout);
  }

  /* Map: events per country for the chosen week (or all), from the rows that pass the filters. */
  function updateMap(plot) {
    var rows = DATA.rows, weeks = DATA.events.week, counts = {}, week = plot.week;
    for (var r = 0; r < rows.e.length; r++) {
      if (!vis.rowOk[r] || rows.c[r] < 0) { continue; }
      if (week && week !== "all" && weeks[rows.e[r]] !== week) { continue; }
      var code = countryCodes[rows.c[r]];
      counts[code] = (counts[code] || 0) + 1;
    }
    var z = plot.fig.data[0].locations.map(function (code) { return counts[code] || 0; });
    var zmax = Math.max.apply(null, [1].concat(z));
    return Plotly.restyle(plot.el, { z: [z], zmax: [zmax] }, [0]);
  }

  function registerWorldShapes() {
    // plotly.js fetches its own world topology from a CDN unless one is registered; the map draws
    // the shapes embedded in its figure (geojson) and hides the base map, so an empty one will do.
    window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
    window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
    if (!window.PlotlyGeoAssets.topojson.world_110m) {
      window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
    }
  }

  // ------------------------------------------------------------------ hover labels from the client data

  /* A large corpus's timeline carries no hover text (layout.meta.hover = "data"): it is written here,
     as dashboards.prep.hover_text(short=True) writes it, from the client data (plain text, escaped
     here for Plotly's labels, which read a few HTML tags). */
  var HOVER_WRAP = 60, HOVER_MAX_LINES = 8, HOVER_SHORT_CHARS = 120;

  function escLabel(text) { return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }

  function shorten(text, limit) {
    var cleaned = String(text || "").split(/\r?\n/).map(function (line) { return line.split(/\s+/).filter(Boolean).join(" "); })
      .filter(Boolean).join("\n");
    return cleaned.length > limit ? cleaned.slice(0, limit - 1).replace(/\s+$/, "") + "\u2026" : cleaned;
  }

  function wrapLines(text) {
    var out = [];
    shorten(text, HOVER_SHORT_CHARS).split("\n").forEach(function (para) {
      var line = "";
      para.split(" ").forEach(function (word) {
        while (word.length > HOVER_WRAP) {
          if (line) { out.push(line); line = ""; }
          out.push(word.slice(0, HOVER_WRAP));
          word = word.slice(HOVER_WRAP);
        }
        if (!line) { line = word; } else if (line.length + 1 + word.length <= HOVER_WRAP) { line += " " + word; } else { out.push(line); line = word; }
      });
      out.push(line);
    });
    if (out.length > HOVER_MAX_LINES) {
      out = out.slice(0, HOVER_MAX_LINES);
      out[out.length - 1] = out[out.length - 1].slice(0, HOVER_WRAP - 1).replace(/\s+$/, "") + "\u2026";
    }
    return out;
  }

  function hoverLabel(row) {
    var ev = DATA.events, e = DATA.rows.e[row], c = DATA.rows.c[row];
    var type = ev.type[e] >= 0 ? typeNames[ev.type[e]] : "unlabelled";
    var where = c >= 0 ? DATA.countries[c][1] + " \u2014 " + (DATA.rows.i[row] ? "inherited from the thread" : "named in this tweet") : "No country";
    var body = ev.text[e] ? wrapLines(ev.text[e]).map(escLabel) : ["<i>(no text)</i>"];
    var more = "click to read the thread" + (isWebUrl(ev.url[e]) ? " and open the source" : "");
    return ["<b>" + escLabel(ev.when[e]) + "</b> \u00b7 " + escLabel(type), escLabel(where), ""].concat(body, [
      "", "<i>" + escLabel(ev.author[e] + " \u00b7 " + ev.where[e]) + "</i>", "<i>" + escLabel(ev.how[e]) + "</i>", "<i>" + more + "</i>"
    ]).join("<br>");
  }

  function hoversFromData(fig) {
    if (!DATA || !fig.layout || !fig.layout.meta || fig.layout.meta.hover !== "data") { return; }
    fig.data.forEach(function (trace) { if (Array.isArray(trace.customdata)) { trace.hovertext = trace.customdata.map(hoverLabel); } });
  }

  // ------------------------------------------------------------------ click panels

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function showEvent(panel, row) {
    var ev = DATA.events, e = DATA.rows.e[row], c = DATA.rows.c[row];
    var type = ev.type[e] >= 0 ? typeNames[ev.type[e]] : "unlabelled";
    var country = c >= 0 ? DATA.countries[c][1] + (DATA.rows.i[row] ? " (inherited from the thread)" : " (named in the tweet)") : "no country";
    clear(panel);
    panel.appendChild(el("p", "detail-head", ev.when[e] + " · " + type + " · " + country));
    panel.appendChild(el("p", "detail-text", ev.text[e]));
    panel.appendChild(el("p", "detail-meta", ev.author[e] + " · " + ev.where[e]));
    panel.appendChild(el("p", "detail-meta", ev.how[e]));
    var links = el("p", "detail-links");
    if (isLocalLink(ev.link[e])) { links.appendChild(linkTo(ev.link[e], "Read the thread")); }
    if (isWebUrl(ev.url[e])) { links.appendChild(document.createTextNode(" · ")); links.appendChild(linkTo(ev.url[e], "Open the source", true)); }
    panel.appendChild(links);
    panel.hidden = false;
  }

  function showPair(panel, pair, inherited) {
    var codes = String(pair).split(" "), a = countryCodes.indexOf(codes[0]), b = countryCodes.indexOf(codes[1]);
    var rows = DATA.rows, ev = DATA.events, has = {}, events = [];
    for (var r = 0; r < rows.e.length; r++) {
      if ((rows.c[r] === a || rows.c[r] === b) && (inherited || !rows.i[r])) {
        var e = rows.e[r];
        has[e] = (has[e] || 0) | (rows.c[r] === a ? 1 : 2);
        if (has[e] === 3 && events.indexOf(e) < 0) { events.push(e); }
      }
    }
    clear(panel);
    var names = (a >= 0 ? DATA.countries[a][1] : codes[0]) + " and " + (b >= 0 ? DATA.countries[b][1] : codes[1]);
    var among = DATA.partial ? " among the " + ev.id.length + " shown" : "";
    panel.appendChild(el("p", "detail-head", names + ": " + events.length + " events" + (inherited ? " in the same thread" : " named in the same tweet") + among));
    var list = el("ul", "pair-list");
    events.slice(0, 200).forEach(function (e) {
      var li = el("li");
      li.appendChild(el("span", "detail-meta", ev.when[e] + " · "));
      li.appendChild(el("span", null, ev.text[e].length > 240 ? ev.text[e].slice(0, 239) + "…" : ev.text[e]));
      if (isLocalLink(ev.link[e])) { li.appendChild(document.createTextNode(" ")); li.appendChild(linkTo(ev.link[e], "thread")); }
      list.appendChild(li);
    });
    panel.appendChild(list);
    if (events.length > 200) { panel.appendChild(el("p", "note", (events.length - 200) + " more not listed.")); }
    panel.hidden = false;
  }

  // ------------------------------------------------------------------ drawing

  function wireWindows(plot) {
    $$('.windows[data-plot="' + plot.el.id + '"] [data-window]').forEach(function (button) {
      button.addEventListener("click", function () {
        var full = (plot.fig.layout.xaxis && plot.fig.layout.xaxis.range) || [];
        var days = button.getAttribute("data-window"), range = full.slice();
        if (days !== "all" && full.length === 2) {
          range = [new Date(Date.parse(full[1]) - Number(days) * 86400000).toISOString().slice(0, 10), full[1]];
        }
        Plotly.relayout(plot.el, { "xaxis.range": range });
        $$('.windows[data-plot="' + plot.el.id + '"] [data-window]').forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      });
    });
  }

  function draw(div) {
    var source = document.getElementById(div.id + "-figure");
    if (!source) { return; }
    if (!window.Plotly) { div.textContent = "The chart needs plotly.min.js next to this page; it did not load."; return; }
    var payload = JSON.parse(source.textContent), fig = payload.figure;
    var plot = { el: div, fig: fig, ready: false, update: null };
    hoversFromData(fig);
    var data = fig.data, layout = fig.layout;
    if (div.getAttribute("data-map") === "counts") {
      registerWorldShapes(); // the database's counts: the slider's own steps show each week or month
    } else if (div.hasAttribute("data-map")) {
      registerWorldShapes();
      // This script recounts the map for the chosen week under the filters: the slider only reports.
      (layout.sliders || []).forEach(function (slider) { slider.steps.forEach(function (step) { step.method = "skip"; }); });
      plot.week = "all";
      if (DATA) { plot.update = function () { return updateMap(plot); }; }
    } else if (div.getAttribute("data-filter") === "points" && DATA) {
      plot.update = function () { return updatePoints(plot); };
      var first = pointsFigure(plot); // drawn filtered from the start: no flash of hidden markers
      data = first.data;
      layout = first.layout;
    }
    plots.push(plot);
    var drawn = Plotly.newPlot(div, data, layout, payload.config).then(function () {
      plot.ready = true;
      if (div.hasAttribute("data-map") && plot.update) { return plot.update(); }
    });
    drawn.then(function () {
      var detail = div.getAttribute("data-detail"), pairs = div.getAttribute("data-pairs");
      if (detail && DATA) {
        div.on("plotly_click", function (ev) {
          var pt = ev && ev.points && ev.points[0];
          if (pt && typeof pt.customdata === "number") { showEvent(document.getElementById(detail), pt.customdata); }
        });
      }
      if (pairs && DATA) {
        div.on("plotly_click", function (ev) {
          var pt = ev && ev.points && ev.points[0];
          var inherited = !!(div.layout.meta && div.layout.meta.inherited);
          if (pt && pt.customdata) { showPair(document.getElementById(pairs), pt.customdata, inherited); }
        });
      }
      if (div.getAttribute("data-map") === "1") {
        div.on("plotly_sliderchange", function (ev) {
          plot.week = ev && ev.step ? ev.step.value : "all";
          if (plot.update) { plot.update(); }
        });
      }
      wireWindows(plot);
      div.setAttribute("data-drawn", "1");
    });
  }

  // ------------------------------------------------------------------ the thread explorer

  function threadExplorer() {
    var select = document.getElementById("thread-pick");
    if (!select) { return; }
    var articles = $$("article.thread");
    document.body.classList.add("explorer");
    function show(id) {
      var target = id ? document.getElementById(id) : null;
      var article = target && (target.matches("article.thread") ? target : target.closest("article.thread"));
      if (!article) { article = articles[0]; target = null; }
      articles.forEach(function (a) { a.classList.toggle("current", a === article); });
      select.value = article.id;
      if (target && target !== article) { target.scrollIntoView({ block: "center" }); }
    }
    select.addEventListener("change", function () { location.hash = select.value; });
    $$("[data-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        var i = select.selectedIndex + Number(button.getAttribute("data-step"));
        if (i >= 0 && i < select.options.length) { location.hash = select.options[i].value; }
      });
    });
    window.addEventListener("hashchange", function () { show(location.hash.slice(1)); });
    show(location.hash.slice(1));
  }

  // ------------------------------------------------------------------ start

  readQuery(); // the selection made on another page comes in the address
  if (DATA) {
    $$("form[data-filters]").forEach(wireForm);
    vis = computeVisibility();
  }
  $$(".plot").forEach(draw);
  if (DATA) { applyFilters(); } else { shareState(); } // pages without filters pass the selection along
  threadExplorer();
})();
