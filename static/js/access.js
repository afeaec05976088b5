// Accessibility and small screens, on every page:
// - one live region (#announcer) that reads the result of an action as one short sentence: any swapped-in
//   element with data-announce, or an "announce" event sent by the server in HX-Trigger;
// - the Menu button that folds the navigation on phones;
// - table cells labelled with their column heading (data-label), so rows can stack on a phone;
// - in the workspace, a keyboard way to select text without a mouse: focus a paragraph (Tab), S selects the
//   next sentence (Shift+S the previous one), W adds the next word, Shift+W removes the last one; then A.
(function () {
  "use strict";
  const _ = window.gettext || function (s) { return s; };
  const interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, key) { return String(obj[key]); });
  };
  document.documentElement.classList.add("js");

  // Announcements ---------------------------------------------------------------------------------------
  function announcer() {
    let region = document.getElementById("announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "announcer";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }
  let announceTimer = null;
  function announce(text) {
    const region = announcer();
    region.textContent = "";
    // A short pause between emptying and filling makes screen readers read the same sentence twice in a row.
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () { region.textContent = text; }, 60);
  }
  window.factcheckAnnounce = announce;

  function announceFrom(root) {
    if (!root || !root.querySelectorAll) return;
    const found = root.matches && root.matches("[data-announce]") ? [root] : [];
    found.push.apply(found, root.querySelectorAll("[data-announce]"));
    const first = found[0];
    if (!first) return;
    announce(first.dataset.announce || first.textContent.trim());
    found.forEach(function (el) { el.removeAttribute("data-announce"); });
  }

  document.addEventListener("announce", function (event) {
    if (event.detail && event.detail.value) announce(event.detail.value);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    announceFrom(event.detail.target);
    labelTables(document);
    makeParagraphsFocusable();
  });

  // A form or button with data-done says its sentence when the server accepted the action (a refused one
  // answers 4xx and shows its own error, which data-announce reads). After the swap, before the settle.
  document.addEventListener("htmx:afterSwap", function (event) {
    const config = event.detail.requestConfig;
    const elt = config && config.elt;
    const source = elt && elt.closest && elt.closest("[data-done]");
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (source && status >= 200 && status < 300) {
      document.querySelectorAll("[data-announce]").forEach(function (el) { el.removeAttribute("data-announce"); });
      announce(source.dataset.done);
    }
  });

  // Navigation on phones --------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    const button = event.target.closest("#menu-button");
    if (!button) return;
    const bar = button.closest(".topbar");
    const open = !bar.classList.contains("nav-open");
    bar.classList.toggle("nav-open", open);
    button.setAttribute("aria-expanded", String(open));
  });

  // Tables that stack on phones -------------------------------------------------------------------------
  function labelTables(root) {
    root.querySelectorAll("table.articles, table.changes").forEach(function (table) {
      const heads = Array.from(table.querySelectorAll("thead th")).map(function (th) { return th.textContent.trim(); });
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        let column = 0;
        Array.from(row.children).forEach(function (cell) {
          const span = Number(cell.getAttribute("colspan") || 1);
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", span > 1 ? "" : (heads[column] || ""));
          column += span;
        });
      });
    });
  }

  // Selecting article text with the keyboard -------------------------------------------------------------
  const HINT_ID = "para-keys-hint";

  function makeParagraphsFocusable() {
    const container = document.getElementById("article-text");
    if (!container) return;
    if (!document.getElementById(HINT_ID)) {
      const hint = document.createElement("p");
      hint.id = HINT_ID;
      hint.hidden = true;
      hint.textContent = _("To select text: S selects a sentence (Shift+S the previous one), W adds a word, Shift+W removes one; then A adds a claim.");
      container.parentNode.insertBefore(hint, container);
    }
    container.querySelectorAll("p.para").forEach(function (para) {
      if (!para.hasAttribute("tabindex")) para.setAttribute("tabindex", "0");
      para.setAttribute("aria-describedby", HINT_ID);
    });
  }

  // The paragraph's text nodes with their offsets (UTF-16 units), so text offsets become DOM positions.
  function textNodes(para) {
    const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let length = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, length]); length += n.data.length; }
    return { nodes: nodes, text: nodes.map(function (x) { return x[0].data; }).join("") };
  }

  function position(map, offset, isEnd) {
    for (const [node, start] of map.nodes) {
      const end = start + node.data.length;
      if (isEnd ? (start < offset && offset <= end) : (start <= offset && offset < end)) return [node, offset - start];
    }
    const last = map.nodes[map.nodes.length - 1];
    return [last[0], last[0].data.length];
  }

  function selectedOffsets(para) {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!para.contains(range.startContainer) || !para.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.setStart(para, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    return { start: start, end: start + range.toString().length };
  }

  function select(para, map, start, end) {
    const [sn, so] = position(map, start, false);
    const [en, eo] = position(map, end, true);
    window.getSelection().setBaseAndExtent(sn, so, en, eo);
    announce(interpolate(_("Selected: %(text)s"), { text: map.text.slice(start, end) }, true));
  }

  function segmentsOf(para, text, granularity) {
    const lang = (para.closest("[lang]") || document.documentElement).getAttribute("lang") || undefined;
    const out = [];
    if (window.Intl && Intl.Segmenter) {
      for (const s of new Intl.Segmenter(lang || undefined, { granularity: granularity }).segment(text)) {
        if (granularity === "word" && !s.isWordLike) continue;
        // A sentence segment keeps its trailing spaces; the selection should not.
        const trimmed = s.segment.replace(/\s+$/u, "");
        if (trimmed) out.push([s.index, s.index + trimmed.length]);
      }
    } else {
      const pattern = granularity === "word" ? /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu : /[^.!?؟。]+[.!?؟。]*/gu;
      for (const m of text.matchAll(pattern)) {
        const trimmed = m[0].replace(/^\s+|\s+$/gu, "");
        const at = m.index + m[0].indexOf(trimmed);
        if (trimmed) out.push([at, at + trimmed.length]);
      }
    }
    return out;
  }

  function moveBySentence(para, backwards) {
    const map = textNodes(para);
    const sentences = segmentsOf(para, map.text, "sentence");
    if (!sentences.length) return;
    const current = selectedOffsets(para);
    let target;
    if (!current) target = backwards ? sentences[sentences.length - 1] : sentences[0];
    else if (backwards) target = sentences.filter(function (s) { return s[0] < current.start; }).pop() || sentences[0];
    else target = sentences.find(function (s) { return s[0] >= current.end || (s[0] > current.start && s[1] > current.end); }) || sentences[sentences.length - 1];
    select(para, map, target[0], target[1]);
  }

  function changeByWord(para, shrink) {
    const map = textNodes(para);
    const words = segmentsOf(para, map.text, "word");
    if (!words.length) return;
    const current = selectedOffsets(para);
    if (!current) { select(para, map, words[0][0], words[0][1]); return; }
    if (shrink) {
      const earlier = words.filter(function (w) { return w[1] < current.end && w[1] > current.start; }).pop();
      if (earlier) select(para, map, current.start, earlier[1]);
      else select(para, map, current.start, current.end);
    } else {
      const next = words.find(function (w) { return w[1] > current.end; });
      select(para, map, current.start, next ? next[1] : current.end);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (!target.closest || target.closest("input, textarea, select, [contenteditable]")) return;
    const para = target.closest("#article-text p.para");
    if (!para) return;
    const key = event.key.toLowerCase();
    if (key === "s") { event.preventDefault(); moveBySentence(para, event.shiftKey); }
    else if (key === "w") { event.preventDefault(); changeByWord(para, event.shiftKey); }
  });

  function ready() {
    announcer();
    labelTables(document);
    makeParagraphsFocusable();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
