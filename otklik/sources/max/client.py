"""MAX Bot API (https://platform-api2.max.ru): the token goes in the Authorization header.

Errors come as HTTP status plus {"code": "…", "message": "…"}; 401 means a bad token,
429 too many requests (the published limit is 30 requests per second).
"""

from __future__ import annotations

from typing import Any, ClassVar

from otklik.photos import Picture
from otklik.sources.http import (
    AuthError,
    ChannelError,
    HttpClient,
    Response,
    Retry,
    retry_after_header,
)

#: MAX answers this while an uploaded file is still being processed: the message was not sent,
#: so it is sent again after a pause (the official client does the same).
NOT_READY = "attachment.not.ready"
ATTACHMENT_WAIT = 2.0


def _image_token(uploaded: Any) -> str:
    """{"photos": {"<id>": {"token": "…"}}} (an image), or {"token": "…"}."""
    try:
        if isinstance(uploaded.get("token"), str):
            return uploaded["token"]
        return str(next(iter(uploaded["photos"].values()))["token"])
    except (KeyError, TypeError, AttributeError, StopIteration):
        raise ChannelError("MAX: сервер загрузки не вернул токен изображения") from None


class MaxClient(HttpClient):
    base_url: ClassVar[str] = "https://platform-api2.max.ru"
    platform: ClassVar[str] = "max"
    title: ClassVar[str] = "MAX"
    rate: ClassVar[float] = 25.0  # 30 rps published; headroom for clocks and retries

    def call(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        body: Any = None,
        wait: float = 0,
        idempotent: bool = True,
    ) -> Any:
        if not self.token:
            raise AuthError("MAX: для источника не задан токен бота (token)")
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        response = self.request(
            method,
            path,
            params=clean,
            json_body=body,
            headers={"Authorization": self.token},
            idempotent=idempotent,
            timeout=self.timeout + wait,
        )
        return response.json()

    def check(self, response: Response) -> Response:
        if response.status < 400:
            return response
        try:
            data = response.json()
        except ChannelError:
            data = None
        detail = ""
        if isinstance(data, dict):
            detail = self.redact(f"{data.get('code', '')}: {data.get('message', '')}")
        if response.status == 401:
            raise AuthError(f"MAX: токен бота отклонён ({detail or 'HTTP 401'})")
        if isinstance(data, dict) and data.get("code") == NOT_READY:  # nothing was sent yet
            raise Retry(f"вложение ещё обрабатывается ({detail})", ATTACHMENT_WAIT)
        if response.status == 429 or response.status >= 500:
            raise Retry(f"HTTP {response.status} {detail}".strip(), retry_after_header(response))
        raise ChannelError(f"MAX: HTTP {response.status} {detail}".strip())

    def me(self) -> dict[str, Any]:
        return self.call("GET", "me")

    def get_updates(self, marker: int | None, timeout: int = 0, limit: int = 100) -> dict:
        params = {"marker": marker, "timeout": timeout, "limit": limit}
        return self.call("GET", "updates", params, wait=timeout)

    def upload_image(self, picture: Picture) -> str:
        """POST /uploads?type=image → {"url"}; the file POSTed there as multipart (field
        `data`) → {"photos": {"<id>": {"token"}}}: the token for an "image" attachment."""
        if not self.token:
            raise AuthError("MAX: для источника не задан токен бота (token)")
        found = self.call("POST", "uploads", {"type": "image"})
        url = found.get("url") if isinstance(found, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ChannelError("MAX: в ответе POST /uploads нет url для загрузки")
        part = (picture.filename, picture.data, picture.content_type)
        uploaded = self.request(
            "POST", url, files={"data": part}, headers={"Authorization": self.token}
        ).json()
        return _image_token(uploaded)

    def send_message(
        self, text: str, chat_id: int | None = None, user_id: int | None = None, reply_to: str = "",
        attachments: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        body: dict[str, Any] = {"text": text}
        if attachments:
            body["attachments"] = attachments
        if reply_to:
            body["link"] = {"type": "reply", "mid": reply_to}
        where = {"chat_id": chat_id, "user_id": user_id}
        return self.call("POST", "messages", where, body, idempotent=False)

    def send_comment(self, post_id: str, text: str, reply_to: str = "") -> dict[str, Any]:
        """A comment under the channel's post `post_id`, replying to the comment `reply_to`."""
        body: dict[str, Any] = {"text": text}
        if reply_to:
            body["link"] = {"type": "reply", "mid": reply_to}
        return self.call("POST", f"messages/{post_id}/comments", None, body, idempotent=False)

    def chat(self, chat_id: int) -> dict[str, Any]:
        """GET /chats/{chat_id}: the chat or channel, with participants_count."""
        return self.call("GET", f"chats/{chat_id}")

    def messages(self, chat_id: int, mids: list[str]) -> list[dict[str, Any]]:
        """GET /messages?chat_id=…&message_ids=…: a channel's messages carry stat.views."""
        found = self.call("GET", "messages", {"chat_id": chat_id, "message_ids": ",".join(mids)})
        items = found.get("messages") if isinstance(found, dict) else None
        if not isinstance(items, list):
            raise ChannelError("MAX: неожиданный ответ GET /messages (нет списка messages)")
        return items
