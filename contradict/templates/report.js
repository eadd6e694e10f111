// contradict HTML report: filter findings by verdict and outlet, search their text, fold topics.
// Runs offline (no request leaves the page); the page's Content-Security-Policy allows this
// script by its SHA-256 hash only. Without it every finding is shown.
// The filters live in the address too (report.html#q=ferry&verdict=conflict&outlet=BBC), so a
// filtered view can be bookmarked or sent; anchors such as #topic-3 are left alone.
(function () {
  "use strict";
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var search = document.getElementById("f-search");
  var outlet = document.getElementById("f-outlet");
  var verdicts = Array.prototype.slice.call(bar.querySelectorAll("input[name=verdict]"));
  var shown = document.getElementById("f-shown");
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding[data-verdict]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("details.card"));
  var texts = findings.map(function (f) { return f.textContent.toLowerCase(); });

  function apply() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = {};
    verdicts.forEach(function (box) { wanted[box.value] = box.checked; });
    var who = outlet.value;
    var count = 0;
    findings.forEach(function (finding, i) {
      var ok = wanted[finding.getAttribute("data-verdict")] !== false;
      if (ok && who) { ok = JSON.parse(finding.getAttribute("data-outlets")).indexOf(who) >= 0; }
      if (ok) { ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; }); }
      finding.hidden = !ok;
      if (ok) { count += 1; }
    });
    var filtering = words.length > 0 || who !== "" || verdicts.some(function (b) { return !b.checked; });
    cards.forEach(function (card) {
      var any = card.querySelector(".finding[data-verdict]:not([hidden])") !== null;
      card.hidden = !any;
      if (filtering && any) { card.open = true; }
    });
    shown.textContent = count + " of " + findings.length + " findings shown";
    if (filtering || location.hash.indexOf("=") >= 0) {
      var state = [];
      if (search.value) { state.push("q=" + encodeURIComponent(search.value)); }
      var off = verdicts.filter(function (b) { return !b.checked; });
      if (off.length) { state.push("verdict=" + verdicts.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }).join(",")); }
      if (who) { state.push("outlet=" + encodeURIComponent(who)); }
      try { history.replaceState(null, "", state.length ? "#" + state.join("&") : location.pathname); } catch (e) { /* file: pages may refuse */ }
    }
  }

  function fromAddress() {
    var hash = location.hash.slice(1);
    if (hash.indexOf("=") < 0) { return; }
    hash.split("&").forEach(function (part) {
      var kv = part.split("="), value = decodeURIComponent(kv.slice(1).join("=") || "");
      if (kv[0] === "q") { search.value = value; }
      if (kv[0] === "outlet") { outlet.value = value; }
      if (kv[0] === "verdict") {
        var keep = value.split(",");
        verdicts.forEach(function (b) { b.checked = keep.indexOf(b.value) >= 0; });
      }
    });
  }

  function foldAll(open) { cards.forEach(function (card) { card.open = open; }); }

  search.addEventListener("input", apply);
  outlet.addEventListener("change", apply);
  verdicts.forEach(function (box) { box.addEventListener("change", apply); });
  document.getElementById("f-open").addEventListener("click", function () { foldAll(true); });
  document.getElementById("f-close").addEventListener("click", function () { foldAll(false); });
  document.getElementById("f-reset").addEventListener("click", function () {
    search.value = ""; outlet.value = ""; verdicts.forEach(function (b) { b.checked = true; }); apply();
  });
  fromAddress();
  apply();
}());
