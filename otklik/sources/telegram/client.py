"""Telegram Bot API over HTTPS: https://api.telegram.org/bot<token>/<method>.

The token is part of the path, so every logged or raised text is redacted. Telegram answers
{"ok": true, "result": …} or {"ok": false, "error_code": N, "description": …,
"parameters": {"retry_after": s}}; 429 carries `retry_after`, which is honoured.
"""

from __future__ import annotations

from typing import Any, ClassVar

from otklik.sources.http import AuthError, ChannelError, HttpClient, Response, Retry


class TelegramError(ChannelError):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"Telegram error {code}: {description}")
        self.code = code


class TelegramClient(HttpClient):
    base_url: ClassVar[str] = "https://api.telegram.org"
    platform: ClassVar[str] = "telegram"
    rate: ClassVar[float] = 25.0  # Telegram's ~30 messages/s per bot, with headroom
    long_poll_timeout: int = 25

    def call(self, method: str, params: dict[str, Any] | None = None, wait: float = 0) -> Any:
        """`wait`: extra seconds the HTTP timeout allows, for long polling."""
        if not self.token:
            raise AuthError("telegram: no bot token configured for this source")
        body = {k: v for k, v in (params or {}).items() if v is not None}
        response = self.request(
            "POST", f"bot{self.token}/{method}", json_body=body, timeout=self.timeout + wait
        )
        return response.json()["result"]

    def check(self, response: Response) -> Response:
        try:
            data = response.json()
        except ChannelError:
            data = None
        if not isinstance(data, dict):  # a proxy's error page, or an empty body
            if response.status >= 500 or response.status == 429:
                raise Retry(f"HTTP {response.status}")
            raise ChannelError(f"telegram: unexpected response (HTTP {response.status})")
        if data.get("ok"):
            return response
        code = int(data.get("error_code") or response.status)
        text = self.redact(str(data.get("description", "")))
        if code == 401 or (code == 404 and response.status == 404 and "Not Found" in text):
            raise AuthError(f"telegram: the bot token was rejected ({code}: {text})")
        if code == 429:
            retry_after = (data.get("parameters") or {}).get("retry_after")
            raise Retry(f"429: {text}", float(retry_after) if retry_after is not None else None)
        if code >= 500:
            raise Retry(f"{code}: {text}")
        if code == 409:
            raise TelegramError(code, f"{text} (getUpdates and a webhook exclude each other)")
        raise TelegramError(code, text)

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
        return self.call("sendMessage", params)
