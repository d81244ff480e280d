"""The settings of the service: where it listens, its limits, its token and the folder of user packs."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr

__all__ = ["TOKEN_VARIABLE", "ServeSettings"]

TOKEN_VARIABLE = "BRIEFGEN_SERVE_TOKEN"
"""The environment variable that holds the bearer token; when it is set, every /v1 route requires it."""


class ServeSettings(BaseModel):
    """How the service runs; one object shared by ``briefgen serve`` and code that embeds the app."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    workers: int = Field(default=2, ge=1, le=64)
    """Warm worker processes that render and draft."""
    packs: Path | None = None
    """The only folder user template packs are read from (each pack a sub-folder with a pack.toml)."""
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    """Largest request body accepted; a larger one is answered 413."""
    timeout: float = Field(default=60.0, gt=0)
    """Seconds a request may wait for a worker and be worked on; then 503 (still queued) or 504 (stopped)."""
    max_requests: int = Field(default=16, ge=1)
    """Requests worked on or queued at once; more are answered 503 with Retry-After."""
    token: SecretStr | None = None

    @classmethod
    def from_env(cls, **values: object) -> ServeSettings:
        """Return settings with the token taken from ``BRIEFGEN_SERVE_TOKEN`` unless one is given."""
        token = os.environ.get(TOKEN_VARIABLE)
        if "token" not in values and token:
            values["token"] = SecretStr(token)
        return cls.model_validate(values)
