"""A small chat-completions client: time-outs, retries with back-off, and the json_object fallback."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from ..errors import ExtractionError
from .settings import LlmSettings

__all__ = ["ChatClient"]

log = logging.getLogger("briefgen")

RETRY_STATUS = {429, 500, 502, 503, 504}


class ChatClient:
    """Ask an OpenAI-compatible server for one JSON answer that follows a schema."""

    def __init__(self, settings: LlmSettings) -> None:
        self.settings = settings
        self.used_fallback = False

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.settings.api_key is not None:
            headers["Authorization"] = f"Bearer {self.settings.api_key.get_secret_value()}"
        return headers

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Any:
        """Return the model's answer parsed as JSON.

        Raises:
            ExtractionError: the server is down, times out, keeps failing, or answers something that is not JSON.
        """
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            "temperature": 0,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "brief_findings", "strict": True, "schema": schema},
            },
        }
        answer = self._post(body, schema)
        try:
            content = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise ExtractionError(f"{self._where()}: the answer has no choices[0].message.content") from exc
        if not isinstance(content, str):
            raise ExtractionError(f"{self._where()}: the model's message content is not text")
        try:
            return json.loads(_strip_fences(content))
        except json.JSONDecodeError as exc:
            raise ExtractionError(
                f"{self._where()}: the model did not answer with JSON ({exc.msg} at character {exc.pos})"
            ) from exc

    def _where(self) -> str:
        return f"LLM server {self.settings.url}"

    def _post(self, body: dict[str, Any], schema: dict[str, Any]) -> Any:
        import httpx

        url = self.settings.url.rstrip("/") + "/chat/completions"
        attempt = 0
        with httpx.Client(timeout=self.settings.timeout, follow_redirects=False) as http:
            while True:
                try:
                    response = http.post(url, json=body, headers=self._headers())
                except httpx.TimeoutException as exc:
                    raise ExtractionError(f"{self._where()} did not answer within {self.settings.timeout:g} s") from exc
                except httpx.HTTPError as exc:
                    raise ExtractionError(f"{self._where()} cannot be reached: {exc}") from exc
                if response.status_code == 400 and not self.used_fallback and _rejects_schema(response.text):
                    # llama-cpp-python and some others want the schema inside a json_object response_format.
                    log.warning("%s rejected json_schema; asking again with json_object", self._where())
                    self.used_fallback = True
                    body = {**body, "response_format": {"type": "json_object", "schema": schema}}
                    continue
                if response.status_code in RETRY_STATUS and attempt < self.settings.retries:
                    delay = _retry_after(response) or self.settings.backoff * (2**attempt)
                    log.warning("%s answered %d; retrying in %.1f s", self._where(), response.status_code, delay)
                    time.sleep(delay)
                    attempt += 1
                    continue
                if response.status_code >= 400:
                    snippet = " ".join(response.text.split())[:200]
                    raise ExtractionError(f"{self._where()} answered HTTP {response.status_code}: {snippet}")
                try:
                    return response.json()
                except ValueError as exc:
                    raise ExtractionError(f"{self._where()} answered something that is not JSON") from exc


def _rejects_schema(text: str) -> bool:
    lowered = text.lower()
    return "json_schema" in lowered or "response_format" in lowered


def _retry_after(response: Any) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return min(float(value), 60.0)
    except ValueError:
        return None


def _strip_fences(content: str) -> str:
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text
