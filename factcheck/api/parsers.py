"""JSON bodies with limits: no request, however malformed, reaches a view as something to crash on."""

import json

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

from factcheck.limits import ERR_API_TOO_LARGE, api_body_limit

MAX_DEPTH = 16
ERR_TOO_DEEP = _("The JSON is nested more than %(depth)s levels deep.")
ERR_NUL = _("Null characters are not allowed.")
ERR_SURROGATE = _("Text must be valid Unicode; it holds a lone surrogate.")
ERR_TOO_LARGE = ERR_API_TOO_LARGE
ERR_NOT_JSON = _("The body is not valid JSON: %(error)s")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON.")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is too large a number.")
    return value


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return ERR_NUL
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return ERR_SURROGATE
    return None


def check_structure(data) -> None:
    """Depth, NUL characters and lone surrogates anywhere, keys included, reported under the top-level field."""
    stack = [(data, 0, None)]
    while stack:
        node, depth, field = stack.pop()
        if depth > MAX_DEPTH:
            raise exceptions.ParseError(ERR_TOO_DEEP % {"depth": MAX_DEPTH})
        if isinstance(node, dict):
            for key, value in node.items():
                name = field if field is not None else key
                problem = _text_problem(key)
                if problem:
                    raise exceptions.ValidationError({"non_field_errors" if field is None else field: [problem]})
                stack.append((value, depth + 1, name))
        elif isinstance(node, list):
            stack.extend((item, depth + 1, field) for item in node)
        elif isinstance(node, str):
            problem = _text_problem(node)
            if problem:
                raise exceptions.ValidationError({field or "non_field_errors": [problem]})


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = api_body_limit()
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge(ERR_TOO_LARGE % {"limit": limit})
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(ERR_TOO_LARGE % {"limit": limit})
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float)
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            # The parser's own detail ("Expecting value: line 1 column 2") stays as Python writes it.
            raise exceptions.ParseError(ERR_NOT_JSON % {"error": str(error)[:200]}) from None
        check_structure(data)
        return data
