"""VK API 5.199 over HTTPS: the few methods Otklik needs, and VK's error codes handled.

The token travels in the POST body (never in a URL that a proxy might log). VK answers HTTP 200
with either {"response": …} or {"error": {"error_code": N, "error_msg": …}}.
"""

from __future__ import annotations

import urllib.parse
from datetime import datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from otklik.photos import Picture
from otklik.sources.http import AuthError, ChannelError, HttpClient, RateLimited, Response, Retry

API_VERSION = "5.199"
MOSCOW = ZoneInfo("Europe/Moscow")

AUTH_ERRORS = {5, 27, 28}  # authorization failed; group / application token invalid
TOO_MANY_REQUESTS = 6  # more than 3 (user) or 20 (group) requests per second: back off
FLOOD_CONTROL = 9  # too many identical actions: stop and report, do not retry
RATE_LIMIT_REACHED = 29  # the method's daily quota: stop until tomorrow
INTERNAL_ERRORS = {1, 10}  # unknown / internal server error: transient


class VkApiError(ChannelError):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"ВКонтакте: ошибка {code}: {message}")
        self.code = code


class FloodControl(VkApiError):
    """VK refuses the same action repeated too often; retrying makes it worse."""


def seconds_until_moscow_midnight(now: datetime | None = None) -> float:
    now = (now or datetime.now(tz=MOSCOW)).astimezone(MOSCOW)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


def api_url(base_url: str | None) -> str | None:
    """VK's API address: `…/method/` as VK writes it, or the host root (then `method/` is added);
    any other path is taken as given (a proxy's own prefix)."""
    if not base_url:
        return None
    if urllib.parse.urlsplit(base_url).path.strip("/") == "":
        return base_url.rstrip("/") + "/method/"
    return base_url


