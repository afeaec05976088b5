// Swagger UI draws a few controls whose names a screen reader cannot use; ours, served from the app like Swagger UI
// itself (no inline script, the CSP intact), names them whenever Swagger UI redraws:
// - a parameter's menu or field has no label (axe-core: select-name, label): it is named after its parameter;
// - the dialog's close button is an icon with no name (button-name): "Close";
// - a button whose aria-label leaves out the words it shows ("Authorize" labelled "Apply credentials"; WCAG 2.5.3,
//   label-content-name-mismatch): the shown words come first in its name.
(function () {
  "use strict";
  function unlabelled(control) {
    return !control.hasAttribute("aria-label") && !control.hasAttribute("aria-labelledby") && !(control.labels && control.labels.length);
  }
  function repair() {
    for (const row of document.querySelectorAll(".swagger-ui tr[data-param-name]")) {
      for (const control of row.querySelectorAll("select, input, textarea")) {
        if (unlabelled(control)) control.setAttribute("aria-label", row.getAttribute("data-param-name"));
      }
    }
    for (const button of document.querySelectorAll(".swagger-ui .close-modal")) {
      if (!button.textContent.trim() && unlabelled(button)) button.setAttribute("aria-label", "Close");
    }
    for (const button of document.querySelectorAll(".swagger-ui button[aria-label]")) {
      const shown = button.textContent.trim();
      const label = button.getAttribute("aria-label");
      if (shown && !label.toLowerCase().includes(shown.toLowerCase())) button.setAttribute("aria-label", shown + ": " + label);
    }
  }
  new MutationObserver(repair).observe(document.documentElement, { childList: true, subtree: true });
})();
