// Workspace behaviour: turn a text selection into a claim form, open claims from their highlights.
// Offsets: the server counts Unicode code points; the DOM counts UTF-16 code units. Every paragraph
// carries data-start (its code point offset in the body), and we count code points inside it.
(function () {
  "use strict";
  // Messages come from the translations' catalogue (/i18n/catalog.js, loaded before this file).
  const _ = window.gettext || function (s) { return s; };
  const interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, key) { return String(obj[key]); });
  };

  function codePointLength(s) {
    let n = 0;
    for (const _ of s) n++; // string iteration yields whole code points, so surrogate pairs count once
    return n;
  }

  function paragraphs(container) {
    return Array.from(container.querySelectorAll("p.para"));
  }

  // Code point offset in the article body of a DOM boundary point (node, offset).
  function bodyOffset(container, node, offset) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const para = el && el.closest("p.para");
    if (para && container.contains(para)) {
      const range = document.createRange();
      range.setStart(para, 0);
      range.setEnd(node, offset);
      return Number(para.dataset.start) + codePointLength(range.toString());
    }
    // A boundary between paragraphs (triple click, selection dragged past the end): use the nearest edge.
    const paras = paragraphs(container);
    for (const p of paras) {
      const position = p.compareDocumentPosition(node);
      const nodeIsBefore = position & Node.DOCUMENT_POSITION_PRECEDING;
      if (nodeIsBefore || (node === container && Array.prototype.indexOf.call(container.childNodes, p) >= offset)) {
        return Number(p.dataset.start);
      }
    }
    const last = paras[paras.length - 1];
    return last ? Number(last.dataset.start) + codePointLength(last.textContent) : 0;
  }

  function currentSelection(container) {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    if (!container.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== container) return null;
    const start = bodyOffset(container, range.startContainer, range.startOffset);
    const end = bodyOffset(container, range.endContainer, range.endOffset);
    if (end <= start) return null;
    // Paragraph breaks are not in the DOM text, so the browser's quote only matches within one paragraph.
    const startPara = (range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement).closest("p.para");
    const samePara = startPara && startPara.contains(range.endContainer);
    return { start: start, end: end, quote: samePara ? range.toString() : null, rect: range.getBoundingClientRect() };
  }

  let pending = null;
  let lastSelection = null; // survives the click on a button, for re-attaching a claim

  function hideButton() {
    const button = document.getElementById("add-claim");
    if (button) button.hidden = true;
  }

  function onSelectionChange() {
    const container = document.getElementById("article-text");
    const button = document.getElementById("add-claim");
    if (!container || !button) return;
    pending = currentSelection(container);
    if (pending) lastSelection = pending;
    if (!pending) {
      hideButton();
      return;
    }
    const pane = button.offsetParent || document.body;
    const paneRect = pane.getBoundingClientRect();
    button.style.setProperty("--x", Math.max(0, pending.rect.left - paneRect.left) + "px");
    // The pane scrolls on its own on wide screens: its absolutely placed children move with its content.
    button.style.setProperty("--y", (pending.rect.bottom - paneRect.top + pane.scrollTop + 6) + "px");
    button.hidden = false;
  }

  function openClaimForm() {
    const container = document.getElementById("article-text");
    if (!container) return;
    // selectionchange events arrive late and merged; read the selection as it is now.
    pending = currentSelection(container) || pending;
    if (!pending) return;
    // Sending the quote as the browser sees it lets the server refuse a selection made on an outdated page.
    const params = new URLSearchParams({ start: String(pending.start), end: String(pending.end) });
    if (pending.quote !== null) params.set("quote", pending.quote);
    const url = container.dataset.newClaimUrl + "?" + params;
    htmx.ajax("GET", url, { target: "#detail" }).then(function () {
      const field = document.querySelector("#claim-form textarea, #claim-form input:not([type=hidden])");
      if (field) field.focus();
    });
    hideButton();
  }

  function openClaim(id) {
    const container = document.getElementById("article-text");
    const url = container.dataset.claimUrl.replace(/\/0\/$/, "/" + encodeURIComponent(id) + "/");
    htmx.ajax("GET", url, { target: "#detail" });
  }

  function markActive() {
    const card = document.getElementById("claim-card");
    const active = card ? card.dataset.claimId : null;
    document.querySelectorAll("#article-text mark.hl").forEach(function (mark) {
      mark.classList.toggle("hl-active", mark.dataset.claim === active);
    });
    document.querySelectorAll("#claim-list a[data-claim]").forEach(function (a) {
      a.classList.toggle("active", a.dataset.claim === active);
    });
  }

  document.addEventListener("selectionchange", onSelectionChange);

  document.addEventListener("click", function (event) {
    if (event.target.closest("#add-claim")) {
      event.preventDefault();
      openClaimForm();
      return;
    }
    if (event.target.closest("[data-action=close-detail]")) {
      document.getElementById("detail").innerHTML = "";
      return;
    }
    const mark = event.target.closest("#article-text mark[data-claim]");
    const sel = window.getSelection();
    if (mark && (!sel || sel.isCollapsed)) openClaim(mark.dataset.claim);
  });

  document.addEventListener("keydown", function (event) {
    const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    const container = document.getElementById("article-text");
    if (container && !typing && event.key === "a" && !event.ctrlKey && !event.metaKey && !event.altKey && currentSelection(container)) {
      event.preventDefault();
      openClaimForm();
    }
  });

  // Re-attaching an orphaned claim sends the current selection along with the form.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.closest || !event.detail.elt.closest("form[data-reattach]")) return;
    const container = document.getElementById("article-text");
    const selection = (container && currentSelection(container)) || lastSelection;
    if (!selection) return; // the server answers that text must be selected first
    event.detail.parameters.start = String(selection.start);
    event.detail.parameters.end = String(selection.end);
    if (selection.quote !== null) event.detail.parameters.quote = selection.quote;
  });

  document.addEventListener("htmx:afterSettle", markActive);
  document.addEventListener("DOMContentLoaded", markActive);

  // A request that fails outright (500, network) must not fail silently.
  document.addEventListener("htmx:responseError", function (event) {
    const banner = document.getElementById("error-banner");
    if (!banner) return;
    const status = event.detail.xhr ? event.detail.xhr.status : "";
    banner.textContent = status === 403 ? _("Your role does not allow this action.") :
      status === 404 ? _("This item no longer exists; reload the page.") :
      interpolate(_("The server could not complete this request (%(status)s). Your input is still in the form."), { status: status }, true);
    banner.hidden = false;
  });
  document.addEventListener("htmx:sendError", function () {
    const banner = document.getElementById("error-banner");
    if (banner) { banner.textContent = _("The server cannot be reached. Your input is still in the form."); banner.hidden = false; }
  });
  document.addEventListener("htmx:beforeRequest", function () {
    const banner = document.getElementById("error-banner");
    if (banner) banner.hidden = true;
  });
})();

