"""Which PostgreSQL text-search configuration reads a text: chosen by the text's language.

A record's language is known where the record says so (a document's language version, a `_ru` field); otherwise
it is guessed from its letters (mostly Cyrillic: Russian). Languages without a configuration of their own are read
by `simple` (words lower-cased, not stemmed).
"""

import re

CONFIGS = {"en": "english", "ru": "russian"}
FALLBACK_CONFIG = "simple"
# Every configuration an entry can have; a query is run once per configuration (see SearchEntryQuerySet.search).
ALL_CONFIGS = (*CONFIGS.values(), FALLBACK_CONFIG)

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def config_for(language):
    return CONFIGS.get(language, FALLBACK_CONFIG)


def guess_language(*texts):
    """'ru' when a text has more Cyrillic letters than Latin ones, else 'en'."""
    sample = " ".join(t for t in texts if t)[:5000]
    return "ru" if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)) else "en"
