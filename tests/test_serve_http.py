"""The preview's HTTP server on its own (`book/serve/server.py`, no build): a real listen
backlog, silent connections closed, a clean 400 for a malformed address, nothing outside the
site served even through a link inside it."""

from __future__ import annotations

import functools
import gzip
import http.client
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from book.serve import server


class QuietBuilds:
    """What the handler asks of the builds: which site is served (never changes here)."""

    served = "build-1"

    def wait_for_change(self, served: str, timeout: float) -> str:
        time.sleep(min(timeout, 0.2))
        return self.served


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A served folder with a page, a link to a file inside it and one to a file outside it;
    yields its base address."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<html><body>home</body></html>")
    (folder / "style.css").write_text("body {}")
    (tmp_path / "secret.txt").write_text("not part of the site")
    os.symlink(tmp_path / "secret.txt", folder / "out.txt")
    os.symlink(folder / "style.css", folder / "again.css")
    monkeypatch.setattr(server.SiteHandler, "timeout", 1)
    handler = functools.partial(server.SiteHandler, directory=str(folder), builds=QuietBuilds())
    httpd = server.PreviewServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def fetch(port: int, path: str, gzip_ok: bool = False) -> http.client.HTTPResponse:
    """A GET sent as written (no client-side quoting): the response, its body read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        if gzip_ok:
            connection.putheader("Accept-Encoding", "gzip, deflate, br")
        connection.endheaders()
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


def get(port: int, path: str) -> int:
    """The status of a GET, sent as written."""
    return fetch(port, path).status


def test_a_nul_byte_in_the_address_is_a_bad_request(site):
    assert get(site, "/index.html%00.png") == 400
    assert get(site, "/%00") == 400
    assert get(site, "/index.html") == 200


def test_a_link_inside_the_site_that_leads_out_is_refused(site):
    assert get(site, "/out.txt") == 404
    assert get(site, "/again.css") == 200  # a link that stays inside is served
    assert get(site, "/../secret.txt") == 404


def test_a_silent_connection_is_closed_and_holds_no_one_up(site):
    silent = socket.create_connection(("127.0.0.1", site))
    try:
        assert get(site, "/index.html") == 200  # served meanwhile
        silent.settimeout(30)  # a stall guard; the server's timeout here is 1 s
        assert silent.recv(1) == b""  # closed by the server after its timeout
    finally:
        silent.close()


def test_a_burst_of_requests_is_answered_at_once(site):
    assert server.PreviewServer.request_queue_size >= 128
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda _: get(site, "/style.css"), range(200)))
    assert statuses == [200] * 200  # none refused or reset while the others were served


def test_text_is_sent_compressed_to_browsers_that_take_it(site):
    page = fetch(site, "/index.html", gzip_ok=True)
    assert page.getheader("Content-Encoding") == "gzip"
    html = gzip.decompress(page.body)
    assert html.startswith(b"<html><body>home") and b"__serve__/events" in html  # the reloader
    style = fetch(site, "/style.css", gzip_ok=True)
    assert style.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(style.body) == b"body {}"
    plain = fetch(site, "/style.css")
    assert plain.getheader("Content-Encoding") is None and plain.body == b"body {}"
