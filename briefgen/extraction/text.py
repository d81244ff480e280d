"""Split an article into paragraphs, sentences and quoted passages with exact offsets."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ExtractionError

__all__ = ["Paragraph", "Sentence", "nlp", "segment", "tokenizable"]

_CAPTION = re.compile(r"^(?:\(?Photo(?:graph)?s?\b|Image\b|Picture\b|Credit\b|File photo\b|Pictured\b)", re.I)
_TRAILER = re.compile(r"(?:\s+Advertisement)+\s*$")
_OPENERS = "“‘\"'(["
_QUOTE = re.compile(r"“([^“”]+)(?:”|$)|\"([^\"\n]+)\"")
_LONGEST_TOKEN = 60
"""Characters beyond which a run without spaces is no word: the tokenizer sees a plain stand-in."""
_LONG_TOKEN = re.compile(rf"\S{{{_LONGEST_TOKEN + 1},}}")
_LONGEST_SENTENCE = 1_500
"""Characters beyond which a sentence is cut at a space, so that no rule ever reads a longer span."""


@dataclass(frozen=True)
class Sentence:
    """A sentence: its offsets in the article text and the quoted passages inside it."""

    start: int
    end: int
    text: str
    para: int
    index: int
    quotes: tuple[tuple[int, int], ...]

    def quoted(self, pos: int) -> bool:
        """Return whether the article offset ``pos`` lies inside quotation marks."""
        return any(a - 1 <= pos < b + 1 for a, b in self.quotes)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (one line of the article) with its sentences and quoted passages."""

    start: int
    end: int
    index: int
    sentences: tuple[Sentence, ...]
    quotes: tuple[tuple[int, int], ...]
    doc: Any


@functools.cache
def nlp() -> Any:
    """Return the blank English spaCy pipeline with a sentencizer (built once per process)."""
    try:
        import spacy

        pipeline = spacy.blank("en")
        pipeline.add_pipe("sentencizer")
    except Exception as exc:
        raise ExtractionError(f"cannot build the spaCy pipeline: {exc}") from exc
    return pipeline


def tokenizable(text: str) -> str:
    """Return ``text`` with each run of over _LONGEST_TOKEN characters without a space replaced by x's.

    The tokenizer takes time in the square of a token's length; the stand-in keeps every offset.
    """
    return _LONG_TOKEN.sub(lambda m: "x" * len(m.group()), text)


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs (lines) and sentences, dropping captions and ad trailers."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    # A run of thousands of characters without a space ("!?!?…", "“““…") is no word: see tokenizable().
    docs = nlp().pipe(tokenizable(text[a:b]) for a, b in spans)
    paragraphs: list[Paragraph] = []
    count = 0
    for index, ((start, _end), doc) in enumerate(zip(spans, docs, strict=True)):
        quotes = tuple(
            (start + m.start(m.lastindex or 1), start + m.end(m.lastindex or 1)) for m in _QUOTE.finditer(doc.text)
        )
        sentences: list[Sentence] = []
        for sent in doc.sents:
            a, b = start + sent.start_char, start + sent.end_char
            # The sentencizer leaves an opening quote at the end of the sentence before it.
            while b > a and (text[b - 1].isspace() or (text[b - 1] in _OPENERS and text[b - 2 : b - 1] == " ")):
                b -= 1
            trailer = _TRAILER.search(text, max(a, b - 200), b)
            if trailer and trailer.end() == b:
                b = trailer.start()
            while a < b and text[a].isspace():
                a += 1
            if a > start and text[a - 1] in _OPENERS and (a - 1 == start or text[a - 2].isspace()):
                a -= 1
            chunk = text[a:b]
            if not chunk.strip() or chunk == "Advertisement" or _CAPTION.match(chunk):
                continue
            for piece_start, piece_end in _pieces(text, a, b):
                inside = tuple(q for q in quotes if q[0] < piece_end and q[1] > piece_start)
                sentences.append(Sentence(piece_start, piece_end, text[piece_start:piece_end], index, count, inside))
                count += 1
        paragraphs.append(Paragraph(start, start + len(doc.text), index, tuple(sentences), quotes, doc))
    return paragraphs


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the sentence cut at spaces into spans of at most _LONGEST_SENTENCE characters."""
    out: list[tuple[int, int]] = []
    while end - start > _LONGEST_SENTENCE:
        cut = text.rfind(" ", start + 1, start + _LONGEST_SENTENCE)
        if cut <= start:
            cut = start + _LONGEST_SENTENCE
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out
