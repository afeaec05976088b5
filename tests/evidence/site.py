"""A web site on 127.0.0.1 for tests: each path answers what the test put there (a status, headers, a body that
may change between requests, or a slow drip). Nothing leaves the machine."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    drip_seconds: float = 0  # send the body one byte every this many seconds
    declare_length: bool = True


class Site:
    def __init__(self, port: int = 0):
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[float, str, dict]] = []  # (time, path, headers)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                site.requests.append((time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
                page = site.pages.get(self.path) or Page(b"not here", 404, {"Content-Type": "text/plain"})
                self.send_response(page.status)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                if page.declare_length:
                    self.send_header("Content-Length", str(len(page.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    if page.drip_seconds:
                        for byte in page.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(page.drip_seconds)
                    else:
                        self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def put(self, path: str, body: bytes | str = b"", **options) -> str:
        self.pages[path] = Page(body.encode() if isinstance(body, str) else body, **options)
        return self.url(path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def html(title: str, text: str, charset: str = "utf-8") -> bytes:
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{''.join(f'<p>{p}</p>' for p in text.split(chr(10)))}</article></body></html>"
    ).encode(charset)
