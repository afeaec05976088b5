/*
 * The reader embed: marks the fact-checked quotes of a published article in the CMS's own page and shows the
 * fact-check on click, tap or keyboard. No framework, no cookies, nothing inline (works under a CSP that allows
 * only this script's origin): styles go through constructed stylesheets, positions through element.style.
 *
 *   <script src="SITE/public/embed.js" data-factcheck-article="EXTERNAL_ID" async></script>
 *   <script src="SITE/public/embed.js" data-factcheck-url="https://cms.example/story" async></script>
 *
 * Optional: data-factcheck-root="CSS selector" limits the search to the article's container (default: body).
 * When done the script element says so: data-factcheck-state="marked" (data-factcheck-marked="N",
 * data-factcheck-missed="ids not found") or "none" (nothing published for this article) or "error".
 *
 * Anchoring follows the TextQuoteSelector idea of the Hypothesis client (tests/data/hypothesis-anchoring-cases.json):
 * the page's text and the quote are normalised alike (whitespace, quote marks, dashes, case, Arabic/Persian letter
 * variants); every exact occurrence is scored by how well the text around it matches the stored prefix and suffix
 * (and the position); when there is none, an edit-distance search finds near matches, accepted only with context.
 */
(function () {
  "use strict";

  var LABELS = {
    en: {
      title: "Fact check", verdict: "Verdict", claim: "Claim", claimant: "Claimant", rationale: "Rationale",
      correction: "Correction", note: "Correction note", sources: "Sources", archived: "archived copy",
      close: "Close", checked: "Fact-checked: %s. Opens the fact-check.", corrected: "corrected %s"
    },
    ru: {
      title: "Проверка фактов", verdict: "Вердикт", claim: "Утверждение", claimant: "Автор утверждения",
      rationale: "Обоснование", correction: "Исправление", note: "Примечание к исправлению", sources: "Источники",
      archived: "архивная копия", close: "Закрыть", checked: "Проверено: %s. Открывает проверку.",
      corrected: "исправлено %s"
    },
    fa: {
      title: "راستی‌آزمایی", verdict: "حکم", claim: "ادعا", claimant: "گوینده", rationale: "استدلال",
      correction: "اصلاحیه", note: "یادداشت اصلاح", sources: "منابع", archived: "نسخهٔ بایگانی", close: "بستن",
      checked: "راستی‌آزمایی‌شده: %s. راستی‌آزمایی را باز می‌کند.", corrected: "اصلاح‌شده در %s"
    }
  };

  var MARK = "mark[data-factcheck-claim]";
  var SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|TEXTAREA|INPUT|SELECT|OPTION|BUTTON|IFRAME|SVG|CANVAS|MATH|HEAD)$/;
  var BLOCK = new RegExp(
    "^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|DD|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|" +
    "LI|MAIN|NAV|OL|P|PRE|SECTION|TABLE|TBODY|TD|TH|THEAD|TR|UL)$"
  );
  var FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u2039": "'", "\u203a": "'",
    "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2026": "...", "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
    "\u00ad": "", "\u200b": "", "\u2060": "", "\ufeff": ""
  };
  var SPACE = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]/;

  function fold(ch) {
    if (SPACE.test(ch)) return " ";
    var f = FOLD[ch];
    return f === undefined ? ch.toLowerCase() : f;
  }

  /* A string normalised as the page's text is: whitespace runs become one space. */
  function normalise(s) {
    var out = "", space = false;
    for (var i = 0; i < (s || "").length; i++) {
      var f = fold(s[i]);
      if (f === " ") {
        if (!space) out += " ";
        space = true;
      } else if (f) {
        out += f;
        space = false;
      }
    }
    return out;
  }

  /* The normalised text under root, and for each of its characters the text node and offset it came from
     (null for the space that stands between two blocks). */
  function textIndex(root, host) {
    var text = "", nodes = [], offsets = [], space = true;
    function push(ch, node, offset) {
      if (ch === " ") {
        if (space) return;
        space = true;
      } else {
        space = false;
      }
      text += ch;
      nodes.push(node);
      offsets.push(offset);
    }
    (function walk(el) {
      for (var child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          var data = child.data;
          for (var i = 0; i < data.length; i++) {
            var f = fold(data[i]);
            for (var k = 0; k < f.length; k++) push(f[k], child, i);
          }
        } else if (child.nodeType === 1 && child !== host && !SKIP.test(child.nodeName.toUpperCase())) {
          var block = BLOCK.test(child.nodeName.toUpperCase());
          if (block) push(" ", null, 0);
          walk(child);
          if (block) push(" ", null, 0);
        }
      }
    })(root);
    return { text: text, nodes: nodes, offsets: offsets };
  }

  /* Fewest edits that turn q into some stretch of t (Sellers' algorithm: the match may start anywhere). */
  function minErrors(t, q) {
    var m = q.length, col = [], best = m, i, j;
    for (i = 0; i <= m; i++) col[i] = i;
    for (j = 0; j < t.length; j++) {
      var diag = 0, c = t[j];
      for (i = 1; i <= m; i++) {
        var up = col[i];
        col[i] = Math.min(up + 1, col[i - 1] + 1, diag + (q[i - 1] === c ? 0 : 1));
        diag = up;
      }
      if (col[m] < best) best = col[m];
    }
    return best;
  }

  /* How well the text beside a candidate matches the stored context, as Hypothesis scores it: 1 without context to
     compare, 0 with no text beside it, else one minus the edits needed per character. */
  function contextScore(found, expected) {
    if (!expected) return 1;
    if (!found) return 0;
    return 1 - minErrors(expected, found) / found.length;
  }

  function editDistance(a, b) {
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  /* Ends (exclusive) of the best approximate occurrences of q in t with at most k errors (Sellers' algorithm). */
  function nearEnds(t, q, k) {
    var m = q.length, col = [], ends = [], run = null, i, j;
    for (i = 0; i <= m; i++) col[i] = i;
    for (j = 0; j < t.length; j++) {
      var diag = 0, c = t[j];
      for (i = 1; i <= m; i++) {
        var up = col[i];
        col[i] = Math.min(up + 1, col[i - 1] + 1, diag + (q[i - 1] === c ? 0 : 1));
        diag = up;
      }
      // One candidate per run of acceptable ends: the one with the fewest errors.
      if (col[m] > k) {
        run = null;
      } else if (!run) {
        run = { end: j + 1, errors: col[m] };
        ends.push(run);
      } else if (col[m] <= run.errors) {
        run.end = j + 1;
        run.errors = col[m];
      }
    }
    return ends.sort(function (a, b) { return a.errors - b.errors; }).slice(0, 8);
  }

  /* Where the quote is in the normalised text: [start, end) or null. */
  function locate(index, quote) {
    var t = index.text, exact = normalise(quote.exact).trim();
    if (!exact) return null;
    var prefix = normalise(quote.prefix), suffix = normalise(quote.suffix), hint = quote.hint;
    var candidates = [], at = t.indexOf(exact);
    while (at !== -1) {
      candidates.push({ start: at, end: at + exact.length, quote: 1 });
      at = t.indexOf(exact, at + 1);
    }
    if (!candidates.length && exact.length >= 8 && exact.length <= 300) {
      var k = Math.floor(exact.length / 5);
      nearEnds(t, exact, k).forEach(function (near) {
        var best = null;
        for (var s = Math.max(0, near.end - exact.length - k); s <= near.end - exact.length + k; s++) {
          var d = editDistance(exact, t.slice(s, near.end));
          if (!best || d < best.d) best = { start: s, d: d };
        }
        candidates.push({ start: best.start, end: near.end, quote: 1 - best.d / exact.length });
      });
    }
    var chosen = null;
    candidates.forEach(function (c) {
      // Hypothesis's weights (tests/data/hypothesis-anchoring-cases.json, "scoring"); `hint` is an offset.
      var pre = contextScore(t.slice(Math.max(0, c.start - prefix.length), c.start), prefix);
      var suf = contextScore(t.slice(c.end, c.end + suffix.length), suffix);
      var pos = typeof hint === "number" ? 1 - Math.abs(c.start - hint) / t.length : 1;
      c.score = (50 * c.quote + 20 * pre + 20 * suf + 2 * pos) / 92;
      // A near match needs its context: without it, any similar sentence would do.
      if (c.quote < 1 && c.score < 0.75) return;
      if (!chosen || c.score > chosen.score) chosen = c;
    });
    if (!chosen) return null;
    // Start and end on characters of the page, never on the space that stands between blocks.
    while (chosen.start < chosen.end && !index.nodes[chosen.start]) chosen.start++;
    while (chosen.end > chosen.start && !index.nodes[chosen.end - 1]) chosen.end--;
    return chosen.end > chosen.start ? chosen : null;
  }

  /* Wraps the located text in marks, one per text node it covers; the first mark is the claim's button. */
  function wrap(index, found, claim, label) {
    var startNode = index.nodes[found.start], endNode = index.nodes[found.end - 1];
    var startOffset = index.offsets[found.start], endOffset = index.offsets[found.end - 1] + 1;
    var pieces = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), node;
    walker.currentNode = startNode;
    for (node = startNode; node; node = walker.nextNode()) {
      var a = node === startNode ? startOffset : 0, b = node === endNode ? endOffset : node.data.length;
      var parent = node.parentNode;
      if (b > a && /\S/.test(node.data.slice(a, b)) && parent && !SKIP.test(parent.nodeName.toUpperCase())) {
        pieces.push([node, a, b]);
      }
      if (node === endNode) break;
    }
    var marks = pieces.map(function (p) {
      var text = p[0];
      if (p[1] > 0) text = text.splitText(p[1]);
      if (p[2] - p[1] < text.data.length) text.splitText(p[2] - p[1]);
      var mark = document.createElement("mark");
      mark.setAttribute("data-factcheck-claim", claim.id);
      text.parentNode.insertBefore(mark, text);
      mark.appendChild(text);
      return mark;
    });
    if (marks.length) {
      var first = marks[0];
      first.tabIndex = 0;
      first.setAttribute("role", "button");
      first.setAttribute("aria-haspopup", "dialog");
      first.setAttribute("aria-expanded", "false");
      first.setAttribute("aria-description", label);
      // The ClaimReview feed's `url` for this claim is the article's address with #claim-ID.
      if (!document.getElementById("claim-" + claim.id)) first.id = "claim-" + claim.id;
    }
    return marks;
  }

  var PAGE_CSS =
    "mark[data-factcheck-claim]{background:#fff0a0;color:#1b1b1b;cursor:pointer;padding:0;" +
    "border-bottom:2px solid #7a5c00;border-radius:1px}" +
    "mark[data-factcheck-claim]:hover,mark[data-factcheck-claim][aria-expanded=true]{background:#ffe066}" +
    "mark[data-factcheck-claim]:focus-visible{outline:3px solid #1a4fa0;outline-offset:2px}";
  var CARD_CSS =
    ":host{all:initial}" +
    ".card{position:fixed;z-index:2147483000;box-sizing:border-box;width:24rem;max-width:calc(100vw - 16px);" +
    "overflow:auto;background:#fff;color:#1b1b1b;border:1px solid #5c5c5c;border-radius:8px;" +
    "box-shadow:0 6px 24px rgba(0,0,0,.28);padding:12px 16px 14px;font:15px/1.45 system-ui,-apple-system," +
    "'Segoe UI',Tahoma,sans-serif;text-align:start}" +
    ".card:focus{outline:3px solid #1a4fa0;outline-offset:-3px}" +
    ".head{display:flex;align-items:center;justify-content:space-between;gap:12px;margin:0 0 8px}" +
    ".title{font-weight:700;font-size:16px;margin:0}" +
    ".close{font:inherit;font-size:14px;color:#1b1b1b;background:#f2f2f2;border:1px solid #5c5c5c;" +
    "border-radius:6px;padding:4px 10px;min-height:32px;min-width:44px;cursor:pointer}" +
    ".close:focus-visible{outline:3px solid #1a4fa0;outline-offset:2px}" +
    "dl{margin:0}dt{font-weight:700;margin:8px 0 2px}dd{margin:0}" +
    ".verdict{display:inline-block;font-weight:700;padding:1px 8px;border-radius:4px;background:#1b1b1b;color:#fff}" +
    "ul{margin:2px 0 0;padding-inline-start:18px}li{margin:2px 0}" +
    "a{color:#0b4fa8;text-decoration:underline;overflow-wrap:anywhere}a:focus-visible{outline:3px solid #1a4fa0}";

  function sheet(css) {
    try {
      var s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    } catch (e) {
      return null;
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    a.rel = "noopener noreferrer";
    return a;
  }

  function start(script) {
    script.setAttribute("data-factcheck-state", "loading");
    var article = script.getAttribute("data-factcheck-article"), pageUrl = script.getAttribute("data-factcheck-url");
    var endpoint = new URL("embed/claims.json", script.src);
    if (article) endpoint.searchParams.set("article", article);
    else if (pageUrl) endpoint.searchParams.set("url", pageUrl);
    else return done(script, "none");
    fetch(endpoint.href, { credentials: "omit", mode: "cors" })
      .then(function (response) {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (!data || !data.claims || !data.claims.length) return done(script, "none");
        render(script, data);
      })
      .catch(function () {
        done(script, "error");
      });
  }

  function done(script, state) {
    script.setAttribute("data-factcheck-state", state);
  }

  function render(script, data) {
    var lang = (data.language || "en").toLowerCase(), dir = data.direction === "rtl" ? "rtl" : "ltr";
    var L = LABELS[lang.split("-")[0]] || LABELS.en;
    var rootSelector = script.getAttribute("data-factcheck-root");
    var root = (rootSelector && document.querySelector(rootSelector)) || document.body;
    var host = el("div");
    host.setAttribute("data-factcheck-card-host", "");
    var shadow = host.attachShadow({ mode: "open" });
    var pageSheet = sheet(PAGE_CSS), cardSheet = sheet(CARD_CSS);
    if (pageSheet) document.adoptedStyleSheets = document.adoptedStyleSheets.concat([pageSheet]);
    if (cardSheet) shadow.adoptedStyleSheets = [cardSheet];

    var claims = {}, missed = [], marked = 0;
    data.claims.forEach(function (claim) {
      claims[claim.id] = claim;
      var index = textIndex(root, host), found = locate(index, claim.quote);
      var marks = found ? wrap(index, found, claim, L.checked.replace("%s", claim.verdict.label)) : [];
      if (marks.length) marked++;
      else missed.push(claim.id);
    });
    document.body.appendChild(host);

    var card = el("div", "card"), opener = null;
    card.setAttribute("role", "dialog");
    card.setAttribute("aria-modal", "false");
    card.setAttribute("aria-labelledby", "factcheck-title");
    card.lang = lang;
    card.dir = dir;
    card.tabIndex = -1;
    card.hidden = true;
    // A non-modal card: when the focus moves on past it, it closes.
    card.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !card.contains(event.relatedTarget)) hide(false);
    });
    shadow.appendChild(card);

    function date(value) {
      try {
        return new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(value));
      } catch (e) {
        return String(value).slice(0, 10);
      }
    }

    function fill(claim) {
      card.textContent = "";
      var head = el("div", "head"), title = el("p", "title", L.title), close = el("button", "close", L.close);
      title.id = "factcheck-title";
      close.type = "button";
      close.addEventListener("click", function () { hide(true); });
      head.appendChild(title);
      head.appendChild(close);
      card.appendChild(head);
      var list = el("dl");
      function row(term, value) {
        if (!value) return;
        list.appendChild(el("dt", null, term));
        var dd = el("dd");
        if (typeof value === "string") dd.textContent = value;
        else dd.appendChild(value);
        list.appendChild(dd);
      }
      row(L.verdict, el("span", "verdict", claim.verdict.label));
      row(L.claim, claim.statement);
      row(L.claimant, claim.claimant);
      row(L.rationale, claim.rationale);
      row(L.correction, claim.correction);
      if (claim.correction_note) {
        var note = claim.correction_note + (claim.corrected_at ? " (" + L.corrected.replace("%s", date(claim.corrected_at)) + ")" : "");
        row(L.note, note);
      }
      var sources = (claim.sources || []).filter(function (s) { return safeUrl(s.url); });
      if (sources.length) {
        var ul = el("ul");
        sources.forEach(function (s) {
          var li = el("li");
          li.appendChild(link(s.url, s.title || s.publisher || s.url));
          if (safeUrl(s.archived_url)) {
            li.appendChild(document.createTextNode(" ("));
            li.appendChild(link(s.archived_url, L.archived));
            li.appendChild(document.createTextNode(")"));
          }
          ul.appendChild(li);
        });
        row(L.sources, ul);
      }
      card.appendChild(list);
    }

    function place() {
      if (card.hidden || !opener) return;
      var margin = 8, gap = 6, vw = document.documentElement.clientWidth || innerWidth, vh = innerHeight;
      var r = opener.getBoundingClientRect();
      var below = vh - r.bottom - gap - margin, above = r.top - gap - margin;
      card.style.maxHeight = vh - 2 * margin + "px";
      var w = card.offsetWidth, h = card.offsetHeight, top;
      // Beside the quote, never over it: below if the card fits there, else above; if it fits neither, on the
      // roomier side, scrolling inside.
      if (h <= below) {
        top = r.bottom + gap;
      } else if (h <= above) {
        top = r.top - gap - h;
      } else if (below >= above) {
        card.style.maxHeight = Math.max(below, 120) + "px";
        top = r.bottom + gap;
      } else {
        card.style.maxHeight = Math.max(above, 120) + "px";
        top = r.top - gap - card.offsetHeight;
      }
      top = Math.max(margin, Math.min(top, vh - card.offsetHeight - margin));
      var left = dir === "rtl" ? r.right - w : r.left;
      left = Math.max(margin, Math.min(left, vw - w - margin));
      card.style.left = left + "px";
      card.style.top = top + "px";
    }

    function show(mark) {
      var id = mark.getAttribute("data-factcheck-claim"), first = document.querySelector(MARK + "[role=button][data-factcheck-claim='" + id + "']");
      if (!claims[id] || !first) return;
      if (opener && opener !== first) opener.setAttribute("aria-expanded", "false");
      opener = first;
      fill(claims[id]);
      card.hidden = false;
      opener.setAttribute("aria-expanded", "true");
      if (opener.scrollIntoView) opener.scrollIntoView({ block: "nearest" });
      place();
      card.focus();
    }

    function hide(restoreFocus) {
      if (card.hidden) return;
      card.hidden = true;
      if (opener) {
        opener.setAttribute("aria-expanded", "false");
        if (restoreFocus) opener.focus();
      }
    }

    document.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest(MARK);
      if (mark) {
        event.preventDefault();
        show(mark);
      } else if (!host.contains(event.target)) {
        hide(false);
      }
    });
    document.addEventListener("keydown", function (event) {
      var mark = event.target.closest && event.target.closest(MARK);
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        show(mark);
      } else if (event.key === "Escape" && !card.hidden) {
        event.preventDefault();
        hide(true);
      }
    });
    addEventListener("resize", place);
    addEventListener("scroll", place, true);

    script.setAttribute("data-factcheck-marked", String(marked));
    script.setAttribute("data-factcheck-missed", missed.join(" "));
    done(script, "marked");
  }

  function scripts() {
    var found = [];
    if (document.currentScript) found.push(document.currentScript);
    var all = document.querySelectorAll("script[data-factcheck-article],script[data-factcheck-url]");
    for (var i = 0; i < all.length; i++) if (found.indexOf(all[i]) === -1) found.push(all[i]);
    return found.filter(function (s) {
      return /\/public\/embed\.js(\?|$)/.test(s.src) && !s.hasAttribute("data-factcheck-state");
    });
  }

  var pending = scripts();
  function run() {
    pending.forEach(start);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
