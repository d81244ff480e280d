"""Allow ``python -m briefgen``."""

from __future__ import annotations

from .entry import main

main()
