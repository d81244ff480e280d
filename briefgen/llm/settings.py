"""Where the model is and how to talk to it: a config file, the environment, and the command line."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from ..errors import InputError

__all__ = ["API_KEY_VARIABLE", "CONFIG_VARIABLE", "LlmSettings", "default_config_path"]

API_KEY_VARIABLE = "BRIEFGEN_LLM_API_KEY"
CONFIG_VARIABLE = "BRIEFGEN_CONFIG"


def default_config_path() -> Path:
    """Return the config file briefgen reads: $BRIEFGEN_CONFIG, else ~/.config/briefgen/config.toml."""
    if os.environ.get(CONFIG_VARIABLE):
        return Path(os.environ[CONFIG_VARIABLE])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "briefgen" / "config.toml"


class LlmSettings(BaseModel):
    """Settings of the ``llm`` extractor; the API key is never printed or logged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = "http://localhost:11434/v1"
    model: str | None = None
    api_key: SecretStr | None = None
    timeout: float = Field(default=120.0, gt=0)
    retries: int = Field(default=3, ge=0, le=10)
    backoff: float = Field(default=1.0, ge=0)
    max_sentences: int = Field(default=400, ge=1)

    @classmethod
    def resolve(cls, config: Path | None = None, **overrides: Any) -> LlmSettings:
        """Return settings from the config file's [llm] table, the API key variable and the overrides (in that order).

        Raises:
            InputError: the config file is unreadable, or a setting is invalid, or no model is named.
        """
        path = config or default_config_path()
        values: dict[str, Any] = {}
        if path.is_file():
            try:
                values.update(tomllib.loads(path.read_text(encoding="utf-8")).get("llm", {}))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: {exc}") from exc
        elif config is not None:
            raise InputError(f"{path}: no such config file")
        if os.environ.get(API_KEY_VARIABLE):
            values["api_key"] = os.environ[API_KEY_VARIABLE]
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            settings = cls(**values)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
            raise InputError(f"llm settings: {problems}") from exc
        if not settings.model:
            raise InputError(f"llm settings: no model named; pass --llm-model or set model in [llm] of {path}")
        return settings
