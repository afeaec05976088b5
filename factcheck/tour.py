"""`./dev tour`: screenshots of every page and the workspace's main states, as the demo users see them.

The tour makes a database of its own (`factcheck_tour`, dropped and made again each time, on the same server as
the project's database), loads the demo into it (`load_demo`), starts the web server and a worker (the
suggestions come from a worker job) on a free port, and drives Chromium through Playwright: it logs in as the
demo editor, reviewer and admin and writes one PNG per page state, size and language, with an index.html that
shows them side by side. Everything the tour adds to the demo (an assignment, a revision, a token, a webhook) goes
through the pages, like a person would, before the first picture; the order is fixed, so two runs show the same.

    ./dev tour                                 # every state, laptop + desktop + phone, en + ru + fa, into tour/
    ./dev tour --only review-queue,search --sizes phone --languages fa --out /tmp/shots

Only the browser and HTTP are used here: the tour knows the app by its addresses and its markup, like a user.
"""

import argparse
import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck import launcher

BASE_DIR = launcher.BASE_DIR
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DATABASE_NAME = "factcheck_tour"
# The tour's own users get this password in the tour's own database (set after load_demo, which leaves
# .demo-credentials, the `./dev run` passwords, as they are).
PASSWORD = "tour-demo-password"
LANGUAGES = {"en": "en-gb", "ru": "ru", "fa": "fa"}


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int
    phone: bool = False

    def context_options(self) -> dict:
        options = {"viewport": {"width": self.width, "height": self.height}, "device_scale_factor": 1}
        if self.phone:
            options |= {"is_mobile": True, "has_touch": True}
        return options


SIZES = {
    "laptop": Size("laptop", 1366, 768),
    "desktop": Size("desktop", 1920, 1080),
    "phone": Size("phone", 390, 844, phone=True),
}


def parse_size(text: str) -> Size:
    """`laptop`, `desktop`, `phone`, or WIDTHxHEIGHT (e.g. 1280x720; up to 600 wide counts as a phone)."""
    if text in SIZES:
        return SIZES[text]
    found = re.fullmatch(r"(\d{3,4})x(\d{3,4})", text)
    if not found:
        raise argparse.ArgumentTypeError(f"unknown size {text!r}: use {', '.join(SIZES)} or WIDTHxHEIGHT")
    width, height = int(found[1]), int(found[2])
    return Size(text, width, height, phone=width <= 600)


# Tour state


@dataclass
class Demo:
    """What the pages told us about the demo: the addresses the shots visit."""

    article: str = ""  # /articles/<pk>/
    claim: str = ""  # /claims/<pk>/ of the claim whose card the tour opens
    card_claim_id: str = ""
    webhook: str = ""
    revision_count: int = 0


@dataclass(frozen=True)
class Shot:
    """One page state: who looks, how to get there, and whether the picture is the window or the whole page."""

    name: str
    title: str
    user: str | None  # None: logged out
    go: Callable  # go(page, base_url, demo) leaves the page in the state to photograph
    full_page: bool = True
    phone_only: bool = False
    ours: bool = True  # built on the project's base.html (not Django's admin, not the API docs' Swagger UI)

    @property
    def workspace(self) -> bool:
        return self.name.startswith("workspace")

    def fits(self, size: "Size") -> bool:
        return size.phone or not self.phone_only


def _visit(path: str | Callable[[Demo], str]):
    def go(page, base, demo):
        target = path(demo) if callable(path) else path
        response = page.goto(base + target)
        if response is None or response.status >= 500:
            raise TourError(f"{target} answered {response.status if response else 'nothing'}")
        settle(page)

    return go


class TourError(RuntimeError):
    pass


# The page is still: loaded, no htmx request in flight, no part waiting to load itself (hx-trigger="load" parts
# replace themselves when their answer comes), fonts loaded. Cheaper than waiting for the network to be idle.
_STILL_JS = """() => document.readyState === "complete"
  && !document.querySelector(".htmx-request, [hx-trigger='load']")"""


def settle(page) -> None:
    page.wait_for_function(_STILL_JS, polling=50)
    page.evaluate("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r())))")


def _workspace(page, base, demo):
    _visit(lambda d: d.article)(page, base, demo)
    # The suggestions panel loads itself (htmx) once the page is there; the tour waits for its list.
    page.locator("#suggestions .suggestion, #suggestions .empty").first.wait_for(state="attached", timeout=30_000)
    settle(page)
    page.evaluate("() => window.scrollTo(0, 0)")


