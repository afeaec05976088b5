"""HTTP requests to addresses an outsider chose (webhook endpoints, cited sources). Standard library only.

- The host name is resolved once; every address must be public (unless private networks are allowed), and the
  connection goes to the address that was checked. A second lookup, as an HTTP library makes, could answer
  127.0.0.1 the second time (DNS rebinding). TLS still verifies the certificate for the host name.
- Redirects, when followed, are followed by hand: each hop is resolved and checked the same way, at most
  `max_redirects` of them.
- One deadline covers every hop: connecting, sending and reading the answer. A server that drips its answer a
  byte at a time cannot hold a worker longer than that.
- At most `max_bytes` of the body are read: past that the answer is cut off (`truncate`) or refused (TooLarge).
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

ERR_PRIVATE = "Refused: the address is private or loopback."
ERR_SCHEME = "Refused: only http and https addresses are fetched."
ERR_REDIRECTS = "Refused: more than %d redirects."
ERR_TOO_LARGE = "Refused: the answer is larger than %d bytes."
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class Refused(Exception):
    """The address may not be fetched at all (scheme, private address, too many redirects); retrying won't help."""


class TooLarge(Refused):
    """The answer is bigger than the caller allows."""


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
        self.opened = None  # kept: http.client lets go of `sock` once the answer's headers say the server closes

    def connect(self):
        self.sock = self.opened = open_socket(self.address, self.port, self.timeout)

    def abort(self):
        if self.opened is not None:
            try:
                self.opened.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        import certifi  # the same certificate authorities as requests

        sock = open_socket(self.address, self.port, self.timeout)
        context = ssl.create_default_context(cafile=certifi.where())
        self.sock = self.opened = context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # names in lower case; a repeated header keeps its last value
    body: bytes
    url: str  # the URL that gave this answer (after redirects)
    redirects: list[str] = field(default_factory=list)
    truncated: bool = False


def _checked_address(url: str, *, allow_private: bool) -> tuple:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(ERR_SCHEME)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    addresses = [info[4][0] for info in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)]
    if not addresses:
        raise OSError(f"{parts.hostname} has no address")
    if not allow_private and not all(is_public(a) for a in addresses):
        raise Refused(ERR_PRIVATE)
    return parts, secure, port, addresses[0]


def _one(method, url, body, headers, *, deadline, timeout, allow_private, max_bytes, too_large) -> Response:
    parts, secure, port, address = _checked_address(url, allow_private=allow_private)
    connection_class = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    conn = connection_class(parts.hostname, port, address=address, timeout=max(deadline - time.monotonic(), 0.001))
    expired = threading.Event()

    def expire():
        expired.set()
        conn.abort()

    def timed_out(error=None):
        return TimeoutError(f"no complete answer within {timeout:g} s")

    timer = threading.Timer(max(deadline - time.monotonic(), 0), expire)
    timer.daemon = True
    timer.start()
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        if expired.is_set():  # the cut socket reads as the end of the headers: the answer is not complete
            raise timed_out()
        answer_headers = {name.lower(): value for name, value in response.getheaders()}
        declared = answer_headers.get("content-length", "")
        if too_large == "raise" and declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(ERR_TOO_LARGE % max_bytes)
        chunks, size, truncated = [], 0, False
        try:
            while not expired.is_set() and (chunk := response.read(min(max_bytes + 1 - size, 65536) or 1)):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    truncated = True
                    break
        except (OSError, http.client.HTTPException):
            if too_large == "raise":  # the caller wants the whole body: a cut answer is a failure
                raise
        if expired.is_set() and too_large == "raise":
            raise timed_out()
        if truncated and too_large == "raise":
            raise TooLarge(ERR_TOO_LARGE % max_bytes)
        data = b"".join(chunks)[:max_bytes]
        return Response(response.status, answer_headers, data, url, truncated=truncated)
    except (OSError, http.client.HTTPException) as error:
        if expired.is_set():
            raise timed_out() from error
        raise
    finally:
        timer.cancel()
        conn.close()


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
    allow_private: bool,
    max_bytes: int,
    max_redirects: int = 0,
    too_large: str = "truncate",
) -> Response:
    """One request, following up to `max_redirects` redirects (GET after a 303, or after a 301/302 to a POST).

    Raises Refused (TooLarge when `too_large="raise"` and the body exceeds `max_bytes`), or OSError /
    HTTPException / TimeoutError, which may pass if tried again later."""
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    while True:
        answer = _one(
            method,
            url,
            body,
            headers or {},
            deadline=deadline,
            timeout=timeout,
            allow_private=allow_private,
            max_bytes=max_bytes,
            too_large=too_large,
        )
        location = answer.headers.get("location")
        if answer.status not in REDIRECT_STATUSES or not location or max_redirects == 0:
            answer.redirects = redirects
            return answer
        if len(redirects) >= max_redirects:
            raise Refused(ERR_REDIRECTS % max_redirects)
        redirects.append(url)
        url = urljoin(url, location)
        if answer.status == 303 or (answer.status in (301, 302) and method == "POST"):
            method, body = "GET", None
