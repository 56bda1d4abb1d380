/*
 * Gongkai question box (智能问答): enhances every <textarea>/<input data-faq-suggest>.
 *
 * As a person types (debounced), asks GET {api}suggest?q=… and shows the closest FAQ entries and
 * documents in a polite live region right after the field: plain links, reachable by Tab.
 * "已解决" on an entry POSTs {api}resolved (CSRF token from the page's form or cookie) and says
 * so; the person may still go on and submit the form. No inline script; no dependencies.
 *
 * Options (attributes on the field):
 *   data-faq-suggest          turn the box on (the value, when given, is the API base URL)
 *   data-faq-min-chars="4"    characters before the first suggestion (default 4)
 */
(function () {
  "use strict";

  var DEFAULT_API = "/api/public/faq/";
  var DEBOUNCE_MS = 400;
  var en = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var T = en ? {
    heading: "These answers may help",
    faq: "Frequently asked questions",
    docs: "Related documents",
    resolved: "Solved",
    resolvedLabel: "This answered my question: ",
    thanks: "Glad it helped. You can leave the form here, or still submit it if you wish.",
    none: "",
    busy: "Too many requests, suggestions paused for a moment.",
    more: "Read the full answer"
  } : {
    heading: "以下答复可能解答您的问题",
    faq: "常见问题",
    docs: "相关政策文件",
    resolved: "已解决",
    resolvedLabel: "此条已解答我的问题：",
    thanks: "很高兴问题已解决。您可以离开本页，如仍需咨询，也可以继续填写并提交。",
    none: "",
    busy: "请求过于频繁，推荐暂停片刻。",
    more: "查看完整答复"
  };

  function csrfToken(field) {
    var form = field.form;
    var input = (form && form.querySelector("input[name=csrfmiddlewaretoken]")) ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) { return input.value; }
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function enhance(field, index) {
    var api = field.getAttribute("data-faq-suggest") || DEFAULT_API;
    if (api.charAt(api.length - 1) !== "/") { api += "/"; }
    var minChars = parseInt(field.getAttribute("data-faq-min-chars") || "4", 10);
    var box = el("div", "faq-suggest");
    box.id = "faq-suggest-" + index;
    box.setAttribute("aria-live", "polite");
    box.setAttribute("aria-atomic", "false");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", T.heading);
    box.hidden = true;
    field.insertAdjacentElement("afterend", box);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + box.id);

    var timer = null;
    var lastQuery = "";
    var seq = 0;

    function render(data) {
      box.textContent = "";
      var entries = data.entries || [];
      var docs = data.documents || [];
      if (!entries.length && !docs.length) { box.hidden = true; return; }
      box.hidden = false;
      box.appendChild(el("p", "faq-suggest-heading", T.heading));
      if (entries.length) {
        box.appendChild(el("p", "faq-suggest-sub", T.faq));
        var ul = el("ul", "faq-suggest-list");
        entries.forEach(function (e) {
          var li = el("li", "faq-suggest-item");
          var a = el("a", null, e.question);
          a.href = e.url;
          li.appendChild(a);
          li.appendChild(el("p", "faq-suggest-answer", e.answer));
          var btn = el("button", "faq-suggest-resolved", T.resolved);
          btn.type = "button";
          btn.setAttribute("aria-label", T.resolvedLabel + e.question);
          btn.addEventListener("click", function () { markResolved(e.id, btn); });
          li.appendChild(btn);
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      if (docs.length) {
        box.appendChild(el("p", "faq-suggest-sub", T.docs));
        var dl = el("ul", "faq-suggest-list");
        docs.forEach(function (d) {
          var li = el("li");
          var a = el("a", null, d.title);
          a.href = d.url;
          li.appendChild(a);
          dl.appendChild(li);
        });
        box.appendChild(dl);
      }
    }

    function markResolved(id, btn) {
      btn.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", api + "resolved");
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.setRequestHeader("X-CSRFToken", csrfToken(field));
      xhr.onload = function () {
        var done = el("p", "faq-suggest-thanks", T.thanks);
        done.setAttribute("role", "status");
        box.insertBefore(done, box.firstChild);
        box.setAttribute("data-resolved", String(id));
        field.dispatchEvent(new CustomEvent("faq:resolved", { bubbles: true, detail: { entry: id } }));
      };
      xhr.onerror = function () { btn.disabled = false; };
      xhr.send(JSON.stringify({ entry: id }));
    }

    function ask() {
      var q = field.value.replace(/\s+/g, " ").trim();
      if (q.length < minChars) { box.hidden = true; box.textContent = ""; lastQuery = ""; return; }
      if (q === lastQuery) { return; }
      lastQuery = q;
      var mine = ++seq;
      var xhr = new XMLHttpRequest();
      xhr.open("GET", api + "suggest?q=" + encodeURIComponent(q.slice(0, 200)));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.onload = function () {
        if (mine !== seq) { return; }  // an older answer arriving late
        if (xhr.status === 200) {
          try { render(JSON.parse(xhr.responseText)); } catch (err) { box.hidden = true; }
        } else if (xhr.status === 429) {
          box.hidden = false;
          box.textContent = "";
          box.appendChild(el("p", "faq-suggest-heading", T.busy));
        }
      };
      xhr.send();
    }

    field.addEventListener("input", function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(ask, DEBOUNCE_MS);
    });
  }

  function init() {
    var fields = document.querySelectorAll("textarea[data-faq-suggest], input[data-faq-suggest]");
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].hasAttribute("data-faq-enhanced")) {
        fields[i].setAttribute("data-faq-enhanced", "");
        enhance(fields[i], i);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
