"""URLs and stdin as inputs, against a local HTTP server this test starts on 127.0.0.1.

The server serves the invented saved pages of tests/data/pages and a few misbehaving routes
(a 404, a page slower than the timeout, a page over the size limit, a page whose charset
is only in the HTTP header, a redirect).
"""

from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contradict.cli import app
from contradict.errors import InputError
from contradict.fetch import USER_AGENT, Fetcher
from contradict.load import load_articles

PAGES = Path(__file__).parent / "data" / "pages"
PLAIN = "Ten ferries were cancelled on Monday because of the storm, the port authority said.\n"
CYRILLIC = "<html><body><p>Мэр Игорь Терехов said 40 buses were running again on Tuesday.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        type(self).requests.append((self.path, self.headers.get("User-Agent", "")))
        if self.path in ("/ledger.html", "/bulletin.html"):
            self._send(200, "text/html; charset=utf-8", (PAGES / self.path[1:]).read_bytes())
        elif self.path == "/plain":
            self._send(200, "text/plain; charset=utf-8", PLAIN.encode())
        elif self.path == "/cp1251":  # the charset is only in the HTTP header
            self._send(200, "text/html; charset=windows-1251", CYRILLIC.encode("cp1251"))
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ledger.html")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/plain", PLAIN.encode())
        elif self.path == "/huge":
            self._send(200, "text/plain", (PLAIN * 2000).encode())
        elif self.path == "/image.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        else:
            self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading at its size limit
            pass


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _fetcher(tmp_path=None, **options):
    return Fetcher(cache_dir=tmp_path, host_delay=0, **options)


def test_url_page_is_fetched_with_a_user_agent_and_read_as_a_web_page(server):
    result = load_articles([f"{server}/ledger.html"], fetcher=_fetcher())
    (article,) = result.articles
    assert (article.source, article.date, article.author) == ("The Coastal Ledger", "2024-03-14", "Mira Castellane")
    assert article.id == "ledger" and article.path == f"{server}/ledger.html"
    assert not any("50,000 cars" in s for s in article.body.split("\n"))  # the reader comment is set aside
    assert _Handler.requests == [("/ledger.html", USER_AGENT)]


def test_failed_url_is_one_line_and_other_inputs_are_still_read(server):
    result = load_articles([f"{server}/missing", f"{server}/plain", f"{server}/image.png"], fetcher=_fetcher())
    assert [a.text for a in result.articles] == [PLAIN]
    statuses = [(f.path.removeprefix(server), f.status) for f in result.files]
    assert statuses == [("/missing", "set aside: could not fetch (HTTP 404 Not Found)"), ("/plain", "used"),
                        ("/image.png", "set aside: not an article format (content type image/png)")]
    assert f"{server}/missing: could not fetch (HTTP 404 Not Found); set aside" in result.warnings
    # Without a host name in the page, the outlet is the site.
    assert result.articles[0].source == "127.0.0.1"


def test_only_failed_urls_is_an_error_naming_them(server):
    with pytest.raises(InputError, match=r"no readable article in the input: .*/missing \(could not fetch \(HTTP 404"):
        load_articles([f"{server}/missing"], fetcher=_fetcher())


def test_timeout_and_unreachable_host_are_one_line_each(server):
    result = load_articles([f"{server}/slow", f"{server}/plain"], fetcher=_fetcher(timeout=0.3))
    assert result.files[0].status.startswith("set aside: could not fetch (")
    assert "timed out" in result.files[0].status
    closed = "http://127.0.0.1:9/nothing-listens-here"  # the discard port: nothing listens on it here
    result = load_articles([closed, f"{server}/plain"], fetcher=_fetcher())
    assert result.files[0].status.startswith("set aside: could not fetch (") and len(result.articles) == 1


def test_size_limit_cuts_the_download(server):
    result = load_articles([f"{server}/huge"], fetcher=_fetcher(), max_bytes=2000)
    (article,) = result.articles
    assert len(article.text) <= 2000
    assert any("larger than 2000 bytes" in w for w in article.warnings)


def test_http_header_charset_is_honoured(server):
    (article,) = load_articles([f"{server}/cp1251"], fetcher=_fetcher()).articles
    assert "Мэр Игорь Терехов said 40 buses" in article.text


def test_redirect_is_followed_and_said(server):
    (article,) = load_articles([f"{server}/moved"], fetcher=_fetcher()).articles
    assert article.source == "The Coastal Ledger"
    assert any(f"fetched from {server}/ledger.html" in w for w in article.warnings)


def test_fetched_pages_are_kept_so_a_rerun_fetches_nothing(server, tmp_path):
    first = load_articles([f"{server}/ledger.html"], fetcher=_fetcher(tmp_path))
    second = load_articles([f"{server}/ledger.html"], fetcher=_fetcher(tmp_path))
    assert len(_Handler.requests) == 1
    assert first.articles[0].text == second.articles[0].text
    assert any("copy kept by an earlier run" in w for w in second.warnings)


def test_stdin_text_and_html():
    (article,) = load_articles(["-"], stdin=io.BytesIO(("---\nsource: Port Wire\n---\n" + PLAIN).encode())).articles
    assert (article.source, article.text, article.path) == ("Port Wire", PLAIN, "<stdin>")
    (page,) = load_articles(["-"], stdin=io.BytesIO((PAGES / "ledger.html").read_bytes())).articles
    assert page.source == "The Coastal Ledger"


@pytest.mark.usefixtures("cli_fake_models")
def test_cli_report_on_urls_and_stdin(server):
    result = CliRunner().invoke(
        app, ["report", f"{server}/ledger.html", f"{server}/bulletin.html", f"{server}/missing", "-", "--format", "json"],
        input="---\nsource: Port Wire\n---\n" + PLAIN)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {a["source"] for a in data["articles"]} == {"The Coastal Ledger", "Vellmar Evening Bulletin", "Port Wire"}
    claims = [s["text"] for s in data["sentences"] if s["status"] == "used"]
    assert not any("50,000 cars" in claim or "90,000 vehicles" in claim or "cookies" in claim for claim in claims)
    assert f"{server}/missing: could not fetch (HTTP 404 Not Found); set aside" in data["warnings"]
