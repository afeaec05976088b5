"""One HTTP POST to a webhook endpoint, safe against the endpoint's owner. Standard library only, no Django.

- The host name is resolved once; every address must be public (unless private networks are allowed), and the
  connection goes to the address that was checked. A second lookup, as an HTTP library makes, could answer
  127.0.0.1 the second time (DNS rebinding). TLS still verifies the certificate for the host name.
- One deadline covers connecting, sending and reading the answer: a server that drips its answer a byte at a
  time cannot hold a worker longer than that. At most MAX_RESPONSE_BYTES of the answer are read, then it closes.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import urlsplit

MAX_RESPONSE_BYTES = 64 * 1024
ERR_PRIVATE = "Refused: the endpoint resolves to a private or loopback address."
ERR_SCHEME = "Refused: only http and https endpoints are called."


class Refused(Exception):
    """The endpoint may not be called at all; trying again would not help."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def open_socket(address: str, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((address, port), timeout=timeout)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Sends `Host: <name>` but connects to the address that was checked."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = open_socket(self.address, self.port, self.timeout)

    def abort(self):
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        import certifi  # the same certificate authorities as requests

        sock = open_socket(self.address, self.port, self.timeout)
        context = ssl.create_default_context(cafile=certifi.where())
        self.sock = context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool) -> int:
    """POST and return the status code. Raises Refused, or OSError / HTTPException / TimeoutError to retry."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(ERR_SCHEME)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    deadline = time.monotonic() + timeout
    addresses = [info[4][0] for info in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)]
    if not addresses:
        raise OSError(f"{parts.hostname} has no address")
    if not allow_private and not all(is_public(a) for a in addresses):
        raise Refused(ERR_PRIVATE)
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    conn = connection_class(parts.hostname, port, address=addresses[0], timeout=max(deadline - time.monotonic(), 0.001))
    expired = threading.Event()

    def expire():
        expired.set()
        conn.abort()

    timer = threading.Timer(max(deadline - time.monotonic(), 0), expire)
    timer.daemon = True
    timer.start()
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", target, body=body, headers=headers)
        response = conn.getresponse()
        if expired.is_set():  # the cut socket reads as the end of the headers: the answer is not complete
            raise TimeoutError(f"no complete answer within {timeout:g} s")
        # The status is the answer; read a little of the body (within the deadline) so the server can finish.
        remaining = MAX_RESPONSE_BYTES
        try:
            while remaining > 0 and not expired.is_set() and (chunk := response.read(min(remaining, 8192))):
                remaining -= len(chunk)
        except (OSError, http.client.HTTPException):
            pass
        return response.status
    except (OSError, http.client.HTTPException) as error:
        if expired.is_set():
            raise TimeoutError(f"no complete answer within {timeout:g} s") from error
        raise
    finally:
        timer.cancel()
        conn.close()