def _workspace_card(page, base, demo):
    _workspace(page, base, demo)
    page.locator(f'#claim-list a[data-claim="{demo.card_claim_id}"]').first.click()
    page.locator(f'#claim-card[data-claim-id="{demo.card_claim_id}"]').wait_for()
    page.locator("#claim-card .checked-before .match, #claim-card .checked-before .empty").first.wait_for(
        state="attached", timeout=15_000
    )
    settle(page)


# Selects a phrase of the article as a keyboard selection would (the workspace then offers "Add claim").
_SELECT_JS = """(quote) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const at = n.data.indexOf(quote);
    if (at >= 0) { getSelection().setBaseAndExtent(n, at, n, at + quote.length); return true; }
  }
  return false;
}"""
FORM_QUOTE = "relations with Iran are a priority for Russia"


def _workspace_form(page, base, demo):
    _workspace(page, base, demo)
    if not page.evaluate(_SELECT_JS, FORM_QUOTE):
        raise TourError(f"the demo article no longer contains {FORM_QUOTE!r}")
    add = page.locator("#add-claim")
    add.wait_for(state="visible")
    add.click()
    page.locator("#claim-form").wait_for(state="visible")
    settle(page)


def _workspace_checked_before(page, base, demo):
    """A suggestion's "Checked before?" opened: the first one that finds an earlier fact-check."""
    _workspace(page, base, demo)
    toggles = page.locator("#suggestions details.checked-before-toggle")
    for index in range(min(toggles.count(), 8)):
        toggle = toggles.nth(index)
        toggle.locator("summary").click()
        toggle.locator(".checked-before .match, .checked-before .empty").first.wait_for(
            state="attached", timeout=15_000
        )
        if toggle.locator(".match").count():
            break
        toggle.locator("summary").click()  # nothing found here: close it and try the next one
    settle(page)


def _login_error(page, base, demo):
    _visit("/login/")(page, base, demo)
    page.fill("#id_username", "editor")
    page.fill("#id_password", "not the password")
    page.click("main button[type=submit]")
    settle(page)


def _new_article_errors(page, base, demo):
    _visit("/articles/new/")(page, base, demo)
    page.locator("main form button[type=submit].primary, main form button[type=submit]").first.click()
    page.locator("[aria-invalid=true]").first.wait_for()
    settle(page)


def _phone_menu(page, base, demo):
    _visit("/")(page, base, demo)
    menu = page.locator("button[aria-controls=site-nav]")
    if menu.is_visible():
        menu.click()
        page.locator("#site-nav").wait_for(state="visible")
    settle(page)


def _api_docs(page, base, demo):
    _visit("/api/docs/")(page, base, demo)
    page.locator(".swagger-ui .opblock").first.wait_for()  # Swagger UI draws the page after it loads
    settle(page)


SHOTS = [
    Shot("login", "Log in", None, _visit("/login/")),
    Shot("login-error", "Log in, wrong password", None, _login_error),
    Shot("password-reset", "Password reset", None, _visit("/password-reset/")),
    Shot("my-work", "My work (editor)", "editor", _visit("/")),
    Shot("menu", "Navigation menu open (phone)", "editor", _phone_menu, full_page=False, phone_only=True),
    Shot("articles", "Article list", "editor", _visit("/articles/")),
    Shot("article-new", "New article", "editor", _visit("/articles/new/")),
    Shot("article-new-errors", "New article, sent empty", "editor", _new_article_errors),
    Shot("article-edit", "Edit article", "editor", _visit(lambda d: d.article + "edit/")),
    Shot("workspace", "Workspace, suggestions loaded", "editor", _workspace, full_page=False),
    Shot("workspace-card", "Workspace, claim card open", "editor", _workspace_card, full_page=False),
    Shot("workspace-form", "Workspace, add-claim form", "editor", _workspace_form, full_page=False),
    Shot(
        "workspace-checked-before",
        "Workspace, a suggestion's Checked before open",
        "editor",
        _workspace_checked_before,
        full_page=False,
    ),
    Shot("workspace-reviewer", "Workspace (reviewer)", "reviewer", _workspace, full_page=False),
    Shot("claim", "Claim page", "editor", _visit(lambda d: d.claim)),
    Shot("claim-history", "Claim history", "editor", _visit(lambda d: d.claim + "history/")),
    Shot("article-history", "Article history", "editor", _visit(lambda d: d.article + "history/")),
    Shot("revisions", "Revisions", "editor", _visit(lambda d: d.article + "revisions/")),
    Shot("suggestions", "Suggestions page", "editor", _visit(lambda d: d.article + "suggestions/")),
    Shot("search", "Search", "editor", _visit("/search/?q=summit")),
    Shot("search-empty", "Search, nothing found", "editor", _visit("/search/?q=zzyzx")),
    Shot("saved-searches", "Saved searches", "editor", _visit("/search/saved/")),
    Shot("notifications", "Notifications (editor)", "editor", _visit("/notifications/")),
    Shot("notification-settings", "Notification settings", "editor", _visit("/notifications/settings/")),
    Shot("review-queue", "Review queue (reviewer)", "reviewer", _visit("/review/")),
    Shot("my-work-reviewer", "My work (reviewer)", "reviewer", _visit("/")),
    Shot("notifications-reviewer", "Notifications (reviewer)", "reviewer", _visit("/notifications/")),
    Shot("tokens", "API tokens (admin)", "admin", _visit("/integrations/tokens/")),
    Shot("webhooks", "Webhooks (admin)", "admin", _visit("/integrations/webhooks/")),
    Shot("webhook", "A webhook and its deliveries (admin)", "admin", _visit(lambda d: d.webhook)),
    Shot("export", "Claims export (admin)", "admin", _visit("/integrations/exports/claims/")),
    Shot("api-docs", "API documentation", "admin", _api_docs, ours=False),
    Shot("admin", "Admin site", "admin", _visit("/admin/"), ours=False),
    Shot("admin-list", "Admin list of claims", "admin", _visit("/admin/annotations/claim/"), ours=False),
]


