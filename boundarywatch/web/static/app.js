// boundarywatch review workbench: keyboard shortcuts for the whole review loop. No dependencies.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "radio" && el.type !== "checkbox") || el.tagName === "SELECT" || el.isContentEditable);
  }
  function go(el) { if (el && el.href) { window.location.href = el.href; } }
  function toggleHelp(force) {
    var h = document.getElementById("shortcuts");
    if (h) { h.hidden = force === undefined ? !h.hidden : !force; }
  }

  // Queue: j/k move the selection, Enter/o opens it, rows are clickable.
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tr.row"));
  var sel = rows.length ? 0 : -1;
  function select(i) {
    if (!rows.length) { return; }
    sel = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, k) { r.classList.toggle("selected", k === sel); });
    rows[sel].scrollIntoView({ block: "nearest" });
  }
  rows.forEach(function (r, k) {
    r.addEventListener("click", function (ev) { if (ev.target.tagName !== "A") { window.location.href = r.dataset.href; } });
    r.addEventListener("mouseenter", function () { select(k); });
  });
  if (rows.length) { select(0); }

  // Flag view: c/d/e pick the action and show its reasons; 1-4 pick a reason; Ctrl+Enter saves.
  var form = document.getElementById("decision-form");
  function chooseAction(action) {
    if (!form) { return false; }
    var radio = form.querySelector('input[name="action"][value="' + action + '"]');
    if (!radio) { return false; }
    radio.checked = true;
    form.querySelectorAll("fieldset.reasons").forEach(function (fs) {
      var on = fs.dataset.action === action;
      fs.hidden = !on;
      fs.querySelectorAll("input").forEach(function (i) { i.disabled = !on; if (!on) { i.checked = false; } });
    });
    var hint = document.getElementById("comment-hint");
    if (hint && form.dataset.commentRequiredDismiss === "yes") {
      hint.textContent = action === "dismiss" ? "required when dismissing this flag" : "optional";
    }
    var first = form.querySelector('fieldset.reasons:not([hidden]) input');
    if (first) { first.focus(); }
    return true;
  }
  function chooseReason(n) {
    if (!form) { return false; }
    var inputs = form.querySelectorAll("fieldset.reasons:not([hidden]) input");
    if (n < 1 || n > inputs.length) { return false; }
    inputs[n - 1].checked = true;
    inputs[n - 1].focus();
    return true;
  }
  if (form) {
    form.querySelectorAll('input[name="action"]').forEach(function (r) {
      r.addEventListener("change", function () { chooseAction(r.value); });
    });
    var checked = form.querySelector('input[name="action"]:checked');
    if (checked) {
      var keep = form.querySelector('input[name="reason_code"]:checked');
      chooseAction(checked.value);
      if (keep && !keep.disabled) { keep.checked = true; }
    } else {
      form.querySelectorAll("fieldset.reasons").forEach(function (fs) { fs.hidden = true; });
    }
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter" && form) {
      ev.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      return;
    }
    if (ev.key === "Escape") { if (typing(t)) { t.blur(); } toggleHelp(false); return; }
    if (typing(t) || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var k = ev.key;
    if (k === "?") { toggleHelp(); ev.preventDefault(); return; }
    if (rows.length) {
      if (k === "j" || k === "n" || k === "ArrowDown") { select(sel + 1); ev.preventDefault(); return; }
      if (k === "k" || k === "p" || k === "ArrowUp") { select(sel - 1); ev.preventDefault(); return; }
      if ((k === "Enter" || k === "o") && sel >= 0) { window.location.href = rows[sel].dataset.href; ev.preventDefault(); return; }
      return;
    }
    if (k === "j" || k === "n") { go(document.getElementById("next-flag")); return; }
    if (k === "k" || k === "p") { go(document.getElementById("prev-flag")); return; }
    if (k === "u") { go(document.getElementById("to-queue")); return; }
    if (k === "c" && chooseAction("confirm")) { ev.preventDefault(); return; }
    if (k === "d" && chooseAction("dismiss")) { ev.preventDefault(); return; }
    if (k === "e" && chooseAction("escalate")) { ev.preventDefault(); return; }
    if (k === "m" && form) { var c = document.getElementById("comment"); if (c) { c.focus(); ev.preventDefault(); } return; }
    if (/^[1-9]$/.test(k) && chooseReason(parseInt(k, 10))) { ev.preventDefault(); return; }
    if (k === "Enter" && form && t && t.name === "reason_code") {
      ev.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });
})();
