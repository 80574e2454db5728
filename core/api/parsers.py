"""The API's JSON parser: DRF's, with a size limit and a depth limit, so a hostile body is a 400, not a 500."""

import codecs

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.settings import api_settings
from rest_framework.utils import json

# No resource of this API nests deeper than a few levels; 32 leaves room and stops a 100,000-deep body at once.
MAX_DEPTH = 32


def depth(value):
    """How deeply `value` (parsed JSON) nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = (stream.read(limit + 1) if limit is not None else stream.read()) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise ParseError(_("The request body is too large (the limit is %(limit)d bytes).") % {"limit": limit})
        try:
            text = codecs.decode(raw, encoding)
            parse_constant = json.strict_constant if api_settings.STRICT_JSON else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError as exc:
            raise ParseError(_("JSON nested too deeply.")) from exc
        except (ValueError, LookupError) as exc:  # LookupError: an unknown charset in Content-Type
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
        if depth(data) > MAX_DEPTH:
            raise ParseError(_("JSON nested too deeply (at most %(depth)d levels).") % {"depth": MAX_DEPTH})
        return data
