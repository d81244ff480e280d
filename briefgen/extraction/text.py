"""Split an article into paragraphs, sentences and quoted passages with exact offsets."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ExtractionError

__all__ = ["Paragraph", "Sentence", "nlp", "segment"]

_CAPTION = re.compile(r"^(?:\(?Photo(?:graph)?s?\b|Image\b|Picture\b|Credit\b|File photo\b|Pictured\b)", re.I)
_TRAILER = re.compile(r"(?:\s+Advertisement)+\s*$")
_OPENERS = "“‘\"'(["
_QUOTE = re.compile(r"“([^“”]+)(?:”|$)|\"([^\"\n]+)\"")


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


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs (lines) and sentences, dropping captions and ad trailers."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    docs = nlp().pipe(text[a:b] for a, b in spans)
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
            trailer = _TRAILER.search(text, a, b)
            if trailer and trailer.end() == b:
                b = trailer.start()
            while a < b and text[a].isspace():
                a += 1
            if a > start and text[a - 1] in _OPENERS and (a - 1 == start or text[a - 2].isspace()):
                a -= 1
            chunk = text[a:b]
            if not chunk.strip() or chunk == "Advertisement" or _CAPTION.match(chunk):
                continue
            inside = tuple(q for q in quotes if q[0] < b and q[1] > a)
            sentences.append(Sentence(a, b, chunk, index, count, inside))
            count += 1
        paragraphs.append(Paragraph(start, start + len(doc.text), index, tuple(sentences), quotes, doc))
    return paragraphs