class VkClient(HttpClient):
    base_url: ClassVar[str] = "https://api.vk.com/method/"
    platform: ClassVar[str] = "vk"
    title: ClassVar[str] = "ВКонтакте"
    rate: ClassVar[float] = 3.0  # a user token's limit; group tokens may pass rate=20

    def __init__(self, token: str = "", base_url: str | None = None, **options: Any) -> None:
        super().__init__(token, api_url(base_url), **options)

    def call(self, method: str, **params: Any) -> Any:
        if not self.token:
            raise AuthError("ВКонтакте: для источника не задан токен доступа (token)")
        form = {k: _param(v) for k, v in params.items() if v is not None}
        form.update(access_token=self.token, v=API_VERSION)
        return self.request("POST", method, form=form).json()["response"]

    def check(self, response: Response) -> Response:
        response = super().check(response)
        data = response.json()
        if not isinstance(data, dict):
            raise ChannelError("ВКонтакте: неожиданный ответ API (не объект JSON)")
        error = data.get("error")
        if not error:
            if "response" not in data:
                raise ChannelError("ВКонтакте: в ответе API нет ни «response», ни «error»")
            return response
        if not isinstance(error, dict):
            raise ChannelError("ВКонтакте: неожиданный ответ API («error» — не объект)")
        code, text = _code(error.get("error_code")), self.redact(str(error.get("error_msg", "")))
        if code in AUTH_ERRORS:
            raise AuthError(f"ВКонтакте: авторизация не прошла (ошибка {code}: {text})")
        if code == TOO_MANY_REQUESTS:
            raise Retry(f"ошибка 6: {text}", 1.0)
        if code in INTERNAL_ERRORS:
            raise Retry(f"ошибка {code}: {text}")
        if code == FLOOD_CONTROL:
            raise FloodControl(code, text)
        if code == RATE_LIMIT_REACHED:
            raise RateLimited(
                f"ВКонтакте: исчерпан суточный лимит метода (ошибка 29: {text}); до завтра",
                seconds_until_moscow_midnight(),
            )
        raise VkApiError(code, text)

    # The methods.
    def wall_get(self, owner_id: int, offset: int = 0, count: int = 100) -> dict[str, Any]:
        return self.call("wall.get", owner_id=owner_id, offset=offset, count=count)

    def wall_get_comments(
        self, owner_id: int, post_id: int, offset: int = 0, count: int = 100
    ) -> dict[str, Any]:
        return self.call(
            "wall.getComments",
            owner_id=owner_id,
            post_id=post_id,
            offset=offset,
            count=count,
            need_likes=1,
            sort="asc",
            thread_items_count=10,
        )

    def create_comment(
        self,
        owner_id: int,
        post_id: int,
        message: str,
        reply_to_comment: int | None = None,
        guid: str = "",
        from_group: int | None = None,
    ) -> int:
        result = self.call(
            "wall.createComment",
            owner_id=owner_id,
            post_id=post_id,
            message=message,
            from_group=from_group,
            reply_to_comment=reply_to_comment,
            guid=guid or None,
        )
        return _comment_id(result)

    def create_media_comment(
        self,
        media: str,
        owner_id: int,
        item_id: int,
        message: str,
        reply_to_comment: int | None = None,
        guid: str = "",
    ) -> int:
        """A comment as the community under a photo, a video or a goods item
        (photos.createComment, video.createComment, market.createComment)."""
        method, item_key = MEDIA_METHODS[media]
        result = self.call(
            method,
            owner_id=owner_id,
            message=message,
            from_group=1,
            reply_to_comment=reply_to_comment,
            guid=guid or None,
            **{item_key: item_id},
        )
        return _comment_id(result)

    def create_board_comment(
        self, group_id: int, topic_id: int, message: str, guid: str = ""
    ) -> int:
        """A post as the community in a board topic (board.createComment)."""
        result = self.call(
            "board.createComment",
            group_id=group_id,
            topic_id=topic_id,
            message=message,
            from_group=1,
            guid=guid or None,
        )
        return _comment_id(result)

    def wall_post(self, owner_id: int, message: str, guid: str = "", attachments: str = "") -> int:
        result = self.call(
            "wall.post", owner_id=owner_id, message=message, from_group=1, guid=guid or None,
            attachments=attachments or None,
        )  # fmt: skip
        post = result.get("post_id") if isinstance(result, dict) else None
        if not isinstance(post, int):
            raise ChannelError("ВКонтакте: в ответе wall.post нет id поста")
        return post

    def wall_upload_server(self, group_id: int) -> str:
        """photos.getWallUploadServer: the address to POST a wall photo to (field `photo`)."""
        result = self.call("photos.getWallUploadServer", group_id=group_id)
        url = result.get("upload_url") if isinstance(result, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ChannelError("ВКонтакте: в ответе photos.getWallUploadServer нет upload_url")
        return url

    def save_wall_photo(self, group_id: int, uploaded: dict[str, Any]) -> str:
        """photos.saveWallPhoto with what the upload server answered; the attachment
        `photo<owner_id>_<id>` for wall.post."""
        result = self.call(
            "photos.saveWallPhoto", group_id=group_id, photo=uploaded["photo"],
            server=uploaded["server"], hash=uploaded["hash"],
        )  # fmt: skip
        photo = result[0] if isinstance(result, list) and result else None
        if not isinstance(photo, dict) or "id" not in photo or "owner_id" not in photo:
            raise ChannelError("ВКонтакте: в ответе photos.saveWallPhoto нет фотографии")
        return f"photo{int(photo['owner_id'])}_{int(photo['id'])}"

    def wall_get_by_id(self, posts: str) -> list[dict[str, Any]]:
        result = self.call("wall.getById", posts=posts)
        items = result.get("items") if isinstance(result, dict) else result
        if not isinstance(items, list):
            raise ChannelError("ВКонтакте: неожиданный ответ wall.getById (нет списка постов)")
        return items

    def groups_get_by_id(self, group_id: int) -> dict[str, Any]:
        """The community; VK 5.199 answers {"groups": [...]}, older versions a bare list."""
        result = self.call("groups.getById", group_id=group_id)
        groups = result.get("groups") if isinstance(result, dict) else result
        if not isinstance(groups, list):
            raise ChannelError(
                "ВКонтакте: неожиданный ответ groups.getById (нет списка сообществ); "
                "проверьте адрес API (--base-url) и токен"
            )
        if not groups or not isinstance(groups[0], dict):
            raise ChannelError(f"ВКонтакте: сообщество {group_id} не найдено")
        return groups[0]

    def post_reach(self, owner_id: int, post_ids: list[int]) -> list[dict[str, Any]]:
        """stats.getPostReach: reach per post (reach_total, reach_subscribers, …); an
        administrator's user token with the stats right; the 300 newest posts only."""
        result = self.call(
            "stats.getPostReach", owner_id=owner_id, post_ids=",".join(map(str, post_ids))
        )
        if not isinstance(result, list):
            raise ChannelError("ВКонтакте: неожиданный ответ stats.getPostReach (нет списка)")
        return result

    def members_count(self, group_id: int) -> int:
        """The community's members (groups.getById with fields=members_count)."""
        result = self.call("groups.getById", group_id=group_id, fields="members_count")
        groups = result.get("groups") if isinstance(result, dict) else result
        try:
            return int(groups[0]["members_count"])
        except (KeyError, IndexError, TypeError, ValueError):
            raise ChannelError(
                "ВКонтакте: в ответе groups.getById нет числа участников (members_count)"
            ) from None

    def get_long_poll_server(self, group_id: int) -> dict[str, Any]:
        """Bots Long Poll: {"key", "server", "ts"} (a community token is needed)."""
        return self.call("groups.getLongPollServer", group_id=group_id)

    def newsfeed_search(
        self, q: str, start_time: int | None = None, start_from: str = "", count: int = 200
    ) -> dict[str, Any]:
        """Public posts of anyone on VK mentioning `q` (monitoring: see the adapter)."""
        return self.call(
            "newsfeed.search",
            q=q,
            start_time=start_time,
            start_from=start_from or None,
            count=count,
            extended=0,
        )

    def messages_send(self, peer_id: int, message: str, random_id: int) -> int:
        result = self.call("messages.send", peer_id=peer_id, message=message, random_id=random_id)
        if isinstance(result, bool) or not isinstance(result, int):
            raise ChannelError("ВКонтакте: в ответе messages.send нет id сообщения")
        return result


#: The method that comments each kind of item, and the name of its item parameter.
MEDIA_METHODS = {
    "photo": ("photos.createComment", "photo_id"),
    "video": ("video.createComment", "video_id"),
    "market": ("market.createComment", "item_id"),
}


def _comment_id(result: Any) -> int:
    """The new comment's id: VK answers a bare number (or {"comment_id": n})."""
    if isinstance(result, dict):
        result = result.get("comment_id")
    if isinstance(result, bool) or not isinstance(result, int | str) or not str(result).isdigit():
        raise ChannelError("vk: в ответе нет id нового комментария")
    return int(result)


def _code(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class VkUploadClient(HttpClient):
    """VK's upload server (the `upload_url` of photos.getWallUploadServer): a multipart POST
    with the file in `photo`; it answers {"server", "photo", "hash"}, not {"response"}, and
    an upload it refused as {"error": "…"} or with an empty photo list ("photo": "[]")."""

    platform: ClassVar[str] = "vk-upload"
    title: ClassVar[str] = "ВКонтакте (загрузка фото)"
    rate: ClassVar[float] = 3.0

    def upload(self, upload_url: str, picture: Picture) -> dict[str, Any]:
        self.token = urllib.parse.urlsplit(upload_url).query  # its one-time key: only for `redact`
        part = (picture.filename, picture.data, picture.content_type)
        data = self.request("POST", upload_url, files={"photo": part}).json()
        if not isinstance(data, dict) or data.get("error"):
            reason = data.get("error") if isinstance(data, dict) else "ответ — не объект"
            raise ChannelError(f"ВКонтакте: сервер загрузки не принял изображение ({reason})")
        if not all(data.get(k) not in (None, "", "[]") for k in ("server", "photo", "hash")):
            raise ChannelError("ВКонтакте: сервер загрузки не принял изображение (пустой ответ)")
        return data


class VkLongPollClient(HttpClient):
    """The Bots Long Poll server: `{server}?act=a_check&key=…&ts=…&wait=…`.

    It answers {"ts", "updates": [...]} or {"failed": 1, "ts"} (history lost in part: take
    the new ts), {"failed": 2} (key expired), {"failed": 3} (key and ts both lost).
    `base_url` is the `server` address from groups.getLongPollServer; the key is a session
    key, redacted from logs like a token.
    """

    platform: ClassVar[str] = "vk-longpoll"
    title: ClassVar[str] = "ВКонтакте (Long Poll)"
    rate: ClassVar[float] = 10.0

    def __init__(self, server: str, **options: Any) -> None:
        super().__init__("", server, **options)
        self.url = server if "://" in server else f"https://{server}"  # as VK gives it, no "/"

    def check_updates(self, key: str, ts: str, wait: int = 25) -> dict[str, Any]:
        self.token = key  # only for `redact`
        response = self.request(
            "GET", "", params={"act": "a_check", "key": key, "ts": ts, "wait": wait},
            timeout=wait + 10,
        )  # fmt: skip
        data = response.json()
        if not isinstance(data, dict) or ("failed" not in data and "updates" not in data):
            raise ChannelError("ВКонтакте (Long Poll): неожиданный ответ сервера")
        return data
