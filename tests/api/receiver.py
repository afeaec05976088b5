"""A webhook receiver on 127.0.0.1 for tests: verifies each message with the `standardwebhooks` package."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook as Verifier


class Receiver:
    def __init__(self, secret: str | None = None, statuses=(204,)):
        self.secret = secret
        self.statuses = list(statuses)  # answered in turn; the last one repeats
        self.received: list[dict] = []  # {"headers", "body", "verified"}
        self.arrived = threading.Condition()
        self.hold = None  # a threading.Event: while set, requests wait before answering
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                verified = None
                if receiver.secret:
                    try:
                        verified = Verifier(receiver.secret).verify(body, headers)
                    except Exception as error:
                        verified = error
                with receiver.arrived:
                    receiver.received.append({"headers": headers, "body": body, "verified": verified})
                    status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                    receiver.arrived.notify_all()
                if receiver.hold is not None:
                    receiver.hold.wait(timeout=60)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.received) >= count, timeout=timeout)
