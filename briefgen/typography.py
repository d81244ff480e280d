"""Typography in the brief's language: quotation marks and the space before high punctuation, from CLDR.

Every format calls the same functions (HTML, PDF and Markdown through the text renderers, Word
through its templates), so that a French brief reads « comme ceci » : in each of them.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["Typography", "typeset", "typeset_markup", "typography_for"]

NARROW_NBSP = "\u202f"

# Text between tags, and the elements whose text is not prose.
_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(style|script)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Typography:
    """How one language writes quotation marks and spaces its high punctuation (: ; ! ?)."""

    quote_open: str
    quote_close: str
    # The space set before : ; ! ? and inside quotation marks ("" where the language sets none).
    space: str

    def __call__(self, text: str) -> str:
        """Return ``text`` with the language's quotation marks and punctuation spacing."""
        if not text:
            return text
        if self.quote_open != "“" or self.space:
            text = _CURLY_PAIR.sub(
                lambda m: f"{self.quote_open}{self.space}{m.group(1)}{self.space}{self.quote_close}", text
            )
        if self.space:
            text = _HIGH_PUNCTUATION.sub(lambda m: self.space + m.group(1), text)
        return text


_CURLY_PAIR = re.compile(r"“\s*([^“”]*?)\s*”")
# A : ; ! or ? that ends a word and is followed by a space, a closing mark or the end: never the
# colon of "https://" or "10:30". Any space already before it (plain or no-break) is replaced.
_HIGH_PUNCTUATION = re.compile(r"(?<=[^\s:;!?])[ \u00a0\u202f]?([:;!?])(?=[\s»”)\]*_]|$)")


@cache
def typography_for(language: str) -> Typography:
    """Return the typography of a BCP 47 language, read from ICU's CLDR data.

    Quotation marks are CLDR's delimiters; the space before high punctuation is the one CLDR writes
    before the colon of its key–type pattern ("{0} : {1}" in French, "{0}: {1}" in English).
    """
    try:
        icu: Any = importlib.import_module("icu")  # PyICU has no type information
    except ImportError:  # without ICU the text is printed as written
        return Typography("“", "”", "")
    locale = icu.Locale(language.replace("-", "_"))
    data = icu.LocaleData(locale.getName())
    kind = icu.ULocaleDataDelimiterType
    quote_open = data.getDelimiter(kind.QUOTATION_START)
    quote_close = data.getDelimiter(kind.QUOTATION_END)
    space = ""
    try:
        bundle = icu.ResourceBundle(f"icudt{icu.ICU_MAX_MAJOR_VERSION}l-lang", locale)
        pattern = bundle.getWithFallback("localeDisplayPattern").getWithFallback("keyTypePattern").getString()
        before = pattern.split(":", 1)[0].removeprefix("{0}")
        space = NARROW_NBSP if before and before.isspace() else ""
    except icu.ICUError:
        pass
    return Typography(quote_open, quote_close, space)


def typeset(text: str, language: str) -> str:
    """Return plain text set in the typography of ``language``."""
    return typography_for(language)(text)


def typeset_markup(html: str, language: str) -> str:
    """Return an HTML document with the text between its tags set in the typography of ``language``.

    Attribute values, and the content of <style> and <script>, are left as written.
    """
    apply = typography_for(language)
    if apply == Typography("“", "”", ""):
        return html
    parts = _TAG.split(html)
    raw = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if _RAW.match(part):
                raw = True
            elif part.lower().startswith(("</style", "</script")):
                raw = False
        elif not raw:
            parts[index] = apply(part)
    return "".join(parts)
