"""The PDF's structure tree made whole: what WeasyPrint cuts at page breaks, table headers' IDs, quotes' languages.

WeasyPrint tags each page on its own, so a list or a section that runs onto the next page becomes two
``L`` or two ``Sect``, and a screen reader announces two lists. It gives table headers an ``/ID`` but
the document no ``/IDTree`` to find them by (ISO 32000-1, 14.7.2), and it does not carry an element's
``lang`` into the tree. This module mends the tree of the PDF WeasyPrint wrote, with pypdf.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["mend_structure"]

# Elements a page break splits that a reader takes as one: a list, a section, an article, a quote, the
# main part of the page (<main> is a Part) and a division.
_JOINED = {"/L", "/Sect", "/Art", "/BlockQuote", "/Part", "/Div"}
_HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Title"}


def mend_structure(pdf: bytes, quote_languages: Sequence[str | None] = ()) -> bytes:
    """Return the PDF with split elements joined, an ``/IDTree``, and each quote's ``/Lang``.

    ``quote_languages`` holds, for each block quote in reading order, its language when it differs
    from the document's (None when it does not); nothing is tagged when their number does not match
    the tree's block quotes.
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    if "/StructTreeRoot" not in reader.root_object:
        return pdf
    # An incremental update: WeasyPrint's compact file stays as it is, the mended tree is appended.
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    tree = writer.root_object["/StructTreeRoot"].get_object()
    _join_fragments(tree, writer)
    _add_id_tree(tree, writer)
    _tag_languages(tree, quote_languages)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _kids(element: Any) -> list[Any]:
    """Return the structure elements among an element's children (not marked-content numbers or references)."""
    from pypdf.generic import ArrayObject, DictionaryObject

    kids = element.get("/K")
    if kids is None:
        return []
    items = kids if isinstance(kids, ArrayObject) else [kids]
    return [kid for kid in items if isinstance(kid.get_object(), DictionaryObject) and "/S" in kid.get_object()]


def _walk(element: Any) -> Iterator[Any]:
    for kid in _kids(element):
        yield kid.get_object()
        yield from _walk(kid.get_object())


def _pages(element: Any, writer: Any) -> list[int]:
    """Return the page numbers an element's content lies on, in order."""
    numbers = {ref.idnum: i for i, ref in enumerate(page.indirect_reference for page in writer.pages)}
    found = []
    for node in [element, *_walk(element)]:
        page = node.get("/Pg")
        if page is not None and page.idnum in numbers:
            found.append(numbers[page.idnum])
    return found


def _continues(first: Any, second: Any, writer: Any) -> bool:
    """Tell whether ``second`` is the rest of ``first`` on the next page.

    Same kind, ``first`` ends on the page before the one ``second`` starts on, and a section or article
    does not open with a heading (a new one does).
    """
    if first.get("/S") != second.get("/S") or first.get("/S") not in _JOINED:
        return False
    before, after = _pages(first, writer), _pages(second, writer)
    if not before or not after or after[0] != before[-1] + 1:
        return False
    if second["/S"] in {"/Sect", "/Art"}:
        kids = _kids(second)
        if kids and kids[0].get_object().get("/S") in _HEADINGS:
            return False
    return True


def _join_fragments(element: Any, writer: Any) -> None:
    from pypdf.generic import ArrayObject

    kids = element.get("/K")
    if isinstance(kids, ArrayObject):
        index = 0
        while index + 1 < len(kids):
            first, second = kids[index].get_object(), kids[index + 1].get_object()
            if hasattr(first, "get") and hasattr(second, "get") and _continues(first, second, writer):
                _append(first, second)
                del kids[index + 1]
            else:
                index += 1
    for kid in _kids(element):
        _join_fragments(kid.get_object(), writer)


def _append(first: Any, second: Any) -> None:
    """Move ``second``'s children to the end of ``first``, and point the page's content back to ``first``."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    mine = first.get("/K")
    if not isinstance(mine, ArrayObject):
        mine = ArrayObject([] if mine is None else [mine])
        first[NameObject("/K")] = mine
    theirs = second.get("/K")
    page = second.get("/Pg")
    for kid in theirs if isinstance(theirs, ArrayObject) else ([] if theirs is None else [theirs]):
        target = kid.get_object()
        if isinstance(target, DictionaryObject) and "/S" in target:
            target[NameObject("/P")] = first.indirect_reference
        elif isinstance(target, DictionaryObject) and "/Pg" not in target and page is not None:
            target[NameObject("/Pg")] = page
        elif isinstance(target, NumberObject) and page is not None:
            # A bare marked-content number is read on its element's page: keep the fragment's page with it.
            kid = DictionaryObject(
                {NameObject("/Type"): NameObject("/MCR"), NameObject("/Pg"): page, NameObject("/MCID"): target}
            )
        mine.append(kid)
    _repoint_parent_tree(second, first)


def _repoint_parent_tree(old: Any, new: Any) -> None:
    """Make the parent tree, which maps page content to its element, name ``new`` where it named ``old``."""
    root = new
    while root.get("/Type") != "/StructTreeRoot" and "/P" in root:
        root = root["/P"].get_object()
    parent_tree = root.get("/ParentTree")
    if parent_tree is None or old.indirect_reference is None:
        return
    nums = parent_tree.get_object().get("/Nums", [])
    for i in range(1, len(nums), 2):
        entry = nums[i].get_object()
        if hasattr(entry, "__len__") and not hasattr(entry, "get"):
            for j, ref in enumerate(entry):
                if getattr(ref, "idnum", None) == old.indirect_reference.idnum:
                    entry[j] = new.indirect_reference
        elif getattr(nums[i], "idnum", None) == old.indirect_reference.idnum:
            nums[i] = new.indirect_reference


def _add_id_tree(tree: Any, writer: Any) -> None:
    """Add the name tree from each element's ``/ID`` to the element (table headers are found by it)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    named = sorted(
        ((str(element["/ID"]), element.indirect_reference) for element in _walk(tree) if "/ID" in element),
        key=lambda pair: pair[0].encode(),
    )
    if not named:
        return
    names = ArrayObject()
    for key, ref in named:
        names.extend([_string(key), ref])
    tree[NameObject("/IDTree")] = writer._add_object(DictionaryObject({NameObject("/Names"): names}))


def _string(text: str) -> Any:
    from pypdf.generic import create_string_object

    return create_string_object(text)


def _tag_languages(tree: Any, languages: Sequence[str | None]) -> None:
    from pypdf.generic import NameObject

    quotes = [element for element in _walk(tree) if element.get("/S") == "/BlockQuote"]
    if len(quotes) != len(languages):
        return
    for quote, language in zip(quotes, languages, strict=True):
        if language:
            quote[NameObject("/Lang")] = _string(language)
