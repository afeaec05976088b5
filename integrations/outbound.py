"""One HTTP POST to a webhook endpoint, safe against the endpoint's owner: the shared rules of
factcheck/outbound.py (a checked, pinned address; one deadline), no redirects followed, and at most
MAX_RESPONSE_BYTES of the answer read (only its status matters)."""

from factcheck import outbound
from factcheck.outbound import Refused, is_public

__all__ = ["ERR_PRIVATE", "ERR_SCHEME", "MAX_RESPONSE_BYTES", "Refused", "is_public", "post"]

MAX_RESPONSE_BYTES = 64 * 1024
ERR_PRIVATE = "Refused: the endpoint resolves to a private or loopback address."
ERR_SCHEME = "Refused: only http and https endpoints are called."


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool) -> int:
    """POST and return the status code. Raises Refused, or OSError / HTTPException / TimeoutError to retry."""
    try:
        answer = outbound.request(
            "POST",
            url,
            body=body,
            headers=headers,
            timeout=timeout,
            allow_private=allow_private,
            max_bytes=MAX_RESPONSE_BYTES,
        )
    except Refused as error:
        message = {outbound.ERR_PRIVATE: ERR_PRIVATE, outbound.ERR_SCHEME: ERR_SCHEME}.get(str(error), str(error))
        raise Refused(message) from error
    return answer.status
