"""The HTTP service, tested over real HTTP against a real uvicorn server with warm worker processes."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml
from pypdf import PdfReader

import briefgen

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ukraine-peace-summit.yaml"
SEED = ROOT / "seeds" / "000_5b5992d54111de5f.txt"
TOKEN = "s3cret-token-for-tests"
YAML = {"Content-Type": "application/yaml"}


@dataclass
class Service:
    """A running ``briefgen serve`` and what it printed."""

    url: str
    process: subprocess.Popen[str]
    log: Path

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_service(tmp: Path, *args: str, token: str | None = None) -> Iterator[Service]:
    """Start ``briefgen serve`` on a free port, wait until it answers, and stop it afterwards."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "BRIEFGEN_SERVE_TOKEN"}
    if token:
        env["BRIEFGEN_SERVE_TOKEN"] = token
    log = tmp / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            raise AssertionError(f"briefgen serve stopped: {log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"briefgen serve did not start: {log.read_text()}")
        time.sleep(0.2)
    try:
        yield Service(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packs")
    from briefgen.api import new_pack

    new_pack(folder / "house")
    return folder


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, packs: Path) -> Iterator[Service]:
    yield from start_service(tmp_path_factory.mktemp("serve"), "--workers", "2", "--packs", str(packs))


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A service with a token, one worker, one request at a time, a 1 MiB body limit and a 3 s time limit."""
    args = ["--workers", "1", "--max-requests", "1", "--max-body", "1", "--timeout", "3"]
    yield from start_service(tmp_path_factory.mktemp("strict"), *args, token=TOKEN)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_render_pdf_from_yaml(service: Service) -> None:
    with service.client() as client:
        response = client.post("/v1/render", params={"format": "pdf"}, content=EXAMPLE.read_bytes(), headers=YAML)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="brief.pdf"'
    text = pdf_text(response.content)
    assert "Ukraine peace summit: Moscow sets its terms" in text
    assert "Vladimir Putin" in text


def test_render_json_body_with_pack_and_variant(service: Service) -> None:
    body = json.dumps(yaml.safe_load(EXAMPLE.read_text()), default=str)
    params = {"format": "pdf", "pack": "memo", "variant": "pdf/a-3b"}
    with service.client() as client:
        response = client.post("/v1/render", params=params, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    reader = PdfReader(io.BytesIO(response.content))
    assert "Moscow sets its terms" in reader.pages[0].extract_text()
    assert "/OutputIntents" in reader.trailer["/Root"]  # the archival variant's colour profile


def test_several_formats_come_as_a_zip(service: Service) -> None:
    with service.client() as client:
        response = client.post(
            "/v1/render", params=[("format", "pdf,docx"), ("format", "md")], content=EXAMPLE.read_bytes(), headers=YAML
        )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["brief.pdf", "brief.docx", "brief.md"]
    assert "Moscow sets its terms" in pdf_text(archive.read("brief.pdf"))
    assert "Moscow sets its terms" in archive.read("brief.md").decode()
    from docx import Document

    document = Document(io.BytesIO(archive.read("brief.docx")))
    assert any("Moscow sets its terms" in p.text for p in document.paragraphs)


def test_invalid_brief_gets_422_with_the_located_message_of_the_cli(service: Service) -> None:
    bad = b"title: A summit\ndate: 14/03/2026\nsummary: Talks.\n"
    with service.client() as client:
        response = client.post("/v1/render", params={"format": "pdf"}, content=bad, headers=YAML)
    cli = subprocess.run(
        [sys.executable, "-m", "briefgen", "validate", "-"], input=bad, capture_output=True, check=False
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "<body>:2:7: date: '14/03/2026' is not a date in the form YYYY-MM-DD; write 2026-03-14"
    assert cli.stderr.decode().strip() == body["detail"].replace("<body>", "<stdin>")
    assert body["problems"] == [
        {
            "file": "<body>",
            "line": 2,
            "column": 7,
            "field": "date",
            "message": "'14/03/2026' is not a date in the form YYYY-MM-DD; write 2026-03-14",
        }
    ]


def test_bad_requests_get_400_or_415_with_a_message(service: Service) -> None:
    with service.client() as client:
        not_yaml = client.post("/v1/render", content=b"title: [unclosed\n", headers=YAML)
        bad_format = client.post("/v1/render", params={"format": "exe"}, content=EXAMPLE.read_bytes(), headers=YAML)
        bad_variant = client.post(
            "/v1/render", params={"variant": "pdf/x-9"}, content=EXAMPLE.read_bytes(), headers=YAML
        )
        wrong_type = client.post("/v1/render", content=b"<brief/>", headers={"Content-Type": "application/xml"})
    assert not_yaml.status_code == 400
    assert not_yaml.json()["detail"].startswith("<body>:2:1: invalid YAML: ")
    assert bad_format.status_code == 400
    assert bad_format.json()["detail"] == "unknown output format 'exe' (available: docx, html, json, md, pdf)"
    assert bad_variant.status_code == 400
    assert bad_variant.json()["detail"].startswith("unknown PDF variant 'pdf/x-9'; choose one of pdf/a-1b")
    assert wrong_type.status_code == 415
    assert wrong_type.json()["detail"] == "send the brief as application/yaml or application/json, not application/xml"


def test_one_bad_request_does_not_affect_the_next(service: Service) -> None:
    with service.client() as client:
        for _ in range(3):  # more than the workers, so each worker serves a bad request and then a good one
            assert client.post("/v1/render", content=b"title: x\n", headers=YAML).status_code == 422
            good = client.post("/v1/render", params={"format": "html"}, content=EXAMPLE.read_bytes(), headers=YAML)
            assert good.status_code == 200
            assert "Moscow sets its terms" in good.text


def test_packs_come_only_from_the_configured_folder(service: Service, packs: Path) -> None:
    with service.client() as client:
        listed = client.get("/v1/templates").json()
        own = client.post(
            "/v1/render", params={"format": "html", "pack": "house"}, content=EXAMPLE.read_bytes(), headers=YAML
        )
        outside = [
            client.post(
                "/v1/render", params={"format": "html", "pack": name}, content=EXAMPLE.read_bytes(), headers=YAML
            )
            for name in (str(packs / "house"), "../house", "/etc", "templates/standard")
        ]
    assert [(p["name"], p["source"]) for p in listed] == [
        ("memo", "briefgen"),
        ("standard", "briefgen"),
        ("house", "packs folder"),
    ]
    assert own.status_code == 200 and "Moscow sets its terms" in own.text
    for response in outside:
        assert response.status_code == 400
        assert response.json()["detail"].endswith("(available: memo, standard, house)")


def test_extract_from_text_and_from_uploaded_files(service: Service) -> None:
    article = SEED.read_bytes()
    with service.client() as client:
        plain = client.post("/v1/extract", content=article, headers={"Content-Type": "text/plain"})
        uploaded = client.post("/v1/extract", params={"format": "yaml"}, files={"files": ("talks.txt", article)})
        empty = client.post("/v1/extract", files={"files": ("empty.txt", b"")})
    assert plain.status_code == 200
    draft = plain.json()
    assert draft["drafting"]["method"] == "rules"
    assert "Russia" in [p["actor"] for p in draft["positions"]]
    russia = next(p for p in draft["positions"] if p["actor"] == "Russia")
    assert all(e["text"] in article.decode() for e in russia["evidence"])  # evidence is verbatim
    assert uploaded.status_code == 200
    assert uploaded.headers["content-type"] == "application/yaml"
    assert yaml.safe_load(uploaded.text)["title"] == draft["title"]
    assert empty.status_code == 400
    assert empty.json()["detail"] == "empty.txt: the file is empty"


def test_validate_names_what_stops_approval_as_the_cli_does(service: Service) -> None:
    draft = (
        "title: T\nsummary: S\ndrafting:\n  method: rules\n"
        "  to_check:\n    - {item: Hungary attended, field: attendance.present}\n"
    )
    with service.client() as client:
        response = client.post("/v1/validate", content=draft, headers={"Content-Type": "application/yaml"})
    assert response.status_code == 200
    assert response.json()["warnings"] == [
        "drafting.to_check[0]: 'Hungary attended' is still to check: act on it in the brief, then delete the item "
        "from drafting.to_check",
        "date: not set: an approved brief needs the date, e.g. 2026-03-14",
    ]


def test_build_returns_the_rendered_draft(service: Service) -> None:
    with service.client() as client:
        response = client.post(
            "/v1/build", params={"format": "pdf"}, files={"files": ("bürgenstock/../talks.txt", SEED.read_bytes())}
        )
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="talks.pdf"'
    text = pdf_text(response.content)
    assert "DRAFT" in text
    assert "Russia" in text


def test_schema_templates_health_and_docs(service: Service) -> None:
    with service.client() as client:
        schema = client.get("/v1/schema").json()
        health = client.get("/healthz").json()
        docs = client.get("/docs")
        spec = client.get("/openapi.json").json()
    assert schema == json.loads(json.dumps(briefgen.json_schema()))
    assert health == {"status": "ok", "workers": 2, "in_flight": 0}
    assert docs.status_code == 200
    for route in ("POST /v1/render", "POST /v1/extract", "POST /v1/build", "GET /v1/schema", "GET /v1/templates"):
        assert route in docs.text
    assert set(spec["paths"]) >= {"/v1/render", "/v1/extract", "/v1/build", "/v1/schema", "/v1/templates"}


def test_without_a_token_every_v1_route_answers_401(strict: Service) -> None:
    with strict.client() as anonymous, strict.client(TOKEN[:-1] + "X") as wrong, strict.client(TOKEN) as allowed:
        refused = [
            anonymous.post("/v1/render", content=EXAMPLE.read_bytes(), headers=YAML),
            anonymous.post("/v1/extract", content=SEED.read_bytes(), headers={"Content-Type": "text/plain"}),
            anonymous.post("/v1/build", content=SEED.read_bytes(), headers={"Content-Type": "text/plain"}),
            anonymous.get("/v1/schema"),
            anonymous.get("/v1/templates"),
            wrong.get("/v1/schema"),
            anonymous.get("/v1/schema", headers={"Authorization": f"Basic {TOKEN}"}),
        ]
        health = anonymous.get("/healthz")
        ok = allowed.post("/v1/render", params={"format": "html"}, content=EXAMPLE.read_bytes(), headers=YAML)
    for response in refused:
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"] == "this service needs a bearer token: send Authorization: Bearer <token>"
    assert health.status_code == 200
    assert ok.status_code == 200
    assert TOKEN not in strict.log.read_text()


def test_token_is_compared_in_constant_time() -> None:
    import inspect

    from briefgen.serve import app

    source = inspect.getsource(app._token_check)
    assert "hmac.compare_digest(given, expected)" in source
    assert "==" not in source.replace("is None", "")


def test_an_oversized_body_gets_413(strict: Service) -> None:
    big = b"title: x\nsummary: " + b"a" * (1024 * 1024 + 10) + b"\n"
    with strict.client(TOKEN) as client:
        declared = client.post("/v1/render", content=big, headers=YAML)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it arrives
            for start in range(0, len(big), 65536):
                yield big[start : start + 65536]

        streamed = client.post("/v1/render", content=chunks(), headers=YAML)
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["detail"] == "the request body is larger than the limit of 1.0 MiB"


def test_time_and_concurrency_limits_answer_504_and_503_then_the_service_recovers(strict: Service) -> None:
    brief = yaml.safe_load(EXAMPLE.read_text())
    brief["positions"] = brief["positions"] * 40  # several times 3 s of PDF work
    slow_body = json.dumps(brief, default=str).encode()
    results: dict[str, httpx.Response] = {}

    def slow() -> None:
        with strict.client(TOKEN) as client:
            results["slow"] = client.post(
                "/v1/render", params={"format": "pdf"}, content=slow_body, headers={"Content-Type": "application/json"}
            )

    thread = threading.Thread(target=slow)
    thread.start()
    with strict.client(TOKEN) as client:
        while client.get("/healthz").json()["in_flight"] == 0 and thread.is_alive():
            time.sleep(0.01)
        busy = client.post("/v1/render", params={"format": "html"}, content=EXAMPLE.read_bytes(), headers=YAML)
        thread.join()
        assert busy.status_code == 503
        assert busy.headers["retry-after"] == "1"
        assert busy.json()["detail"] == "the service is busy with 1 requests; try again shortly"
        assert results["slow"].status_code == 504
        assert results["slow"].json()["detail"] == "the request took longer than the limit of 3 s and was stopped"
        # The stopped worker is replaced by a fresh one: the service answers again (503 or 504 until it is warm).
        for _ in range(300):
            after = client.post("/v1/render", params={"format": "md"}, content=EXAMPLE.read_bytes(), headers=YAML)
            if after.status_code not in (503, 504):
                break
            time.sleep(0.2)
    assert after.status_code == 200
    assert "Moscow sets its terms" in after.text


def test_binds_to_localhost_by_default() -> None:
    from briefgen.serve import ServeSettings

    assert ServeSettings().host == "127.0.0.1"
    result = subprocess.run([sys.executable, "-m", "briefgen", "serve", "--help"], capture_output=True, text=True)
    assert "BRIEFGEN_SERVE_TOKEN" in result.stdout
    assert "Example: briefgen serve" in result.stdout
