"""Telegram Bot API over HTTPS: https://api.telegram.org/bot<token>/<method>.

The token is part of the path, so every logged or raised text is redacted. Telegram answers
{"ok": true, "result": …} or {"ok": false, "error_code": N, "description": …,
"parameters": {"retry_after": s}}; 429 carries `retry_after`, which is honoured.
"""

from __future__ import annotations

import urllib.parse
from typing import Any, ClassVar

from otklik.photos import Picture
from otklik.sources.http import AuthError, ChannelError, HttpClient, Response, Retry

#: What an address that answers 404 means, with what to check.
NOT_FOUND = (
    "адрес не найден: проверьте токен бота и адрес API (--base-url — корень хоста, "
    "например https://api.telegram.org)"
)


#: Extra seconds an upload may take beyond the usual timeout.
UPLOAD_SECONDS = 50


class TelegramError(ChannelError):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"Telegram: ошибка {code}: {description}")
        self.code = code


def api_url(base_url: str | None) -> str | None:
    """The Bot API's host root; `…/bot<token>/` (the form Telegram documents calls in) is taken
    back to the root, since the client adds `bot<token>/<method>` itself."""
    if not base_url:
        return None
    parts = urllib.parse.urlsplit(base_url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1].startswith("bot"):
        path = "/".join(segments[:-1])
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", "")) + "/"
    return base_url


class TelegramClient(HttpClient):
    base_url: ClassVar[str] = "https://api.telegram.org"
    platform: ClassVar[str] = "telegram"
    title: ClassVar[str] = "Telegram"
    rate: ClassVar[float] = 25.0  # Telegram's ~30 messages/s per bot, with headroom
    long_poll_timeout: int = 25

    def __init__(self, token: str = "", base_url: str | None = None, **options: Any) -> None:
        super().__init__(token, api_url(base_url), **options)

    def call(
        self, method: str, params: dict[str, Any] | None = None, wait: float = 0,
        idempotent: bool = True,
    ) -> Any:  # fmt: skip
        """`wait`: extra seconds the HTTP timeout allows, for long polling; `idempotent=False`
        for a send Telegram would repeat (it has no idempotency key)."""
        if not self.token:
            raise AuthError("Telegram: для источника не задан токен бота (token)")
        body = {k: v for k, v in (params or {}).items() if v is not None}
        response = self.request(
            "POST", f"bot{self.token}/{method}", json_body=body, timeout=self.timeout + wait,
            idempotent=idempotent,
        )  # fmt: skip
        data = response.json()
        if "result" not in data:
            raise ChannelError(f"Telegram: в ответе {method} нет «result»")
        return data["result"]

    def check(self, response: Response) -> Response:
        try:
            data = response.json()
        except ChannelError:
            data = None
        if not isinstance(data, dict):  # a proxy's error page, or an empty body
            if response.status >= 500 or response.status == 429:
                raise Retry(f"HTTP {response.status}")
            reason = f": {NOT_FOUND}" if response.status == 404 else ""
            raise ChannelError(f"Telegram: неожиданный ответ (HTTP {response.status}){reason}")
        if data.get("ok"):
            return response
        code = _code(data.get("error_code")) or response.status
        text = self.redact(_description(data))
        if code == 401:
            raise AuthError(f"Telegram: токен бота отклонён ({code}: {text or 'Unauthorized'})")
        if code == 404:  # a wrong token or a wrong address: Telegram says only «Not Found»
            raise AuthError(f"Telegram: 404 ({text or 'без описания'}): {NOT_FOUND}")
        if code == 429:
            retry_after = (data.get("parameters") or {}).get("retry_after")
            raise Retry(f"429: {text}", float(retry_after) if retry_after is not None else None)
        if code >= 500:
            raise Retry(f"{code}: {text}")
        if code == 409:
            raise TelegramError(code, f"{text} (getUpdates и вебхук исключают друг друга)")
        raise TelegramError(code, text or "без описания")

    def get_me(self) -> dict[str, Any]:
        return self.call("getMe")

    def get_updates(self, offset: int | None, timeout: int = 0, limit: int = 100) -> list[dict]:
        params = {"offset": offset, "limit": limit, "timeout": timeout}
        return self.call("getUpdates", params, wait=timeout)

    def send_message(
        self, chat_id: int | str, text: str, reply_to: int | None = None
    ) -> dict[str, Any]:
        reply = None
        if reply_to is not None:
            reply = {"message_id": reply_to, "allow_sending_without_reply": True}
        params = {"chat_id": chat_id, "text": text, "reply_parameters": reply}
        return self.call("sendMessage", params, idempotent=False)

    def send_photo(self, chat_id: int | str, picture: Picture, caption: str = "") -> dict[str, Any]:
        """sendPhoto with the file uploaded as multipart/form-data (field `photo`), `caption`
        0–1024 characters; no idempotency key, so never resent after it may have gone out."""
        if not self.token:
            raise AuthError("Telegram: для источника не задан токен бота (token)")
        form = {"chat_id": chat_id, **({"caption": caption} if caption else {})}
        part = (picture.filename, picture.data, picture.content_type)
        response = self.request(
            "POST", f"bot{self.token}/sendPhoto", form=form, files={"photo": part},
            timeout=self.timeout + UPLOAD_SECONDS, idempotent=False,
        )  # fmt: skip
        data = response.json()
        if "result" not in data:
            raise ChannelError("Telegram: в ответе sendPhoto нет «result»")
        return data["result"]

    def chat_member_count(self, chat_id: int | str) -> int:
        """getChatMemberCount: a channel's subscribers (the bot must be in the channel)."""
        result = self.call("getChatMemberCount", {"chat_id": chat_id})
        if isinstance(result, bool) or not isinstance(result, int):
            raise ChannelError("Telegram: в ответе getChatMemberCount нет числа")
        return result


def _code(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _description(data: dict[str, Any]) -> str:
    """Telegram's `description`; another server's error field when it is not Telegram."""
    for key in ("description", "error", "detail", "message"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:300]
    return ""
