"""The llm extractor against a real HTTP server on 127.0.0.1 that plays scripted chat-completions answers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import briefgen
from briefgen.cli import app
from briefgen.extraction import read_article
from briefgen.llm import LlmExtractor, LlmSettings

ARTICLE = (
    "Delegations from Chile and Peru met in Lima on Monday for talks on water rights.\n"
    "Chilean Foreign Minister Ana Soto said Chile wanted a joint commission on the river.\n"
    "Bolivia did not send a delegation, saying it had not been consulted.\n"
    "Peru insisted that any deal must protect farmers upstream.\n"
    "A second round is likely next month.\n"
)


class Script:
    """What the fake server answers, request by request, and what it received."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, Any, float]] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []


def chat(content: Any) -> dict[str, Any]:
    text = content if isinstance(content, str) else json.dumps(content)
    return {"choices": [{"message": {"role": "assistant", "content": text}}]}


GOOD = {
    "positions": [
        {
            "actor": "Chile",
            "stance": "Chile wants a joint commission to manage the river.",
            "demands": ["a joint river commission"],
            "spokespeople": ["Ana Soto"],
            "sentences": [2],
        },
        {
            "actor": "Peru",
            "stance": "Peru wants upstream farmers protected in any deal.",
            "demands": ["protection for upstream farmers"],
            "spokespeople": [],
            "sentences": [4],
        },
    ],
    "present": [{"name": "Chile", "sentences": [1]}, {"name": "Peru", "sentences": [1]}],
    "absent": [{"name": "Bolivia", "reason": "not consulted", "sentences": [3]}],
    "outlook": [{"statement": "A second round will follow next month.", "likelihood": "likely", "sentences": [5]}],
}


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            script.requests.append(json.loads(self.rfile.read(length)))
            script.headers.append(dict(self.headers))
            status, body, delay = script.answers.pop(0) if script.answers else (500, {"error": "no answer"}, 0)
            time.sleep(max(delay, 0))
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if delay < 0:  # a server that drips its answer, one byte every -delay seconds
                    for i in range(len(data)):
                        self.wfile.write(data[i : i + 1])
                        self.wfile.flush()
                        time.sleep(-delay)
                else:
                    self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    httpd.shutdown()
    httpd.server_close()


def extract(url: str, **settings: Any) -> briefgen.Brief:
    article = read_article(ARTICLE.encode(), "talks.txt", "s1")
    options = {"url": url, "model": "test-model", "backoff": 0.0, "timeout": 5.0, **settings}
    return LlmExtractor(LlmSettings(**options)).extract([article])


def test_good_answer_is_merged_and_grounded(server: tuple[str, Script], monkeypatch: pytest.MonkeyPatch) -> None:
    url, script = server
    monkeypatch.setenv("BRIEFGEN_LLM_API_KEY", "sk-secret")
    script.answers.append((200, chat(GOOD), 0))
    brief = extract(url, api_key="sk-secret")
    request = script.requests[0]
    assert request["model"] == "test-model" and request["temperature"] == 0
    assert request["response_format"]["type"] == "json_schema"
    assert "[2] Chilean Foreign Minister Ana Soto said" in request["messages"][1]["content"]
    assert script.headers[0]["Authorization"] == "Bearer sk-secret"
    by_actor = {p.actor: p for p in brief.positions}
    assert by_actor["Chile"].stance == "Chile wants a joint commission to manage the river."
    assert "a joint river commission" in by_actor["Chile"].demands
    assert "Ana Soto" in by_actor["Chile"].spokespeople
    for position in brief.positions:
        for ev in position.evidence:
            assert ARTICLE[ev.start : ev.end] == ev.text
    assert [a.name for a in brief.attendance.absent] == ["Bolivia"]
    assert brief.drafting is not None
    assert brief.drafting.method == "rules+llm" and brief.drafting.model == "test-model"


def test_schema_bounds_every_string_and_array() -> None:
    from briefgen.llm.extractor import findings_schema

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "array":
                assert "maxItems" in node
            if node.get("type") == "string":
                assert "maxLength" in node
            for value in node.values():
                walk(value)

    walk(findings_schema())


