"""Odnoklassniki: the REST API (signed requests) and the Graph bot API.

REST: https://api.ok.ru/api/<group>/<method> with application_key, method, format=json,
access_token and sig = md5(sorted "k=v" params joined + md5(access_token + secret_key)), lower
hex; access_token and session_key are not signed. Errors come as {"error_code", "error_msg"}.
Graph bot API: https://api.ok.ru/graph/me/messages/<chat_id>?access_token=<bot token>.
Both tokens travel in the URL or the form, so every logged or raised text is redacted.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from typing import Any, ClassVar

from otklik.photos import Picture
from otklik.sources.http import AuthError, ChannelError, HttpClient, Response, Retry

#: error codes: 2 service unavailable, 8 flood, 11 limit: retry; 101–105 key, session, signature.
RETRY = {2, 8, 11}
AUTH = {101, 102, 103, 104, 105}


#: What mediatopic.getByIds is asked for to count a post's views, likes, reshares and comments.
TOPIC_FIELDS = ("ID", "LIKE_SUMMARY", "RESHARE_SUMMARY", "DISCUSSION_SUMMARY", "VIEWS_COUNT")


class OkError(ChannelError):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Одноклассники: ошибка {code}: {message}")
        self.code = code


def signature(params: dict[str, Any], access_token: str, secret_key: str) -> str:
    secret = hashlib.md5((access_token + secret_key).encode()).hexdigest().lower()  # noqa: S324
    signed = "".join(
        f"{key}={value}"
        for key, value in sorted(params.items())
        if key not in ("access_token", "session_key")
    )
    return hashlib.md5((signed + secret).encode()).hexdigest().lower()  # noqa: S324


def ok_errors(client: HttpClient, response: Response) -> Response:
    try:
        data = response.json()
    except ChannelError:
        data = None
    if not isinstance(data, dict) or "error_code" not in data:
        if response.status >= 500 or response.status == 429:
            raise Retry(f"HTTP {response.status}")
        if data is None and response.status >= 400:
            raise ChannelError(f"Одноклассники: неожиданный ответ (HTTP {response.status})")
        return response
    try:
        code = int(data.get("error_code") or 0)
    except (TypeError, ValueError):
        code = 0
    text = client.redact(str(data.get("error_msg", "")))
    if code in AUTH:
        raise AuthError(f"Одноклассники: ключи или токен отклонены ({code}: {text})")
    if code in RETRY:
        raise Retry(f"{code}: {text}")
    raise OkError(code, text)


class OkClient(HttpClient):
    base_url: ClassVar[str] = "https://api.ok.ru"
    platform: ClassVar[str] = "ok"
    title: ClassVar[str] = "Одноклассники"
    rate: ClassVar[float] = 5.0

    def __init__(
        self, token: str, application_key: str, secret_key: str, base_url: str | None = None,
        **options: Any,
    ) -> None:  # fmt: skip
        super().__init__(token, base_url, **options)
        self.application_key = application_key
        self.secret_key = secret_key

    def redact(self, text: str) -> str:
        text = super().redact(text)
        return text.replace(self.secret_key, "***") if self.secret_key else text

    def call(
        self, method: str, params: dict[str, Any] | None = None, idempotent: bool = True
    ) -> Any:
        if not (self.token and self.application_key and self.secret_key):
            raise AuthError(
                "Одноклассники: нужны все три: access_token, application_key и secret_key"
            )
        signed = {k: v for k, v in (params or {}).items() if v is not None}
        signed.update(application_key=self.application_key, method=method, format="json")
        form = {**signed, "sig": signature(signed, self.token, self.secret_key)}
        form["access_token"] = self.token
        path = "api/" + method.replace(".", "/")
        return self.request("POST", path, form=form, idempotent=idempotent).json()

    def check(self, response: Response) -> Response:
        return ok_errors(self, response)

    def group_info(self, group_id: str) -> dict[str, Any]:
        found = self.call("group.getInfo", {"uids": group_id, "fields": "uid,name"})
        if not isinstance(found, list):
            raise ChannelError("Одноклассники: неожиданный ответ group.getInfo (нет списка групп)")
        if not found or not isinstance(found[0], dict):
            raise ChannelError(f"Одноклассники: группа {group_id} не найдена")
        return found[0]

    def discussions(self, group_id: str, anchor: str | None = None) -> dict[str, Any]:
        params = {"category": "GROUP", "gid": group_id, "count": 50, "anchor": anchor}
        return self.call("discussions.getList", params)

    def comments(self, topic_id: str, kind: str, anchor: str | None = None) -> dict[str, Any]:
        params = {"entityId": topic_id, "entityType": kind, "count": 100, "anchor": anchor,
                  "direction": "FORWARD"}  # fmt: skip
        return self.call("discussions.getComments", params)

    def members_count(self, group_id: str) -> int:
        """group.getCounters with counterTypes=MEMBERS: {"counters": {"members": N}}."""
        found = self.call("group.getCounters", {"group_id": group_id, "counterTypes": "MEMBERS"})
        try:
            return int(found["counters"]["members"])
        except (KeyError, TypeError, ValueError):
            raise ChannelError(
                "Одноклассники: в ответе group.getCounters нет числа участников"
            ) from None

    def topic_stats(self, topic_id: str) -> dict[str, Any]:
        """mediatopic.getByIds with the summary fields: {"media_topics": [{"id", "like_summary":
        {"count"}, "reshare_summary": {"count"}, "discussion_summary": {"comments_count"},
        "views_count"}]} (read this way by several public OK clients)."""
        fields = ",".join(f"media_topic.{f}" for f in TOPIC_FIELDS)
        found = self.call("mediatopic.getByIds", {"topic_ids": topic_id, "fields": fields})
        topics = found.get("media_topics") if isinstance(found, dict) else None
        if not topics or not isinstance(topics[0], dict):
            raise ChannelError(f"Одноклассники: тема {topic_id} не найдена (удалена или скрыта)")
        return topics[0]

    def upload_url(self, group_id: str) -> tuple[str, str]:
        """photosV2.getUploadUrl for a group topic (gid, count=1): (upload_url, photo id)."""
        found = self.call("photosV2.getUploadUrl", {"gid": group_id, "count": 1})
        try:
            url, photo_id = str(found["upload_url"]), str(found["photo_ids"][0])
        except (KeyError, IndexError, TypeError):
            raise ChannelError(
                "Одноклассники: в ответе photosV2.getUploadUrl нет upload_url или photo_ids"
            ) from None
        if not url.startswith(("http://", "https://")):
            raise ChannelError("Одноклассники: photosV2.getUploadUrl дал не адрес, а " + url[:50])
        return url, photo_id

    def post_topic(self, group_id: str, text: str, photo_token: str = "") -> str:
        media: list[dict[str, Any]] = [{"type": "text", "text": text}]
        if photo_token:
            media.append({"type": "photo", "list": [{"id": photo_token}]})
        attachment = json.dumps({"media": media}, ensure_ascii=False)
        params = {"gid": group_id, "type": "GROUP_THEME", "attachment": attachment}
        return str(self.call("mediatopic.post", params, idempotent=False))


class OkUploadClient(HttpClient):
    """The upload server of photosV2.getUploadUrl: a multipart POST (the file in `pic1`); it
    answers {"photos": {"<photo id>": {"token": "…"}}}, errors in OK's own shape."""

    platform: ClassVar[str] = "ok-upload"
    title: ClassVar[str] = "Одноклассники (загрузка фото)"
    rate: ClassVar[float] = 5.0

    def check(self, response: Response) -> Response:
        return ok_errors(self, response)

    def upload(self, upload_url: str, photo_id: str, picture: Picture) -> str:
        """The token of the uploaded photo, for a topic's {"type": "photo"} media item."""
        self.token = urllib.parse.urlsplit(upload_url).query  # apiToken=…: only for `redact`
        part = (picture.filename, picture.data, picture.content_type)
        found = self.request("POST", upload_url, files={"pic1": part}).json()
        try:
            photos = found["photos"]
            entry = photos.get(photo_id) or next(iter(photos.values()))
            return str(entry["token"])
        except (KeyError, TypeError, AttributeError, StopIteration):
            raise ChannelError("Одноклассники: сервер загрузки не вернул токен фото") from None


class OkGraphClient(HttpClient):
    """The bot's messages in group chats (Graph API); the token goes in the query string."""

    base_url: ClassVar[str] = "https://api.ok.ru/graph"
    platform: ClassVar[str] = "ok"
    title: ClassVar[str] = "Одноклассники (чаты)"
    rate: ClassVar[float] = 5.0

    def check(self, response: Response) -> Response:
        return ok_errors(self, response)

    def send_message(self, chat_id: str, text: str) -> str:
        if not self.token:
            raise AuthError("Одноклассники: не задан токен бота (bot_token) для Graph API")
        body = {"recipient": {"chat_id": chat_id}, "message": {"text": text}}
        response = self.request(
            "POST", f"me/messages/{chat_id}", params={"access_token": self.token},
            json_body=body, idempotent=False,
        )  # fmt: skip
        return str(response.json().get("message_id", ""))

    def me(self) -> dict[str, Any]:
        return self.request("GET", "me/info", params={"access_token": self.token}).json()
