// Progressive enhancement for the public application form: a search box that narrows the list
// of agencies (受理机关) as the applicant types. Without JavaScript the plain list works as before.
// No inline script: the page loads this file (a strict CSP allows 'self').
//
// The rule is gongkai/applications/unitmatch.py's: each option carries its keys
// (data-keys="tier:key|…": the full and short name, tier 1; the name's word starts and the
// names without their kind suffix, tier 2). What is typed matches a key if it equals it
// (rank 0) or begins it (rank = the key's tier); an agency without a matching key is hidden, so
// 民政 finds 民政局 but not 人民政府. The matches are listed best rank first, then in the
// list's order; clearing the box restores the list.
(function () {
  "use strict";
  var select = document.getElementById("id_unit");
  var box = document.getElementById("unit-filter");
  var status = document.getElementById("unit-filter-status");
  if (!select || !box || !status) { return; }
  box.parentElement.hidden = false;
  var options = Array.prototype.slice.call(select.options, 1); // keep the "请选择" placeholder

  function normalise(text) {
    return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  }

  var keys = options.map(function (opt) {
    return (opt.getAttribute("data-keys") || "").split("|").filter(Boolean).map(function (k) {
      var at = k.indexOf(":");
      return { tier: parseInt(k.slice(0, at), 10), key: k.slice(at + 1) };
    });
  });

  function rank(q, unitKeys) {
    var best = -1;
    unitKeys.forEach(function (k) {
      var r = k.key === q ? 0 : (k.key.indexOf(q) === 0 ? k.tier : -1);
      if (r >= 0 && (best < 0 || r < best)) { best = r; }
    });
    return best;
  }

  box.addEventListener("input", function () {
    var q = normalise(box.value);
    var ranked = options.map(function (opt, i) {
      return { opt: opt, i: i, rank: q ? rank(q, keys[i]) : 0 };
    });
    var shown = ranked.filter(function (r) { return r.rank >= 0; });
    shown.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
    ranked.forEach(function (r) {
      var match = r.rank >= 0;
      r.opt.hidden = !match;
      r.opt.disabled = !match && !r.opt.selected;
    });
    // the matches first (best first), then the others in the list's order
    shown.concat(ranked.filter(function (r) { return r.rank < 0; })).forEach(function (r) {
      select.appendChild(r.opt);
    });
    if (!q) {
      status.textContent = "";
    } else if (shown.length === 0) {
      status.textContent = box.dataset.none || "";
    } else {
      status.textContent = (box.dataset.found || "").replace("%s", shown.length);
    }
    if (shown.length === 1) { select.value = shown[0].opt.value; }
  });
}());
