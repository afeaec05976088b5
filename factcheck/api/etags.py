"""Strong ETags over the representation itself, so an ETag changes exactly when what a client sees changes."""

import hashlib
import json

from factcheck.api.errors import PreconditionFailed


def etag_for(data) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return '"' + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:32] + '"'


def etag_of(*parts) -> str:
    """A strong ETag from what a representation depends on, for lists, where hashing the body would cost more
    than building it; the caller names everything the representation depends on."""
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def if_match_given(request) -> bool:
    return bool(request.headers.get("If-Match", "").strip())


def check_if_match(request, data) -> None:
    """412 when If-Match names neither `*` nor the current ETag of `data`."""
    header = request.headers.get("If-Match", "")
    if not header.strip():
        return
    tags = _tags(header)
    if "*" not in tags and etag_for(data) not in tags:
        raise PreconditionFailed()


def not_modified(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return bool(header) and ("*" in _tags(header) or etag in _tags(header))
