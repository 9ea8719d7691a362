"""multipart/form-data bodies built with the standard library, read back by LocalServer."""

from __future__ import annotations

import pytest

from otklik.sources.http import HttpClient, multipart
from otklik.sources.localserver import LocalServer, Request

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) + b"\r\n--not-a-boundary\r\n"


@pytest.fixture
def server():
    with LocalServer() as local:
        yield local


def test_fields_and_a_binary_file_arrive_intact(server) -> None:
    server.reply("upload", body={"ok": True})
    client = HttpClient("secret", server.url, rate=1000)
    client.request(
        "POST", "upload", form={"chat_id": -100, "caption": "Подпись «с кавычками»"},
        files={"photo": ("новость.png", PNG, "image/png")},
    )  # fmt: skip
    request = server.calls("upload")[0]
    assert request.content_type.startswith("multipart/form-data; boundary=otklik-")
    assert request.data() == {"chat_id": "-100", "caption": "Подпись «с кавычками»"}
    assert request.files() == {"photo": ("новость.png", PNG, "image/png")}


def test_an_absolute_upload_address_is_used_as_given(server) -> None:
    server.reply("upload.php", body={"server": 1})
    client = HttpClient("", "https://api.example.invalid/", rate=1000)
    client.request(
        "POST", server.url + "c1/upload.php?key=abc", files={"file": ("a.jpg", b"x", "image/jpeg")}
    )
    request = server.calls("upload.php")[0]
    assert request.path == "/c1/upload.php?key=abc"
    assert request.files()["file"] == ("a.jpg", b"x", "image/jpeg")


def test_quotes_and_line_breaks_in_names_cannot_forge_a_header() -> None:
    body, _ = multipart({}, {"photo": ('a"b\r\nX-Evil: 1.jpg', b"data", "image/jpeg")})
    assert b'filename="a%22b%0D%0AX-Evil: 1.jpg"' in body
    assert b"\r\nX-Evil" not in body


def test_form_and_json_bodies_read_as_before() -> None:
    form = Request("POST", "/m", {"Content-Type": "application/x-www-form-urlencoded"}, b"a=1&b=2")
    as_json = Request("POST", "/m", {"Content-Type": "application/json"}, b'{"a": 1}')
    assert form.data() == {"a": "1", "b": "2"} and form.files() == {}
    assert as_json.data() == {"a": 1}
