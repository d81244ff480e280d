"""Output formats: each renderer turns a Brief and a template pack into the bytes of one file."""

from __future__ import annotations

from .base import Renderer, RenderOptions, template_variables

__all__ = ["RenderOptions", "Renderer", "template_variables"]