def new_context(browser, base: str, size: Size, language: str, state: dict | None = None):
    """A browser window of `size`, speaking `language` (the switcher's cookie), logged in as `state` says."""
    context = browser.new_context(
        **size.context_options(),
        storage_state=state,
        locale=LANGUAGES[language],
        reduced_motion="reduce",
        timezone_id="UTC",
    )
    context.add_cookies([{"name": "django_language", "value": LANGUAGES[language], "url": base}])
    context.set_default_timeout(20_000)
    return context


# Preparing the demo through the pages


def prepare(browser, base: str) -> Demo:
    """Finds the demo's addresses and adds what the demo lacks (an assignment, a second revision, a token, a
    webhook), through the same pages a person uses. Runs once, in English, before any picture."""
    demo = Demo()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, base, "admin")
        page.goto(base + "/articles/")
        # The demo article (load_demo), not whichever article is newest (load_demo_publishing adds one).
        link = page.locator("main table a[href^='/articles/']", has_text="Pezeshkian").first
        demo.article = urllib.parse.urlsplit(link.get_attribute("href")).path
        page.goto(base + demo.article)
        # The demo's editor and reviewer work on the article: My work and the review queue show it.
        form = page.locator("#assignment")
        form.locator("select[name=assignee]").select_option(label="editor")
        form.locator("select[name=reviewer]").select_option(label="reviewer")
        form.get_by_role("button", name="Save assignment").click()
        settle(page)
        # A token and a webhook, so their pages list something.
        page.goto(base + "/integrations/tokens/")
        page.fill("#id_name", "CMS sync")
        for scope in page.locator("input[name=scopes]").all()[:2]:
            scope.check()
        page.locator("main form.stacked button[type=submit]").click()
        settle(page)
        page.goto(base + "/integrations/webhooks/")
        page.fill("#id_url", "https://cms.example/hooks/factcheck")
        page.locator("input[name=events]").first.check()
        page.locator("main form.stacked button[type=submit]").click()
        settle(page)
        page.goto(base + "/integrations/webhooks/")
        demo.webhook = page.locator("main table.webhooks a").first.get_attribute("href")
        context.clear_cookies()

        log_in(page, base, "editor")
        # A second revision: the editor adds a paragraph, so the revisions page has a change to show.
        page.goto(base + demo.article + "edit/")
        body = page.locator("#id_body")
        body.fill(body.input_value() + "\n\nThe two presidents are expected to meet again at the summit in Kazan.")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(base + demo.article)
        # The analysis of the new text (a worker job) must be done before the first picture.
        wait_for_suggestions(page, base + demo.article + "suggestions/")
        page.goto(base + demo.article)
        claim = page.locator("#claim-list a[data-claim]", has_text="leaders of 24").first
        demo.card_claim_id = claim.get_attribute("data-claim")
        demo.claim = f"/claims/{demo.card_claim_id}/"
    finally:
        context.close()
    return demo


