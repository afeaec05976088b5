"""A newsroom's CMS, as far as the reader embed sees it: its article pages, served from another loopback origin with a
Content-Security-Policy that allows scripts and fetches from the app's origin only. The markup differs from the
text the desk checked (tests/reader/published.py): wrapping spans and bold inside quotes, an advertisement between
paragraphs, a related-links box repeating a checked phrase in another context, other whitespace and no-break
spaces, typographic quote marks, an Arabic kaf in the Persian page."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CSS = """
body { margin: 0; font: 18px/1.6 Georgia, serif; color: #1b1b1b; background: #fff; }
header, main, footer { max-width: 40rem; margin: 0 auto; padding: 0 16px; }
header { border-bottom: 1px solid #888; }
.masthead { font-weight: bold; font-size: 24px; margin: 12px 0 4px; }
nav a { margin-inline-end: 12px; color: #0b4fa8; }
.ad { background: #eeeeee; border: 1px dashed #666; padding: 8px 12px; margin: 16px 0; font: 14px sans-serif; }
.related { border-top: 1px solid #888; margin-top: 24px; }
.related a { color: #0b4fa8; }
footer { color: #444; font-size: 14px; padding-bottom: 24px; }
"""

EN_ARTICLE = """
<h1>Summit in Kazan</h1>
<p class="lede">
    The summit in <span class="place">Kazan</span> starts on October&nbsp;22, with the
    <span class="highlight">leaders of <strong>24</strong> countries</span> expected.
</p>
<aside class="ad" aria-label="Advertisement"><p>Advertisement</p>
<p>Grain exports rose? Read our weekly market letter.</p></aside>
<p>The minister said \u201cgrain exports rose by 12&nbsp;percent\u201d last year, a figure the ministry\u2019s
own report does not show.</p>
<p>The   conference in
      <em>Ashgatat</em> opened on Monday with a speech by the host.</p>
"""
# The CMS's text edited after the check: the misspelt name put right, the minister's sentence cut.
EN_EDITED = EN_ARTICLE.replace("Ashgatat", "Ashgabat").split("<p>The minister said")[0] + (
    "<p>The   conference in <em>Ashgabat</em> opened on Monday with a speech by the host.</p>"
)
EN_RELATED = '<li><a href="/older">Last year: leaders of 24 countries met in Baku</a></li>'

FA_ARTICLE = """
<h1>دیدار پوتین و پزشکیان در عشق‌آباد</h1>
<p><span class="lede">رهبران ۲۴ كشور</span> در نشست کازان شرکت خواهند کرد. این نشست روز ۲۲ اکتبر آغاز می‌شود.</p>
<aside class="ad" aria-label="آگهی"><p>آگهی: اشتراک هفتگی بازار غلات</p></aside>
<p>پوتین در عشق‌آباد با پزشکیان دیدار کرد؛
   <b>عشق‌آباد</b> پایتخت ترکمنستان است.</p>
"""
FA_RELATED = '<li><a href="/older">سال گذشته: نشست باکو</a></li>'


def page(*, app: str, lang: str, article_html: str, related: str, script_attrs: str, title: str) -> str:
    direction = ' dir="rtl"' if lang == "fa" else ""
    return f"""<!doctype html>
<html lang="{lang}"{direction}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/cms.css"></head>
<body>
<header><p class="masthead">The Daily</p>
<nav aria-label="Sections"><a href="/">Home</a><a href="/world">World</a></nav></header>
<main><article>{article_html}</article>
<aside class="related" aria-label="Related"><h2>Related</h2><ul>{related}</ul></aside></main>
<footer><p>The Daily, 2026</p></footer>
<script src="{app}/public/embed.js" {script_attrs} async></script>
</body></html>"""


def pages(app: str) -> dict[str, str]:
    return {
        "/en/summit": page(
            app=app,
            lang="en",
            article_html=EN_ARTICLE,
            related=EN_RELATED,
            title="Summit in Kazan",
            script_attrs='data-factcheck-article="cms-en-1"',
        ),
        "/en/by-address": page(
            app=app,
            lang="en",
            article_html=EN_ARTICLE,
            related=EN_RELATED,
            title="Summit in Kazan",
            script_attrs='data-factcheck-url="https://cms.example/summit"',
        ),
        "/fa/summit": page(
            app=app,
            lang="fa",
            article_html=FA_ARTICLE,
            related=FA_RELATED,
            title="دیدار پوتین و پزشکیان",
            script_attrs='data-factcheck-article="cms-fa-1"',
        ),
        "/en/edited": page(
            app=app,
            lang="en",
            article_html=EN_EDITED,
            related=EN_RELATED,
            title="Summit in Kazan",
            script_attrs='data-factcheck-article="cms-en-1" data-factcheck-root="main article"',
        ),
        "/en/draft": page(
            app=app,
            lang="en",
            article_html=EN_ARTICLE,
            related=EN_RELATED,
            title="Summit in Kazan",
            script_attrs='data-factcheck-article="cms-draft"',
        ),
    }


def csp(app: str) -> str:
    """The CMS's policy: its own styles, and scripts and fetches from the app's origin only; nothing inline."""
    return (
        f"default-src 'none'; script-src {app}; connect-src {app}; style-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


@contextmanager
def serve(app: str, port: int = 0):
    """The CMS on 127.0.0.1 (another origin than the app's localhost), in a thread; yields its base URL."""
    content = {path: ("text/html; charset=utf-8", html) for path, html in pages(app).items()}
    content["/cms.css"] = ("text/css; charset=utf-8", CSS)
    content["/favicon.ico"] = ("image/x-icon", "")  # asked for by the browser; a 404 would show on the console
    policy = csp(app)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            kind, text = content.get(self.path, ("text/plain; charset=utf-8", None))
            body = (text if text is not None else "Not found").encode()
            self.send_response(200 if text is not None else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Security-Policy", policy)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
