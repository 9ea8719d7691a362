"""A local HTTP server for channel tests: scripted replies in the platform's wire format.

    with LocalServer() as server:
        server.reply("wall.getComments", body={"response": {...}})
        server.route("wall.get", lambda request: {"response": ...})   # answers computed per call
        client = VkClient("token", server.url)

Replies are queued per method (the last segment of the path); the last one queued for a
method repeats. Every request is kept in `server.requests` for assertions.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def name(self) -> str:
        return self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]

    def query(self) -> list[tuple[str, str]]:
        return urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")

    def data(self) -> dict[str, Any]:
        """The JSON, form or multipart body as a dict (form values as strings; a multipart
        body's plain fields only: its files are in `files()`)."""
        if self.content_type.startswith("application/json"):
            return json.loads(self.body or b"{}")
        if self.content_type.startswith("multipart/form-data"):
            return {n: v.decode() for n, (f, v, _) in self._parts().items() if f is None}
        return dict(urllib.parse.parse_qsl(self.body.decode()))

    def files(self) -> dict[str, tuple[str, bytes, str]]:
        """A multipart body's files: field name → (file name, bytes, content type)."""
        return {n: (f, v, t) for n, (f, v, t) in self._parts().items() if f is not None}

    def _parts(self) -> dict[str, tuple[str | None, bytes, str]]:
        """Parsed with the standard library's e-mail parser (a MIME multipart body)."""
        if not self.content_type.startswith("multipart/form-data"):
            return {}
        head = f"Content-Type: {self.content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        parts: dict[str, tuple[str | None, bytes, str]] = {}
        for part in message.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            parts[str(name)] = (part.get_filename(), payload, part.get_content_type())
        return parts


class LocalServer:
    def __init__(self) -> None:
        self.replies: dict[str, list[Reply]] = {}
        self.routes: dict[str, Callable[[Request], Any]] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def reply(self, name: str, status: int = 200, body: Any = None, **options: Any) -> None:
        with self.lock:
            self.replies.setdefault(name, []).append(Reply(status, body, **options))

    def route(self, name: str, answer: Callable[[Request], Any]) -> None:
        """Answer `name` with what `answer(request)` returns (a body, or a Reply)."""
        with self.lock:
            self.routes[name] = answer

    def calls(self, name: str) -> list[Request]:
        return [r for r in self.requests if r.name == name]

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _next(self, request: Request) -> Reply:
        with self.lock:
            self.requests.append(request)
            answer = self.routes.get(request.name)
        if answer is not None:
            result = answer(request)
            return result if isinstance(result, Reply) else Reply(200, result)
        with self.lock:
            queue = self.replies.get(request.name) or [Reply(404, {"error": "not scripted"})]
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = dict(self.headers.items())
                reply = server._next(Request(self.command, self.path, headers, body))
                if reply.delay:
                    time.sleep(reply.delay)
                data = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body)
                data = data.encode() if isinstance(data, str) else data
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out first, as the test wanted

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