// Review queue: j/k move between claims, a approves the focused one, s jumps to its send-back comment.
(function () {
  "use strict";
  function rows() { return Array.from(document.querySelectorAll("#review-list .review-row")); }
  function current() { return document.activeElement && document.activeElement.closest ? document.activeElement.closest(".review-row") : null; }
  function focusRow(index) {
    const all = rows();
    if (!all.length) return;
    const row = all[Math.max(0, Math.min(all.length - 1, index))];
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("review-list")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const row = current();
    const index = row ? rows().indexOf(row) : -1;
    if (event.key === "j") { event.preventDefault(); focusRow(index + 1); }
    else if (event.key === "k") { event.preventDefault(); focusRow(index <= 0 ? 0 : index - 1); }
    else if (event.key === "a" && row) {
      const button = row.querySelector("[data-action=approve]");
      if (button) { event.preventDefault(); button.click(); }
    } else if (event.key === "s" && row) {
      const field = row.querySelector("[data-role=send-back-comment]");
      if (field) { event.preventDefault(); field.focus(); }
    }
  });
  // After a row is replaced, keep the keyboard user's place: focus the row that now stands there.
  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.elt;
    if (target && target.classList && target.classList.contains("review-row")) {
      const next = target.nextElementSibling;
      if (next && next.classList.contains("review-row")) next.focus();
      else target.focus();
    }
  });
})();

// The verdict menu offers only the ratings that apply to the chosen kind (each option lists its kinds in
// data-kinds; options without it apply to every kind). The server renders the menu for the initial kind and
// refuses a mismatched pair whatever the page sends.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const kind = event.target;
    if (!kind.matches || !kind.matches("select[name=kind]") || !kind.form) return;
    const verdict = kind.form.querySelector("select[name=verdict]");
    if (!verdict) return;
    for (const option of verdict.options) {
      if (!option.dataset.kinds) continue;
      const fits = option.dataset.kinds.split(" ").includes(kind.value);
      option.hidden = option.disabled = !fits;
      if (!fits && option.selected) verdict.value = "";
    }
  });
})();
