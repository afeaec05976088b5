// The desk: keyboard work in the workspace, focus after every action, the shortcuts dialog, bulk selection
// with shift-click ranges, confirmations, and @mention autocompletion. No inline scripts: every hook is a
// data attribute or id that the templates render.
(function () {
  "use strict";

  function typingIn(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable], dialog");
  }

  function modified(event) {
    return event.ctrlKey || event.metaKey || event.altKey;
  }

  // --- Highlights: Tab/Shift+Tab reach each claim once (its first piece), j/k move in text order, Enter opens.

  function highlights() {
    return Array.from(document.querySelectorAll("#article-text mark.hl[tabindex]"));
  }

  function focusHighlight(mark) {
    if (!mark) return;
    mark.focus();
    mark.scrollIntoView({ block: "nearest" });
  }

  function moveHighlight(step) {
    const marks = highlights();
    if (!marks.length) return;
    const active = document.activeElement && document.activeElement.closest ? document.activeElement.closest("#article-text mark.hl") : null;
    let index = active ? marks.findIndex(function (m) { return m.dataset.claim === active.dataset.claim; }) : -1;
    if (index === -1) {
      const open = document.getElementById("claim-card");
      if (open) index = marks.findIndex(function (m) { return m.dataset.claim === open.dataset.claimId; });
    }
    const next = index === -1 ? (step > 0 ? 0 : marks.length - 1) : Math.max(0, Math.min(marks.length - 1, index + step));
    focusHighlight(marks[next]);
  }

  let opener = null; // the element that opened the card, where focus returns when it closes

  function detail() { return document.getElementById("detail"); }

  function closeDetail() {
    const panel = detail();
    if (!panel) return;
    const card = document.getElementById("claim-card");
    const claimId = card ? card.dataset.claimId : null;
    panel.innerHTML = "";
    document.querySelectorAll("#article-text mark.hl-active, #claim-list a.active").forEach(function (el) { el.classList.remove("hl-active", "active"); });
    const back = (claimId && document.querySelector('#article-text mark.hl[tabindex][data-claim="' + claimId + '"]')) ||
      (opener && document.contains(opener) ? opener : null) || document.getElementById("article-text");
    if (back) {
      if (!back.hasAttribute("tabindex")) back.setAttribute("tabindex", "-1");
      back.focus();
    }
  }

  // Escape: close the open form (back to its card, or nothing), then the card itself.
  function escape() {
    const dialog = document.querySelector("dialog[open]");
    if (dialog) return false; // the dialog closes itself
    const panel = detail();
    if (!panel || !panel.firstElementChild) return false;
    const active = document.activeElement;
    const inlineForm = active && active.closest && active.closest("#detail form.source-form");
    if (inlineForm) {
      const cancel = inlineForm.querySelector("[data-action=cancel]");
      if (cancel) { cancel.click(); return true; }
    }
    const openDetails = active && active.closest && active.closest("#detail details[open]");
    if (openDetails) {
      openDetails.open = false;
      const summary = openDetails.querySelector("summary");
      if (summary) summary.focus();
      return true;
    }
    const editForm = panel.querySelector("form.claim-form [data-action=cancel]");
    if (editForm) { editForm.click(); return true; }
    closeDetail();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (escape()) event.preventDefault();
      return;
    }
    if (modified(event)) return;
    const mark = event.target.closest && event.target.closest("#article-text mark.hl");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      opener = mark;
      mark.click();
      return;
    }
    if (typingIn(event.target)) return;
    if (event.key === "?") {
      const dialog = document.getElementById("shortcuts");
      if (dialog && !dialog.open) { event.preventDefault(); dialog.showModal(); }
      return;
    }
    if (event.key === "x") {
      const row = event.target.closest && event.target.closest(".review-row");
      const box = row && row.querySelector("input[data-bulk-item]");
      if (box) { event.preventDefault(); box.click(); }
      return;
    }
    if (!document.getElementById("article-text")) return;
    if (event.key === "j") { event.preventDefault(); moveHighlight(1); }
    else if (event.key === "k") { event.preventDefault(); moveHighlight(-1); }
  });

  document.addEventListener("click", function (event) {
    const close = event.target.closest("[data-action=close-card], [data-action=close-detail]");
    if (close) { event.preventDefault(); event.stopPropagation(); closeDetail(); return; }
    const show = event.target.closest("[data-action=show-shortcuts]");
    if (show) {
      const dialog = document.getElementById("shortcuts");
      if (dialog) { event.preventDefault(); dialog.showModal(); }
      return;
    }
    const hide = event.target.closest("[data-action=close-dialog]");
    if (hide) { const dialog = hide.closest("dialog"); if (dialog) dialog.close(); return; }
    const mark = event.target.closest("#article-text mark.hl, #claim-list a[data-claim]");
    if (mark) opener = mark;
  }, true);

  // --- Focus after every swap: the server marks the next step with data-autofocus.

  function phone() { return window.matchMedia && window.matchMedia("(max-width: 900px)").matches; }

  function focusable(el) {
    // A form (or a part marked so) hands the focus to its first field with an error, else its first field.
    if (el.matches("form")) {
      const field = el.querySelector(".has-error input:not([type=hidden]), .has-error textarea, .has-error select") ||
        el.querySelector("input:not([type=hidden]), textarea, select");
      if (field) return field;
    }
    return el;
  }

  // A response for another panel may swap the card in out of band (accepting a suggestion does): the card's
  // next step takes the focus then too.
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    const target = event.detail.target || event.detail.elt;
    if (target && target.id === "detail") { showFromTop(target); focusNextStep(target); }
  });

  // A card or form swapped into the side panel is read from its top: the panel, which scrolls on its own beside
  // the article, goes back to its start, where the card is (the focus step below then scrolls only if it must).
  function showFromTop(target) {
    const panel = target.closest(".panel");
    if (panel && !phone()) panel.scrollTop = 0;
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    if (target && target.id === "detail" && target.firstElementChild) showFromTop(target);
  });

  // "Checked before?" under a suggestion: once the archive answered, the box is brought into sight.
  document.addEventListener("htmx:afterSettle", function (event) {
    const source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.matches && source.matches("details.checked-before-toggle") && source.open && document.contains(source)) {
      source.scrollIntoView({ block: "nearest" });
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    focusNextStep(event.detail.target || event.detail.elt);
  });

  function focusNextStep(target) {
    if (!target || !target.querySelector) return;
    // The user already went into the new content (a click or a tab between the swap and the settle): stay there.
    const active = document.activeElement;
    if (active && active !== document.body && active !== target && target.contains(active)) return;
    let next = target.matches("[data-autofocus]") ? target : target.querySelector("[data-autofocus]");
    // After an action in the card with no obvious next step, land on what the action said ("Saved.").
    if (!next && target.id === "detail") next = target.querySelector(".saved, #claim-card");
    if (next) {
      next = focusable(next);
      if (!next.hasAttribute("tabindex") && !next.matches("a, button, input, select, textarea, summary")) next.setAttribute("tabindex", "-1");
      next.focus({ preventScroll: true });
      // A whole card or form is shown from the top of its box (its border and heading included), a part of it
      // (a field, a button) only as far as needed.
      const whole = next.matches("#detail > #claim-card, #detail > .saved, #detail > #claim-form") ? target : next;
      whole.scrollIntoView({ block: phone() ? "start" : "nearest" });
    } else if (target.id === "detail" && !target.firstElementChild) {
      closeDetail();
    }
  }

  // A page that reports the result of a bulk action puts the report in focus.
  document.addEventListener("DOMContentLoaded", function () {
    const report = document.querySelector("[data-autofocus-on-load]");
    if (report) report.focus();
  });

  // A form or a button that destroys something asks first (also without htmx).
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const question = form.dataset && form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  // --- Bulk selection: select all on the page, shift-click ranges, the count of selected rows.

  let lastBox = null;

  function boxesOf(scope) {
    return Array.from(scope.querySelectorAll("input[type=checkbox][data-bulk-item]"));
  }

  function updateBulk(scope) {
    const boxes = boxesOf(scope);
    const chosen = boxes.filter(function (b) { return b.checked; });
    const all = scope.querySelector("input[type=checkbox][data-bulk-all]");
    if (all) {
      all.checked = boxes.length > 0 && chosen.length === boxes.length;
      all.indeterminate = chosen.length > 0 && chosen.length < boxes.length;
    }
    const count = scope.querySelector("[data-bulk-count]");
    // The number as the page's language writes it (Persian digits in Persian), like the server's |number.
    if (count) count.textContent = count.dataset.template.replace("%(count)s", chosen.length.toLocaleString(document.documentElement.lang || undefined));
    scope.querySelectorAll("[data-bulk-action]").forEach(function (button) { button.disabled = chosen.length === 0; });
    boxes.forEach(function (b) { const row = b.closest("tr, li"); if (row) row.classList.toggle("selected", b.checked); });
  }

  document.addEventListener("click", function (event) {
    const box = event.target.closest && event.target.closest("input[type=checkbox][data-bulk-item], input[type=checkbox][data-bulk-all]");
    if (!box) return;
    const scope = box.closest("[data-bulk]");
    if (!scope) return;
    const boxes = boxesOf(scope);
    if (box.hasAttribute("data-bulk-all")) {
      boxes.forEach(function (b) { b.checked = box.checked; });
    } else if (event.shiftKey && lastBox && boxes.indexOf(lastBox) !== -1) {
      const a = boxes.indexOf(lastBox), b = boxes.indexOf(box);
      boxes.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (item) { item.checked = box.checked; });
    }
    if (!box.hasAttribute("data-bulk-all")) lastBox = box;
    updateBulk(scope);
  });

  function initBulk() { document.querySelectorAll("[data-bulk]").forEach(updateBulk); }
  document.addEventListener("DOMContentLoaded", initBulk);
  document.addEventListener("htmx:afterSettle", initBulk);

  // --- @mentions: typing @na in a comment offers matching usernames; arrows choose, Enter or Tab inserts.

  let menu = null;
  let menuFor = null;
  let requestNumber = 0;

  function mentionAtCaret(field) {
    const before = field.value.slice(0, field.selectionStart);
    const match = /(^|[^\w@])@([\w.+-]*)$/.exec(before);
    return match ? { prefix: match[2], start: before.length - match[2].length - 1 } : null;
  }

  function closeMenu() {
    if (menu) menu.remove();
    if (menuFor) { menuFor.removeAttribute("aria-activedescendant"); menuFor.setAttribute("aria-expanded", "false"); }
    menu = null;
    menuFor = null;
  }

  function choose(field, username) {
    const at = mentionAtCaret(field);
    if (!at) return closeMenu();
    const after = field.value.slice(field.selectionStart);
    field.value = field.value.slice(0, at.start) + "@" + username + " " + after;
    const caret = at.start + username.length + 2;
    field.setSelectionRange(caret, caret);
    closeMenu();
    field.focus();
  }

  function activate(index) {
    const options = Array.from(menu.querySelectorAll("[role=option]"));
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
    if (options[index]) menuFor.setAttribute("aria-activedescendant", options[index].id);
  }

  function showMenu(field, users) {
    closeMenu();
    if (!users.length) return;
    menu = document.createElement("ul");
    menu.className = "mention-menu";
    menu.id = field.id + "-mentions";
    menu.setAttribute("role", "listbox");
    menu.setAttribute("aria-label", field.dataset.mentionsLabel || "People");
    users.forEach(function (user, i) {
      const item = document.createElement("li");
      item.id = menu.id + "-" + i;
      item.setAttribute("role", "option");
      item.dataset.username = user.username;
      item.textContent = "@" + user.username + (user.name ? " · " + user.name : "");
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(field, user.username); });
      menu.appendChild(item);
    });
    field.insertAdjacentElement("afterend", menu);
    field.setAttribute("aria-controls", menu.id);
    field.setAttribute("aria-expanded", "true");
    menuFor = field;
    activate(0);
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!field.matches || !field.matches("textarea[data-mentions-url], input[data-mentions-url]")) return;
    const at = mentionAtCaret(field);
    if (!at) return closeMenu();
    const number = ++requestNumber;
    fetch(field.dataset.mentionsUrl + "?q=" + encodeURIComponent(at.prefix), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (number === requestNumber && document.activeElement === field) showMenu(field, data.results || []); })
      .catch(closeMenu);
  });

  document.addEventListener("keydown", function (event) {
    if (!menu || event.target !== menuFor) return;
    const options = Array.from(menu.querySelectorAll("[role=option]"));
    let index = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      index = (index + (event.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
      activate(index);
    } else if (event.key === "Enter" || event.key === "Tab") {
      if (index >= 0) { event.preventDefault(); choose(menuFor, options[index].dataset.username); }
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopImmediatePropagation();
      closeMenu();
    }
  }, true);

  document.addEventListener("focusout", function (event) { if (menu && event.target === menuFor) setTimeout(closeMenu, 150); });
})();
