"""The Jinja sandbox every template runs in: no access beyond its context, and a budget of time and size.

A template pack is code written by someone other than the person rendering, so a template may loop
for ever or build a string of gigabytes. The sandbox counts the steps a render takes (each item of
``range``, each attribute looked up, each call) and stops it when the steps or the seconds run out;
it refuses a ``*`` or ``**`` whose result would be too large, and caps the widths filters pad to.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from .errors import TemplateError

__all__ = ["MAX_RESULT", "MAX_STEPS", "MAX_TEMPLATE_SECONDS", "BoundedSandbox", "budget"]

MAX_TEMPLATE_SECONDS = 20.0
"""The most seconds one render of one template may take."""
MAX_STEPS = 2_000_000
"""The most loop items, attribute look-ups and calls one render may make (a 2,000-position brief takes 50,000)."""
MAX_RESULT = 10_000_000
"""The most characters (or items) a ``*`` in a template may make, and the widest a filter may pad."""


@dataclass
class _Budget:
    ends: float
    steps: int = 0


_current: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("briefgen_template_budget", default=None)


class TemplateBudgetError(TemplateError):
    """A template took more time, steps or memory than a render may."""


@contextlib.contextmanager
def budget(seconds: float = MAX_TEMPLATE_SECONDS) -> Iterator[None]:
    """Give the templates rendered inside the block ``seconds`` and MAX_STEPS steps between them."""
    token = _current.set(_Budget(time.monotonic() + seconds))
    try:
        yield
    finally:
        _current.reset(token)


def _step() -> None:
    spent = _current.get()
    if spent is None:
        return
    spent.steps += 1
    if spent.steps > MAX_STEPS:
        raise TemplateBudgetError(f"the template took more than {MAX_STEPS:,} steps and was stopped")
    if spent.steps % 1024 == 0 and time.monotonic() > spent.ends:
        raise TemplateBudgetError("the template took longer than its time budget and was stopped")


def _counted_range(*args: int) -> Iterator[int]:
    for value in safe_range(*args):
        _step()
        yield value


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox whose renders are bounded in steps, time and the size of what they build."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = _counted_range
        for name in ("center", "indent", "wordwrap", "truncate"):
            self.filters[name] = _capped(self.filters[name])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _step()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(times, int) and size * times > MAX_RESULT:
                    raise TemplateBudgetError(f"the template builds a value of more than {MAX_RESULT:,} items")
        if operator == "**" and isinstance(right, int) and abs(right) > 1_000:
            raise TemplateBudgetError("the template raises a number to a power above 1,000")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _step()
        return super().getitem(obj, argument)

    def call(self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        return super().call(__context, __obj, *args, **kwargs)


def _capped(original: Any) -> Any:
    """Return the filter with its width and length arguments capped at MAX_RESULT."""

    def filter_(value: Any, *args: Any, **kwargs: Any) -> Any:
        args = tuple(min(a, MAX_RESULT) if isinstance(a, int) and not isinstance(a, bool) else a for a in args)
        kwargs = {
            k: min(v, MAX_RESULT) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in kwargs.items()
        }
        return original(value, *args, **kwargs)

    for attribute in ("jinja_pass_arg",):
        if hasattr(original, attribute):
            setattr(filter_, attribute, getattr(original, attribute))
    return filter_