def test_out_of_range_ids_and_bad_values_are_dropped(
    server: tuple[str, Script], caplog: pytest.LogCaptureFixture
) -> None:
    url, script = server
    answer = {
        "positions": [
            {"actor": "", "stance": "x", "demands": [], "spokespeople": [], "sentences": [1]},
            {
                "actor": "Ecuador",
                "stance": "Ecuador backs talks.",
                "demands": [],
                "spokespeople": [],
                "sentences": [99],
            },
        ],
        "present": [],
        "absent": [],
        "outlook": [{"statement": "Talks resume.", "likelihood": "probable", "sentences": [5, 42]}],
    }
    script.answers.append((200, chat(answer), 0))
    brief = extract(url)
    assert "Ecuador" not in [p.actor for p in brief.positions]
    notes = brief.drafting.notes if brief.drafting else []
    assert "dropped from the model's answer: positions[0]: empty actor" in notes
    assert "dropped from the model's answer: positions[1] (Ecuador): unknown sentence id 99" in notes
    assert "dropped from the model's answer: outlook[0]: likelihood 'probable' is not an ICD 203 term" in notes
    assert "dropped from the model's answer: outlook[0]: unknown sentence id 42" in notes


def test_500_after_retries_is_a_clear_error(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers += [(500, {"error": "boom"}, 0)] * 3
    with pytest.raises(briefgen.ExtractionError) as info:
        extract(url, retries=2)
    assert str(info.value) == f'LLM server {url} answered HTTP 500: {{"error": "boom"}}'
    assert len(script.requests) == 3


def test_429_then_success(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers += [(429, {"error": "slow down"}, 0), (200, chat(GOOD), 0)]
    brief = extract(url)
    assert len(script.requests) == 2
    assert "Peru" in [p.actor for p in brief.positions]


def test_malformed_json_answer(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers.append((200, chat("Sure! Here is the JSON: {positions: ["), 0))
    with pytest.raises(briefgen.ExtractionError) as info:
        extract(url)
    assert str(info.value) == f"LLM server {url}: the model did not answer with JSON (Expecting value at character 0)"


def test_garbage_body(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers.append((200, b"<html>gateway</html>", 0))
    with pytest.raises(briefgen.ExtractionError, match="answered something that is not JSON"):
        extract(url)


def test_slow_answer_times_out(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers.append((200, chat(GOOD), 3))
    start = time.monotonic()
    with pytest.raises(briefgen.ExtractionError) as info:
        extract(url, timeout=0.5)
    assert time.monotonic() - start < 3
    assert str(info.value) == f"LLM server {url} did not answer within 0.5 s"


def test_json_schema_rejection_falls_back_to_json_object(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers += [(400, {"error": "response_format type json_schema is not supported"}, 0), (200, chat(GOOD), 0)]
    brief = extract(url)
    assert script.requests[1]["response_format"]["type"] == "json_object"
    assert "schema" in script.requests[1]["response_format"]
    assert brief.drafting is not None
    assert "the server rejected json_schema; the json_object form was used" in brief.drafting.notes


def test_server_down() -> None:
    with pytest.raises(briefgen.ExtractionError, match=r"LLM server http://127.0.0.1:9/v1 cannot be reached"):
        extract("http://127.0.0.1:9/v1")


def test_cli_with_the_test_server(server: tuple[str, Script], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, script = server
    monkeypatch.setenv("BRIEFGEN_LLM_API_KEY", "sk-do-not-print")
    monkeypatch.setenv("BRIEFGEN_CONFIG", str(tmp_path / "none.toml"))
    article = tmp_path / "talks.txt"
    article.write_text(ARTICLE)
    script.answers.append((200, chat(GOOD), 0))
    runner = CliRunner()
    result = runner.invoke(
        app, ["extract", str(article), "-x", "llm", "--llm-url", url, "--llm-model", "m1", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["drafting"]["model"] == "m1"
    assert "sk-do-not-print" not in result.output
    script.answers += [(503, {"error": "down"}, 0)] * 4
    failed = runner.invoke(app, ["extract", str(article), "-x", "llm", "--llm-url", url, "--llm-model", "m1"])
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[-1] == f'error: LLM server {url} answered HTTP 503: {{"error": "down"}}'
    assert "Traceback" not in failed.output and "sk-do-not-print" not in failed.output


def test_settings_from_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFGEN_LLM_API_KEY", raising=False)
    config = tmp_path / "config.toml"
    config.write_text('[llm]\nurl = "http://127.0.0.1:1/v1"\nmodel = "from-file"\ntimeout = 9\n')
    settings = LlmSettings.resolve(config, model="from-cli")
    assert (settings.url, settings.model, settings.timeout) == ("http://127.0.0.1:1/v1", "from-cli", 9.0)
    monkeypatch.setenv("BRIEFGEN_LLM_API_KEY", "sk-x")
    with_key = LlmSettings.resolve(config)
    assert with_key.api_key is not None and with_key.api_key.get_secret_value() == "sk-x"
    assert "sk-x" not in repr(with_key) and "sk-x" not in str(with_key.model_dump())
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    with pytest.raises(briefgen.InputError) as info:
        LlmSettings.resolve(empty)
    assert str(info.value) == f"llm settings: no model named; pass --llm-model or set model in [llm] of {empty}"
    with pytest.raises(briefgen.InputError) as missing:
        LlmSettings.resolve(tmp_path / "missing.toml")
    assert str(missing.value) == f"{tmp_path / 'missing.toml'}: no such config file"


def test_a_server_that_drips_its_answer_is_cut_at_the_deadline(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers.append((200, chat(GOOD), -0.2))  # about 2 minutes at one byte every 0.2 s
    with pytest.raises(briefgen.ExtractionError) as info:
        extract(url, timeout=1.0)
    assert str(info.value) == f"LLM server {url} did not finish its answer within 1 s"


def test_an_oversized_answer_is_refused(server: tuple[str, Script]) -> None:
    url, script = server
    script.answers.append((200, b" " * (9 * 1024 * 1024), 0))
    with pytest.raises(briefgen.ExtractionError) as info:
        extract(url)
    assert str(info.value) == f"LLM server {url} sent more than 8 MiB; the answer was refused"


def test_credentials_never_reach_a_message(server: tuple[str, Script]) -> None:
    url, script = server
    secret = "sk-live-4f9a8b7c6d5e"
    script.answers.append((401, {"error": f"invalid key {secret}; token=abc123xyz; Bearer {secret}"}, 0))
    host = url.removeprefix("http://")
    with pytest.raises(briefgen.ExtractionError) as info:
        extract(f"http://admin:hunter2@{host}?api_key={secret}&v=1", api_key=secret, retries=0)
    message = str(info.value)
    assert secret not in message and "hunter2" not in message and "abc123xyz" not in message
    assert message.startswith(f"LLM server http://{host}?api_key=%5Bredacted%5D&v=1 answered HTTP 401: ")


@pytest.mark.parametrize(
    ("content", "kind"),
    [('{"positions": [{"sentences": [' + "9" * 5_000 + "]}]}", "ValueError"), ("[" * 200_000, "RecursionError")],
    ids=["5000-digit-number", "nesting-200000-deep"],
)
def test_odd_json_is_an_extraction_error(server: tuple[str, Script], content: str, kind: str) -> None:
    url, script = server
    script.answers.append((200, chat(content), 0))
    with pytest.raises(briefgen.ExtractionError) as info:
        extract(url)
    assert str(info.value) == f"LLM server {url}: the answer is JSON briefgen does not read ({kind})"


def test_a_flood_of_items_and_bad_ids_is_cut_to_the_contract(server: tuple[str, Script]) -> None:
    url, script = server
    flood = {
        "positions": [
            {"actor": f"Party {i}", "stance": "s", "demands": [], "spokespeople": [], "sentences": [1 if i % 2 else 99]}
            for i in range(20_000)
        ],
        "present": [],
        "absent": [],
        "outlook": [{"statement": "x", "sentences": list(range(1_000, 201_000))}],
    }
    script.answers.append((200, chat(flood), 0))
    brief = extract(url)
    # Only the first 5,000 items of the answer are read (half of them cite a sentence), beside the rules' two.
    assert len(brief.positions) == 2 + 2_500
    notes = brief.drafting.notes if brief.drafting else []
    assert sum(n.startswith("dropped from the model's answer") for n in notes) == 101
    assert notes[-1] == "dropped from the model's answer: more items, not listed one by one"
    briefgen.Brief.model_validate(brief.model_dump())
