"""axe-core in the test browser: the WCAG 2.0/2.1/2.2 A and AA rules over whatever a page shows right now.

axe-core comes from npm (package.json at the top of the repository, installed into the git-ignored
node_modules/ by `npm ci` the first time a test needs it). It is evaluated through the DevTools protocol, not
added to the page as a <script>, so the app's strict Content-Security-Policy stays exactly as it is served.
"""

import fcntl
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@cache
def axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("The accessibility tests need axe-core from npm: install Node.js and npm, then run `npm ci`.")
        with open(ROOT / "package-lock.json") as lock:  # one `npm ci` at a time, even from two test runs
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not AXE.exists():
                subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ROOT, check=True)
    return AXE.read_text()


def violations(page: Page) -> list[dict]:
    """What axe-core finds on the page as it is now: one dict per rule broken, with the offending elements."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;void 0")
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document,
            { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
          return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary })) }));
        }""",
        TAGS,
    )


def assert_no_violations(page: Page, state: str) -> None:
    found = violations(page)
    assert not found, f"axe-core, {state} ({page.url}):\n" + json.dumps(found, indent=1, ensure_ascii=False)


def structure_problems(page: Page) -> list[str]:
    """What axe-core lets pass but a keyboard or screen reader user trips over."""
    return page.evaluate(
        """() => {
          const problems = [];
          const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
            .filter(h => h.offsetParent !== null);
          if (!headings.length || headings[0].tagName !== "H1")
            problems.push("the first heading is not an h1: " + (headings[0] ? headings[0].outerHTML : "none"));
          if (document.querySelectorAll("h1").length !== 1)
            problems.push(document.querySelectorAll("h1").length + " h1 elements");
          const first = document.querySelector("a[href], button, input, select, textarea, [tabindex]");
          if (!first || !first.matches("a.skip-link[href='#main']") || !document.getElementById("main"))
            problems.push("no skip link to #main first");
          for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
            for (const el of document.querySelectorAll("[" + attr + "]")) {
              for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id))
                  problems.push(attr + " points at a missing #" + id + " on " + el.outerHTML.slice(0, 80));
              }
            }
          }
          for (const el of document.querySelectorAll("button[disabled][title]"))
            problems.push("a disabled button explains itself only in a tooltip: " + el.outerHTML.slice(0, 80));
          return problems;
        }"""
    )


def assert_accessible(page: Page, state: str) -> None:
    assert_no_violations(page, state)
    problems = structure_problems(page)
    assert not problems, f"{state} ({page.url}): " + "; ".join(problems)
