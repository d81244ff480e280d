"""Which characters the installed fonts can draw, and which package would add the rest."""

from __future__ import annotations

import bisect
import logging
import re
import shutil
import subprocess
from functools import cache

from ..model import Brief

__all__ = ["check_coverage", "missing_characters", "package_for"]

log = logging.getLogger("briefgen")

# Unicode ranges and the Debian package whose fonts cover them.
_PACKAGES: list[tuple[int, int, str]] = [
    (0x1F000, 0x1FAFF, "fonts-noto-color-emoji"),
    (0x2600, 0x27BF, "fonts-noto-color-emoji"),
    (0x1100, 0x11FF, "fonts-noto-cjk"),
    (0x2E80, 0x9FFF, "fonts-noto-cjk (or the smaller fonts-wqy-microhei)"),
    (0xAC00, 0xD7AF, "fonts-noto-cjk"),
    (0xF900, 0xFAFF, "fonts-noto-cjk"),
    (0x20000, 0x3FFFF, "fonts-noto-cjk"),
]


@cache
def _coverage() -> tuple[list[int], list[int]] | None:
    """Return the merged code-point ranges of every installed font, or None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=False).stdout
    ranges: list[tuple[int, int]] = []
    for token in out.split():
        first, _, last = token.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for low, high in ranges:
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    return starts, ends


# Latin, Greek, Cyrillic and common punctuation: the fonts the set-up installs always draw these,
# so a brief made only of them needs no look-up in fontconfig (which costs about 0.1 s).
_COMMON = re.compile("[\u0000-\u052f\u1e00-\u1fff\u2000-\u206f\u20a0-\u20bf\u2100-\u218f]*")


def missing_characters(text: str) -> list[str]:
    """Return the distinct characters of the text that no installed font can draw (empty without fontconfig)."""
    if _COMMON.fullmatch(text):
        return []
    coverage = _coverage()
    if coverage is None:
        return []
    starts, ends = coverage
    missing: dict[str, None] = {}
    for char in set(text):
        code = ord(char)
        # Spaces, controls and joiners are not drawn.
        if code < 0x20 or char.isspace() or 0x200B <= code <= 0x200F or 0xFE00 <= code <= 0xFE0F:
            continue
        i = bisect.bisect_right(starts, code) - 1
        if i < 0 or code > ends[i]:
            missing[char] = None
    return sorted(missing)


def package_for(char: str) -> str:
    """Return the Debian font package that covers a character."""
    code = ord(char)
    for low, high, package in _PACKAGES:
        if low <= code <= high:
            return package
    return "fonts-noto-core or fonts-noto-extra"


def check_coverage(brief: Brief) -> list[str]:
    """Warn about characters of the brief that would print as boxes; return them."""
    missing = missing_characters(brief.model_dump_json())
    if missing:
        packages = sorted({package_for(c) for c in missing})
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:12])
        log.warning(
            "no installed font covers %d character(s) of this brief, which will print as boxes: %s; install %s",
            len(missing),
            shown,
            " or ".join(packages),
        )
    return missing
