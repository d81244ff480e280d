"""The PDF's structure tree made whole: what WeasyPrint cuts at page breaks, table headers' IDs, quotes' languages.

WeasyPrint tags each page on its own, so a list or a section that runs onto the next page becomes two
``L`` or two ``Sect``, and a screen reader announces two lists. It gives table headers an ``/ID`` but
the document no ``/IDTree`` to find them by (ISO 32000-1, 14.7.2), and it does not carry an element's
``lang`` into the tree. This module mends the tree while it is still WeasyPrint's pydyf objects, in the
``finisher`` that ``write_pdf`` calls before it serialises them: nothing is parsed or written twice.

pydyf keeps an indirect reference as the bytes ``b"12 0 R"``, a name as the text ``"/L"`` and a
marked-content number as an ``int``; the object a reference names is ``pdf.objects[12]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["mend_structure"]

# Elements a page break splits that a reader takes as one: a list, a section, an article, a quote, the
# main part of the page (<main> is a Part) and a division.
_JOINED = {"/L", "/Sect", "/Art", "/BlockQuote", "/Part", "/Div"}
_HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Title"}


class _Tree:
    """The pydyf objects of one PDF, looked up by reference, and its pages' numbers."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.pages = {ref: number for number, ref in enumerate(pdf.page_references)}

    def get(self, ref: Any) -> Any:
        """Return the object a reference names (anything else as it is)."""
        if isinstance(ref, bytes) and ref.endswith(b" R"):
            return self.pdf.objects[int(ref.split(None, 1)[0])]
        return ref

    def element(self, kid: Any) -> Any:
        """Return the structure element a kid names, or None for content numbers, MCR and OBJR dictionaries."""
        target = self.get(kid)
        return target if isinstance(target, dict) and "S" in target else None

    def kids(self, element: Any) -> list[Any]:
        kids = element.get("K")
        items = kids if isinstance(kids, list) else ([] if kids is None else [kids])
        return [found for found in map(self.element, items) if found is not None]

    def walk(self, element: Any) -> Iterator[Any]:
        for kid in self.kids(element):
            yield kid
            yield from self.walk(kid)


def mend_structure(pdf: Any, quote_languages: Sequence[str | None] = ()) -> None:
    """Join split elements, add an ``/IDTree`` and each quote's ``/Lang`` in WeasyPrint's pydyf PDF.

    ``pdf`` is the ``pydyf.PDF`` that ``weasyprint.Document.write_pdf`` hands its ``finisher``.
    ``quote_languages`` holds, for each block quote in reading order, its language when it differs
    from the document's (None when it does not); nothing is tagged when their number does not match
    the tree's block quotes. A PDF without a structure tree is left as it is.
    """
    root = pdf.catalog.get("StructTreeRoot")
    if root is None:
        return
    tree = _Tree(pdf)
    top = tree.get(root)
    moved: dict[bytes, bytes] = {}
    _join_fragments(tree, top, moved)
    _repoint_parent_tree(tree, top, moved)
    _add_id_tree(tree, top)
    _tag_languages(tree, top, quote_languages)


def _page(tree: _Tree, element: Any, *, last: bool) -> int | None:
    """Return the page number of the first (or last) element, in reading order, that names its page.

    Only as much of the tree is read as it takes to find it, so joining stays linear in the tree's size.
    """
    here = tree.pages.get(element.get("Pg"))
    if not last and here is not None:
        return here
    kids = tree.kids(element)
    for kid in reversed(kids) if last else kids:
        found = _page(tree, kid, last=last)
        if found is not None:
            return found
    return here


def _continues(tree: _Tree, first: Any, second: Any) -> bool:
    """Tell whether ``second`` is the rest of ``first`` on the next page.

    Same kind, ``first`` ends on the page before the one ``second`` starts on, and a section or article
    does not open with a heading (a new one does).
    """
    if first.get("S") != second.get("S") or first.get("S") not in _JOINED:
        return False
    ends, starts = _page(tree, first, last=True), _page(tree, second, last=False)
    if ends is None or starts is None or starts != ends + 1:
        return False
    if second["S"] in {"/Sect", "/Art"}:
        kids = tree.kids(second)
        if kids and kids[0].get("S") in _HEADINGS:
            return False
    return True


def _join_fragments(tree: _Tree, element: Any, moved: dict[bytes, bytes]) -> None:
    kids = element.get("K")
    if isinstance(kids, list):
        index = 0
        while index + 1 < len(kids):
            first, second = tree.element(kids[index]), tree.element(kids[index + 1])
            if first is not None and second is not None and _continues(tree, first, second):
                _append(tree, first, second)
                moved[second.reference] = first.reference
                # Nothing names the fragment any more; an empty dictionary is what stays of it in the file.
                second.clear()
                del kids[index + 1]
            else:
                index += 1
    for kid in tree.kids(element):
        _join_fragments(tree, kid, moved)


def _append(tree: _Tree, first: Any, second: Any) -> None:
    """Move ``second``'s children to the end of ``first`` (its page kept with bare content numbers)."""
    import pydyf

    mine = first.get("K")
    if not isinstance(mine, list):
        mine = pydyf.Array([] if mine is None else [mine])
        first["K"] = mine
    theirs = second.get("K")
    page = second.get("Pg")
    for kid in theirs if isinstance(theirs, list) else ([] if theirs is None else [theirs]):
        target = tree.get(kid)
        if isinstance(target, dict) and "S" in target:
            target["P"] = first.reference
        elif isinstance(target, dict) and "Pg" not in target and page is not None:
            target["Pg"] = page
        elif isinstance(target, int) and page is not None:
            # A bare marked-content number is read on its element's page: keep the fragment's page with it.
            kid = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": target})
        mine.append(kid)


def _repoint_parent_tree(tree: _Tree, top: Any, moved: dict[bytes, bytes]) -> None:
    """Make the parent tree, which maps page content to its element, name the joined elements (one pass)."""
    parent_tree = top.get("ParentTree")
    if parent_tree is None or not moved:
        return

    def final(ref: Any) -> Any:
        # A fragment joined to one that was itself joined on: follow to the element that holds it now.
        while ref in moved:
            ref = moved[ref]
        return ref

    nums = tree.get(parent_tree).get("Nums", [])
    for i in range(1, len(nums), 2):
        entry = tree.get(nums[i])
        if isinstance(entry, list):
            entry[:] = [final(ref) for ref in entry]
        else:
            nums[i] = final(nums[i])


def _add_id_tree(tree: _Tree, top: Any) -> None:
    """Add the name tree from each element's ``/ID`` to the element (table headers are found by it)."""
    import pydyf

    named = sorted(
        ((_text(element["ID"]), element.reference) for element in tree.walk(top) if "ID" in element),
        key=lambda pair: pair[0].encode(),
    )
    if not named:
        return
    names = pydyf.Array()
    for key, ref in named:
        names.extend([pydyf.String(key), ref])
    id_tree = pydyf.Dictionary({"Names": names})
    tree.pdf.add_object(id_tree)
    top["IDTree"] = id_tree.reference


def _text(value: Any) -> str:
    """Return a pydyf string's text."""
    return str(getattr(value, "string", value))


def _tag_languages(tree: _Tree, top: Any, languages: Sequence[str | None]) -> None:
    import pydyf

    quotes = [element for element in tree.walk(top) if element.get("S") == "/BlockQuote"]
    if len(quotes) != len(languages):
        return
    for quote, language in zip(quotes, languages, strict=True):
        if language:
            quote["Lang"] = pydyf.String(language)
