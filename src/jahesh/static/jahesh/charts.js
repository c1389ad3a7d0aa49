/* Renders every <div class="chart" data-chart="ID"> from the JSON in <script id="ID">, with ECharts.
   The server decides the numbers; this file only draws them. Persian digits when the page is in Persian. */
(function () {
  "use strict";
  var fa = document.documentElement.lang.indexOf("fa") === 0;
  var rtl = document.documentElement.dir === "rtl";
  var PALETTE = ["#c62828", "#f0a202", "#7cb342", "#2e7d32", "#5c6bc0", "#616161", "#9e9e9e"];
  var STATUS_COLOURS = { active: "#2e7d32", semi_active: "#f0a202", idle: "#c62828", construction: "#5c6bc0", closed: "#616161", no_data: "#9e9e9e" };
  function digits(v) {
    if (v === null || v === undefined) return "";
    var s = String(v);
    if (!fa) return s;
    return s.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[+d]; }).replace(/\./g, "٫");
  }
  // Inside the chart (an LTR box) a label that starts with a digit would be laid out left to right; the
  // right-to-left mark makes Persian labels read correctly.
  function label(v) { return fa ? "\u200f" + digits(v) : digits(v); }
  function fmt(v) {
    if (typeof v !== "number") return digits(v);
    var s = v.toLocaleString("en-US", { maximumFractionDigits: 1 });
    return fa ? digits(s.replace(/,/g, "٬")) : s;
  }
  var font = { fontFamily: "Vazirmatn, Tahoma, sans-serif" };
  function legend() { return { top: 0, textStyle: font, right: rtl ? 0 : "auto", left: rtl ? "auto" : 0, formatter: label }; }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  // The product space: nodes by sector, the region's products outlined, names in Persian and English on hover.
  function graph(base, spec) {
    base.legend = legend();
    base.legend.type = "scroll";
    base.tooltip = { trigger: "item", textStyle: font, formatter: function (p) {
      if (p.dataType !== "node") return "";
      var d = p.data;
      return "<div dir='rtl'>" + esc(digits(d.code)) + " " + esc(d.fa) + "</div><div dir='ltr'>" + esc(d.code) + " " + esc(d.en) + "</div>" + (d.present ? "<div>" + esc(spec.present_label) + "</div>" : "");
    } };
    base.series = [{ type: "graph", layout: "force", roam: true, top: 40,
      force: { repulsion: 40, gravity: 0.08, edgeLength: [4, 40], layoutAnimation: false, friction: 0.2 },
      categories: spec.categories.map(function (c) { return { name: c.name, itemStyle: { color: c.color } }; }),
      data: spec.nodes.map(function (n) { return { id: n.id, name: n.code, code: n.code, fa: n.fa, en: n.en, present: n.present, category: n.category, symbolSize: n.present ? n.size + 4 : n.size,
        itemStyle: n.present ? { borderColor: "#111", borderWidth: 2.5 } : { opacity: 0.6 } }; }),
      links: spec.links.map(function (l) { return { source: l[0], target: l[1], value: l[2] }; }),
      lineStyle: { color: "#9e9e9e", width: 0.7, opacity: 0.5 }, emphasis: { focus: "adjacency" }, label: { show: false } }];
    return base;
  }
  function build(spec) {
    var base = { textStyle: font, animation: false, tooltip: { trigger: spec.kind === "pie" ? "item" : "axis", textStyle: font, valueFormatter: fmt } };
    if (spec.kind === "graph") return graph(base, spec);
    if (spec.kind === "pie") {
      base.legend = legend();
      base.series = [{ type: "pie", radius: ["40%", "70%"], top: 30, label: { formatter: function (p) { return label(p.name) + " · " + fmt(p.value); }, fontFamily: font.fontFamily, lineHeight: 18 },
        data: spec.series.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: STATUS_COLOURS[s.code] } }; }) }];
      return base;
    }
    var horizontal = !!spec.horizontal;
    // Time runs left to right as in the Statistical Centre's charts; categories follow the reading direction.
    var cat = { type: "category", data: spec.categories, inverse: horizontal ? true : (rtl && spec.kind !== "line"), axisLabel: { fontFamily: font.fontFamily, interval: 0, rotate: horizontal ? 0 : (spec.categories.length > 6 ? 30 : 0), formatter: label, width: horizontal ? 220 : 90, overflow: "truncate" } };
    var val = { type: "value", minInterval: spec.kind === "line" ? undefined : 1, axisLabel: { formatter: fmt, fontFamily: font.fontFamily }, inverse: horizontal && rtl, position: rtl && !horizontal ? "right" : undefined };
    base.legend = legend();
    base.grid = { top: 40, bottom: 30, left: 20, right: 20, containLabel: true };
    base.color = spec.colors || (spec.kind === "line" ? ["#0f5e7a", "#8e6bbf"] : PALETTE.slice(0, spec.series.length));
    if (spec.kind === "line") {
      base.xAxis = cat;
      var names = spec.axis_names || [];
      val.name = names[0] ? (fa ? "٪" : names[0]) : undefined;
      base.yAxis = [val, { type: "value", name: names[1], nameTextStyle: font, axisLabel: { formatter: fmt, fontFamily: font.fontFamily }, splitLine: { show: false }, position: rtl ? "left" : "right" }];
      base.series = spec.series.map(function (s, i) {
        var out = { type: "line", name: s.name, data: s.data, yAxisIndex: s.axis || 0, connectNulls: false, symbolSize: 5 };
        if (i === 0 && spec.threshold !== undefined) {
          out.markLine = { symbol: "none", lineStyle: { type: "dashed", color: "#c62828" }, label: { formatter: spec.threshold_label + " " + digits(spec.threshold) + (fa ? "٪" : "%"), fontFamily: font.fontFamily }, data: [{ yAxis: spec.threshold }] };
        }
        return out;
      });
      return base;
    }
    if (horizontal) {
      cat.position = rtl ? "right" : "left";
      // In RTL the labels hang right-aligned against the card's right edge.
      cat.axisLabel.align = "right";
      cat.axisLabel.margin = rtl ? 230 : 8;
      base.xAxis = val; base.yAxis = cat;
      base.grid.left = rtl ? 20 : 240; base.grid.right = rtl ? 240 : 20; base.grid.containLabel = false;
    }
    else { base.xAxis = cat; base.yAxis = val; }
    base.series = spec.series.map(function (s) { return { type: "bar", name: s.name, data: s.data, stack: spec.kind === "stacked" ? "all" : undefined, barMaxWidth: 40 }; });
    return base;
  }
  function render(root) {
    (root || document).querySelectorAll("div.chart[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var data = document.getElementById(el.dataset.chart);
      if (!data || !window.echarts) return;
      var chart = echarts.init(el, null, { renderer: "svg", locale: fa ? "FA" : "EN" });
      chart.setOption(build(JSON.parse(data.textContent)));
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(); });
  document.addEventListener("htmx:afterSwap", function (e) { render(e.target); });
})();