def wait_for_suggestions(page, url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto(url)
        if page.locator("#suggestions .suggestion, #suggestions .empty").count():
            return
        time.sleep(1)
    raise TourError("the worker did not analyse the demo article in time (is the worker running?)")


def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


# Taking the pictures


@dataclass
class Taken:
    shot: Shot
    language: str
    size: Size
    path: Path | None
    error: str = ""
    sideways: int = 0  # how many pixels the page scrolls sideways (nothing should, at any size)


_SIDEWAYS_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@dataclass
class Tour:
    out: Path
    sizes: list[Size]
    languages: list[str]
    shots: list[Shot]
    password: str = PASSWORD  # the demo users' (tests log their own users in)
    taken: list[Taken] = field(default_factory=list)

    def run(self, browser, base: str, demo: Demo) -> list[Taken]:
        """Every shot, user by user (one log-in each), then language by language and size by size."""
        users = list(dict.fromkeys(shot.user for shot in self.shots))
        for user in users:
            state = self.session(browser, base, user)
            for language in self.languages:
                for size in self.sizes:
                    self.shoot(browser, base, demo, user, state, language, size)
        return self.taken

    def session(self, browser, base: str, user: str | None) -> dict | None:
        if user is None:
            return None
        context = browser.new_context()
        page = context.new_page()
        log_in(page, base, user, self.password)
        state = context.storage_state()
        context.close()
        return state

    def shoot(self, browser, base, demo, user, state, language, size) -> None:
        context = new_context(browser, base, size, language, state)
        page = context.new_page()
        try:
            for shot in self.shots:
                if shot.user != user or not shot.fits(size):
                    continue
                path = self.out / language / size.name / f"{shot.name}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    shot.go(page, base, demo)
                    sideways = page.evaluate(_SIDEWAYS_JS)
                    page.screenshot(path=path, full_page=shot.full_page, animations="disabled", caret="hide")
                    self.taken.append(Taken(shot, language, size, path, sideways=sideways))
                    note = f"  SCROLLS SIDEWAYS by {sideways} px" if sideways else ""
                    print(f"  {language} {size.name:<8} {shot.name}{note}", flush=True)
                except Exception as error:  # one broken state must not hide the others: it is listed instead
                    message = str(error).splitlines()[0][:300]
                    self.taken.append(Taken(shot, language, size, None, message))
                    print(f"  {language} {size.name:<8} {shot.name}: FAILED {message}", file=sys.stderr, flush=True)
        finally:
            context.close()

    def clear(self) -> None:
        """Removes the earlier pictures of the states, sizes and languages this run takes (so a state that fails
        leaves no old picture behind); a slice (--only, --sizes, --languages) keeps the others."""
        for language in self.languages:
            for size in self.sizes:
                for shot in self.shots:
                    (self.out / language / size.name / f"{shot.name}.png").unlink(missing_ok=True)
        (self.out / "index.html").unlink(missing_ok=True)

    def write_index(self) -> Path:
        """index.html: one section per state, its pictures by language and size, failures named."""
        rows = []
        for shot in self.shots:
            cells = []
            for language in self.languages:
                for size in self.sizes:
                    found = [t for t in self.taken if t.shot is shot and t.language == language and t.size == size]
                    if not found:
                        continue
                    t = found[0]
                    label = f"{language} · {size.name} ({size.width}×{size.height})"
                    if t.sideways:
                        label += f" — scrolls sideways by {t.sideways} px"
                    if t.path:
                        src = html.escape(t.path.relative_to(self.out).as_posix())
                        cells.append(
                            f'<figure><a href="{src}"><img src="{src}" alt="{html.escape(shot.title)}, {label}" '
                            f'loading="lazy"></a><figcaption>{label}</figcaption></figure>'
                        )
                    else:
                        cells.append(
                            f'<figure class="failed"><figcaption>{label}: {html.escape(t.error)}</figcaption></figure>'
                        )
            if cells:
                rows.append(
                    f'<section id="{shot.name}"><h2>{html.escape(shot.title)} <code>{shot.name}</code></h2>'
                    f'<div class="shots">{"".join(cells)}</div></section>'
                )
        contents = "".join(f'<li><a href="#{s.name}">{html.escape(s.title)}</a></li>' for s in self.shots)
        page = (
            '<!doctype html><html lang="en"><meta charset="utf-8"><title>factcheck tour</title>'
            "<style>body{font:14px system-ui,sans-serif;margin:1rem}"
            ".shots{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}"
            "figure{margin:0;width:260px}img{width:100%;border:1px solid #888}"
            ".failed{color:#a00}</style>"
            f"<h1>factcheck tour</h1><p>{len([t for t in self.taken if t.path])} pictures, "
            f"{len([t for t in self.taken if not t.path])} failed, "
            f"{len([t for t in self.taken if t.sideways])} scroll sideways.</p>"
            f"<ol>{contents}</ol>{''.join(rows)}</html>"
        )
        index = self.out / "index.html"
        index.write_text(page, encoding="utf-8")
        return index


# The servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tour_database_url(url: str) -> str:
    """The same server, the tour's own database, made empty."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return urllib.parse.urlunsplit(parts._replace(path="/" + DATABASE_NAME))


def wait_until_serving(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise TourError("the web server stopped; see server.log in the tour's folder")
        try:
            urllib.request.urlopen(base + "/login/", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise TourError("the web server did not answer in time")


def set_passwords(env: dict) -> None:
    code = (
        "from django.contrib.auth import get_user_model\n"
        "for user in get_user_model().objects.filter(username__in=['editor', 'reviewer', 'admin']):\n"
        f"    user.set_password({PASSWORD!r}); user.save(update_fields=['password'])\n"
    )
    launcher.manage("shell", "--no-imports", "-c", code, env=env, stdout=subprocess.DEVNULL)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="./dev tour", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=BASE_DIR / "tour", help="folder for the pictures (default: tour/)")
    parser.add_argument(
        "--sizes",
        default="laptop,desktop,phone",
        help="comma-separated: laptop (1366x768), desktop (1920x1080), phone (390x844) or WIDTHxHEIGHT",
    )
    parser.add_argument("--languages", default="en,ru,fa", help="comma-separated: en, ru, fa")
    parser.add_argument(
        "--only", default="", help=f"comma-separated states (default all): {', '.join(s.name for s in SHOTS)}"
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    args.languages = [language for language in args.languages.split(",") if language]
    if unknown := [language for language in args.languages if language not in LANGUAGES]:
        parser.error(f"unknown language {unknown[0]!r}: use {', '.join(LANGUAGES)}")
    known = {s.name for s in SHOTS}
    wanted = [name for name in args.only.split(",") if name]
    if unknown := [name for name in wanted if name not in known]:
        parser.error(f"unknown state {unknown[0]!r}: use {', '.join(sorted(known))}")
    args.shots = [s for s in SHOTS if not wanted or s.name in wanted]
    return args


def photograph(base: str, tour: Tour) -> list[Taken]:
    """Prepares the demo and takes the tour's pictures against the server at `base`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--font-render-hinting=none"],
        )
        try:
            demo = prepare(browser, base)
            print(f"  demo prepared through the pages: {demo}", flush=True)
            tour.clear()
            return tour.run(browser, base, demo)
        finally:
            browser.close()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"The tour needs Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM).", file=sys.stderr)
        return 1
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    tour = Tour(out, args.sizes, args.languages, args.shots)
    started_at = time.monotonic()

    launcher.compile_translations()
    started = launcher.start_database()
    children: list[subprocess.Popen] = []
    log = open(out / "server.log", "w")
    try:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
        env |= {
            "DATABASE_URL": tour_database_url(os.environ["DATABASE_URL"]),
            "SITE_URL": base,
            # The tour shows the login page's error nine times (3 languages x 3 sizes): no lockout for that.
            "LOGIN_FAILURE_LIMIT": "1000",
        }
        print("Setting up the tour's database (migrate, load_demo)…", flush=True)
        launcher.manage("migrate", "--no-input", env=env, stdout=subprocess.DEVNULL)
        print(f"  migrated in {time.monotonic() - started_at:.0f} s", flush=True)
        launcher.manage("load_demo", env=env, stdout=subprocess.DEVNULL)
        set_passwords(env)
        print(f"  demo loaded at {time.monotonic() - started_at:.0f} s", flush=True)
        manage_py = str(BASE_DIR / "manage.py")
        server = subprocess.Popen(
            [launcher.PYTHON, manage_py, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        children.append(server)
        worker = [launcher.PYTHON, manage_py, "procrastinate", "worker", "--name", "tour"]
        children.append(subprocess.Popen(worker, env=env, stdout=log, stderr=subprocess.STDOUT))
        wait_until_serving(base, server)
        print(f"Taking the tour at {base}…", flush=True)
        taken = photograph(base, tour)
        index = tour.write_index()
        failed = [t for t in taken if not t.path]
        sideways = [t for t in taken if t.sideways]
        print(
            f"{len(taken) - len(failed)} pictures in {time.monotonic() - started_at:.0f} s; "
            f"{len(failed)} failed; {len(sideways)} scroll sideways. Open {index}",
            flush=True,
        )
        return 1 if failed else 0
    except KeyboardInterrupt:
        return 130
    except (TourError, subprocess.CalledProcessError) as error:
        print(f"The tour stopped: {error}", file=sys.stderr)
        return 1
    finally:
        launcher.stop_children(children)
        log.close()
        launcher.stop_database(started)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
