"""Webhook delivery cannot be turned against the newsroom's own network, nor hold a worker for long."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from integrations import services as integration_services
from integrations import webhooks
from integrations.models import DeliveryStatus
from tests.api.receiver import Receiver

pytestmark = pytest.mark.django_db
PUBLIC = "93.184.215.14"  # a public address; the test makes sure nothing ever connects to it


def test_dns_rebinding_cannot_reach_loopback(settings, monkeypatch, admin_user):
    # The name first resolves to a public address (which passes the check) and afterwards to the loopback
    # receiver, as a hostile DNS server would answer. Only the checked address may be connected to.
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    lookups, connects = [], []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = PUBLIC if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port or 80))]

    def guarded_connect(address, *args, **kwargs):
        if address[0] == PUBLIC:
            connects.append(address)
            raise ConnectionRefusedError("the test refuses to leave this machine")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "create_connection", guarded_connect)
    with Receiver() as receiver:
        port = receiver.server.server_port
        hook, _ = integration_services.webhook_create(
            actor=admin_user, url=f"http://rebind.example:{port}/hook", events=["claim.approved"]
        )
        delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
        outcome = webhooks.attempt(delivery, final=False)
    assert receiver.received == [], "the request reached the loopback receiver"
    assert lookups == ["rebind.example"] and connects == [(PUBLIC, port)]
    assert outcome.retry and "refuse" in delivery.attempts.get().error


class _DripHandler(BaseHTTPRequestHandler):
    """Answers one header line every 0.1 s for 9 s: each read is quick, the whole answer slow."""

    stop = threading.Event()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        try:
            for i in range(90):
                if self.stop.wait(0.1):
                    return
                self.wfile.write(f"x-drip-{i}: .\r\n".encode())
                self.wfile.flush()
            self.wfile.write(b"content-length: 0\r\n\r\n")
        except OSError:
            return

    def log_message(self, *args):
        pass


def test_a_dripping_endpoint_is_cut_off_at_the_deadline(settings, admin_user):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DripHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook, _ = integration_services.webhook_create(
            actor=admin_user, url=f"http://127.0.0.1:{server.server_port}/hook", events=["claim.approved"]
        )
        delivery = integration_services.webhook_ping(actor=admin_user, webhook=hook)
        outcome = webhooks.attempt(delivery, final=False)
    finally:
        _DripHandler.stop.set()
        server.shutdown()
        server.server_close()
    attempt = delivery.attempts.get()
    assert outcome.retry and attempt.response_status is None
    assert "within 1 s" in attempt.error
    assert attempt.duration_ms < 3000
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
