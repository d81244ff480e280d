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
    numbers = {
        page.indirect_reference.idnum: i for i, page in enumerate(writer.pages) if page.indirect_reference is not None
    }
    moved: dict[int, Any] = {}
    _join_fragments(tree, numbers, moved)
    _repoint_parent_tree(tree, moved)
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


def _page(element: Any, numbers: dict[int, int], *, last: bool) -> int | None:
    """Return the page number of the first (or last) element, in reading order, that names its page.

    Only as much of the tree is read as it takes to find it, so joining stays linear in the tree's size.
    """
    page = element.get("/Pg")
    here = numbers.get(page.idnum) if page is not None else None
    if not last and here is not None:
        return here
    kids = [kid.get_object() for kid in _kids(element)]
    for kid in reversed(kids) if last else kids:
        found = _page(kid, numbers, last=last)
        if found is not None:
            return found
    return here


def _continues(first: Any, second: Any, numbers: dict[int, int]) -> bool:
    """Tell whether ``second`` is the rest of ``first`` on the next page.

    Same kind, ``first`` ends on the page before the one ``second`` starts on, and a section or article
    does not open with a heading (a new one does).
    """
    if first.get("/S") != second.get("/S") or first.get("/S") not in _JOINED:
        return False
    ends, starts = _page(first, numbers, last=True), _page(second, numbers, last=False)
    if ends is None or starts is None or starts != ends + 1:
        return False
    if second["/S"] in {"/Sect", "/Art"}:
        kids = _kids(second)
        if kids and kids[0].get_object().get("/S") in _HEADINGS:
            return False
    return True


def _join_fragments(element: Any, numbers: dict[int, int], moved: dict[int, Any]) -> None:
    from pypdf.generic import ArrayObject

    kids = element.get("/K")
    if isinstance(kids, ArrayObject):
        index = 0
        while index + 1 < len(kids):
            first, second = kids[index].get_object(), kids[index + 1].get_object()
            if hasattr(first, "get") and hasattr(second, "get") and _continues(first, second, numbers):
                _append(first, second)
                if second.indirect_reference is not None:
                    moved[second.indirect_reference.idnum] = first.indirect_reference
                del kids[index + 1]
            else:
                index += 1
    for kid in _kids(element):
        _join_fragments(kid.get_object(), numbers, moved)


def _append(first: Any, second: Any) -> None:
    """Move ``second``'s children to the end of ``first`` (its page kept with bare content numbers)."""
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


def _repoint_parent_tree(tree: Any, moved: dict[int, Any]) -> None:
    """Make the parent tree, which maps page content to its element, name the joined elements (one pass)."""
    parent_tree = tree.get("/ParentTree")
    if parent_tree is None or not moved:
        return

    def final(ref: Any) -> Any:
        # A fragment joined to one that was itself joined on: follow to the element that holds it now.
        while getattr(ref, "idnum", None) in moved:
            ref = moved[ref.idnum]
        return ref

    nums = parent_tree.get_object().get("/Nums", [])
    for i in range(1, len(nums), 2):
        entry = nums[i].get_object()
        if hasattr(entry, "__len__") and not hasattr(entry, "get"):
            for j, ref in enumerate(entry):
                entry[j] = final(ref)
        else:
            nums[i] = final(nums[i])


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