/* ---- kind "funnel" (added by the loans app) ------------------------------------------------------------
   A funnel chart (ECharts series type 'funnel') for specs {kind: "funnel", series: [{name, value}, …]} in
   <div class="chart" data-chart="ID">. The block above skips nothing by kind, so the funnel's containers are
   drawn here first and marked rendered; the block above then leaves them alone. */
(function () {
  "use strict";
  var fa = document.documentElement.lang.indexOf("fa") === 0;
  function digits(v) {
    var s = typeof v === "number" ? v.toLocaleString("en-US") : String(v);
    return fa ? s.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[+d]; }).replace(/,/g, "٬") : s;
  }
  function render(root) {
    (root || document).querySelectorAll("div.chart[data-chart]").forEach(function (el) {
      if (el.dataset.rendered || !window.echarts) return;
      var data = document.getElementById(el.dataset.chart);
      if (!data) return;
      var spec = JSON.parse(data.textContent);
      if (spec.kind !== "funnel") return;
      var chart = echarts.init(el, null, { renderer: "svg", locale: fa ? "FA" : "EN" });
      var first = spec.series.length ? spec.series[0].value : 0;
      chart.setOption({
        animation: false,
        textStyle: { fontFamily: "Vazirmatn, Tahoma, sans-serif" },
        color: ["#0f5e7a", "#2e7d32", "#7cb342", "#f0a202", "#c62828"],
        tooltip: { trigger: "item", formatter: function (p) { return "\u200f" + p.name + ": " + digits(p.value); } },
        series: [{ type: "funnel", sort: "none", left: "5%", right: "5%", top: 10, bottom: 10, gap: 2, minSize: "8%",
          max: first || 1,
          label: { position: "inside", fontFamily: "Vazirmatn, Tahoma, sans-serif", color: "#fff",
            formatter: function (p) { return "\u200f" + p.name + "  " + digits(p.value); } },
          data: spec.series.map(function (s) { return { name: s.name, value: s.value }; }) }]
      });
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  // Registered before DOMContentLoaded fires, and this listener is added after the one above: so run at once
  // when the document is parsed (scripts sit at the end of the body), before that listener draws the rest.
  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", function () { if (document.readyState === "interactive") render(); });
  } else { render(); }
  document.addEventListener("htmx:afterSwap", function (e) { render(e.target); });
})();
