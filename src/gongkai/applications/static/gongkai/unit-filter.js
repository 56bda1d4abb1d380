// Progressive enhancement for the public application form: a search box that narrows the list
// of agencies (受理机关) as the applicant types. Without JavaScript the plain list works as before.
// No inline script: the page loads this file (a strict CSP allows 'self').
(function () {
  "use strict";
  var select = document.getElementById("id_unit");
  var box = document.getElementById("unit-filter");
  var status = document.getElementById("unit-filter-status");
  if (!select || !box || !status) { return; }
  box.parentElement.hidden = false;
  var options = Array.prototype.slice.call(select.options, 1); // keep the "请选择" placeholder
  box.addEventListener("input", function () {
    var q = box.value.trim();
    var shown = 0;
    options.forEach(function (opt) {
      var match = !q || opt.text.indexOf(q) !== -1;
      opt.hidden = !match;
      opt.disabled = !match && !opt.selected;
      if (match) { shown += 1; }
    });
    status.textContent = q ? (box.dataset.found || "").replace("%s", shown) : "";
    if (shown === 1) {
      options.forEach(function (opt) { if (!opt.hidden) { select.value = opt.value; } });
    }
  });
}());
