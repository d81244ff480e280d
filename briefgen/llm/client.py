"""A small chat-completions client: time-outs, retries with back-off, and the json_object fallback."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import ExtractionError
from .settings import LlmSettings

__all__ = ["ChatClient"]

log = logging.getLogger("briefgen")

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_ANSWER_BYTES = 8 * 1024 * 1024
"""The most bytes read of one answer; a longer one is refused."""
# Words of an error body that look like credentials: "Bearer …", "sk-…", "api_key=…", "token: …".
_CREDENTIAL = re.compile(
    r"(?i)\b(?:bearer\s+\S+|sk-[\w-]{6,}|(?:api[_-]?key|access[_-]?token|token|secret|password|key)"
    r"[\"']?\s*[:=]\s*[\"']?[^\s\"',;&]+)"
)
_SECRET_PARAMS = re.compile(r"(?i)key|token|secret|password|sig")


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
            return self._json(_strip_fences(content))
        except json.JSONDecodeError as exc:
            raise ExtractionError(
                f"{self._where()}: the model did not answer with JSON ({exc.msg} at character {exc.pos})"
            ) from exc

    def _where(self) -> str:
        return f"LLM server {safe_url(self.settings.url)}"

    def _redact(self, text: str) -> str:
        """Return ``text`` without the API key or anything that looks like a credential."""
        if self.settings.api_key is not None and self.settings.api_key.get_secret_value():
            text = text.replace(self.settings.api_key.get_secret_value(), "[redacted]")
        return _CREDENTIAL.sub("[redacted]", text)

    def _post(self, body: dict[str, Any], schema: dict[str, Any]) -> Any:
        import httpx

        url = self.settings.url.rstrip("/") + "/chat/completions"
        attempt = 0
        with httpx.Client(timeout=self.settings.timeout, follow_redirects=False) as http:
            while True:
                deadline = time.monotonic() + self.settings.timeout
                try:
                    status, headers, raw = self._send(http, url, body, deadline)
                except httpx.TimeoutException as exc:
                    raise ExtractionError(f"{self._where()} did not answer within {self.settings.timeout:g} s") from exc
                except httpx.HTTPError as exc:
                    raise ExtractionError(f"{self._where()} cannot be reached: {self._redact(str(exc))}") from exc
                text = raw.decode("utf-8", errors="replace")
                if status == 400 and not self.used_fallback and _rejects_schema(text):
                    # llama-cpp-python and some others want the schema inside a json_object response_format.
                    log.warning("%s rejected json_schema; asking again with json_object", self._where())
                    self.used_fallback = True
                    body = {**body, "response_format": {"type": "json_object", "schema": schema}}
                    continue
                if status in RETRY_STATUS and attempt < self.settings.retries:
                    delay = _retry_after(headers) or self.settings.backoff * (2**attempt)
                    log.warning("%s answered %d; retrying in %.1f s", self._where(), status, delay)
                    time.sleep(delay)
                    attempt += 1
                    continue
                if status >= 400:
                    snippet = self._redact(" ".join(text.split())[:200])
                    raise ExtractionError(f"{self._where()} answered HTTP {status}: {snippet}")
                try:
                    return self._json(text)
                except json.JSONDecodeError as exc:
                    raise ExtractionError(f"{self._where()} answered something that is not JSON") from exc

    def _send(self, http: Any, url: str, body: dict[str, Any], deadline: float) -> tuple[int, Any, bytes]:
        """Post ``body`` and read the answer, within the deadline and MAX_ANSWER_BYTES."""
        chunks: list[bytes] = []
        size = 0
        with http.stream("POST", url, json=body, headers=self._headers()) as response:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise ExtractionError(
                        f"{self._where()} sent more than {MAX_ANSWER_BYTES // 1024 // 1024} MiB; the answer was refused"
                    )
                if time.monotonic() > deadline:
                    raise ExtractionError(
                        f"{self._where()} did not finish its answer within {self.settings.timeout:g} s"
                    )
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    def _json(self, text: str) -> Any:
        """Return ``text`` parsed as JSON; json.JSONDecodeError passes through, odd JSON is an ExtractionError."""
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise
        except (ValueError, RecursionError) as exc:  # a number of thousands of digits, nesting too deep
            raise ExtractionError(
                f"{self._where()}: the answer is JSON briefgen does not read ({type(exc).__name__})"
            ) from exc


def _rejects_schema(text: str) -> bool:
    lowered = text.lower()
    return "json_schema" in lowered or "response_format" in lowered


def safe_url(url: str) -> str:
    """Return ``url`` without a user name, password or key-like query parameter."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an address that cannot be read)"
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    query = urlencode(
        [
            (k, "[redacted]" if _SECRET_PARAMS.search(k) else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ]
    )
    return urlunsplit((parts.scheme, host, parts.path, query, ""))


def _retry_after(headers: Any) -> float | None:
    value = headers.get("retry-after", "")
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
