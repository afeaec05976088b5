"""JSON out through orjson: the API's one renderer.

orjson writes the same compact UTF-8 JSON as DRF's JSONRenderer (no spaces, characters not escaped), and
datetimes as DRF's DateTimeField does (ISO 8601, UTC as "Z", microseconds kept), so reads built straight
from database rows (annotations.api.claim_rows) can hand it datetime objects. Whatever orjson does not
know (lazy translations, Decimal, ...) goes through DRF's own encoder.
"""

import orjson
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder().default
OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition; no charset parameter, as DRF's JSONRenderer

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=_fallback, option=OPTIONS)
