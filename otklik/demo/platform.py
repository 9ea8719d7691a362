"""The demo's stand-in platforms: VK, Telegram and OK as their APIs answer, on a local port.

`otklik demo` starts one `StandIn` beside the web server and points the demo's channel sources at
it (their `base_url`), so an approved answer really leaves through the channel adapters, over
HTTP, and comes back with the platform's id, as it would from api.vk.com or api.telegram.org:

- VK API 5.199 (`<url>method/<name>`, a form body with `access_token` and `v`):
  `wall.createComment` (the post must exist; `guid` makes a repeat return the same comment),
  `messages.send` (a dialog the community has), `groups.getById` (with `members_count` when
  asked); for the content plan `wall.post` (the administrator's user token, the community's wall,
  `guid` makes a repeat return the same post), `wall.getById` (views, likes, reposts, comments)
  and `stats.getPostReach`; a post's photo as VK takes it: `photos.getWallUploadServer`, the
  upload server (`<url>vk-upload/upload.php`, the file in `photo`), `photos.saveWallPhoto`, and
  `attachments=photo<owner>_<id>` on wall.post. Errors come as VK sends them,
  HTTP 200 with {"error": {"error_code", "error_msg"}}: 5 for a wrong token, 100 for a post that
  does not exist or an empty text, 901 for a dialog that does not exist.
- Telegram Bot API (`<url>bot<token>/<method>`, a JSON body): `sendMessage` (a chat the bot is
  in; the demo channel by its id or @name takes the plan's posts), `sendPhoto` (multipart, the
  text as the caption, 1024 characters at most), `getMe`,
  `getChatMemberCount`. Errors as Telegram sends them: {"ok": false, "error_code",
  "description"}, 401 for a wrong token, 400 «chat not found».
- Odnoklassniki REST (`<url>api/<group>/<method>`, a form body): `group.getInfo`,
  `group.getCounters` (members), `mediatopic.getByIds` (a topic's summaries),
  `mediatopic.post` (a group topic; the id as a JSON string; a
  photo media item with the token of `photosV2.getUploadUrl`'s upload server,
  `<url>ok-upload/uploadImage`, the file in `pic1`), and
  {"error_code": 102} for a wrong token. The Graph bot API (`<url>graph/me/messages/<chat>`): a
  message into a demo group chat, 455 for a chat that does not exist. (OK gives applications no
  method to comment in a group discussion: such a reply is published by hand, in the demo too.)

The threads that exist there are the demo's own (read from the database when it starts), so a
reply into one of them succeeds and a reply anywhere else fails as it would on the platform.

Besides the APIs it serves what a resident would see: `<url>vk/wall<owner>_<post>`,
`<url>tg/c/<chat>/<message>` and `<url>ok/group/<group>/topic/<id>` show a thread with the
administration's replies, or one of our own posts with its views and likes (the link on a
publication or a published post in the demo leads there); a post's image is shown there as a
mark with its type and size (the demo has no MAX channel, so no MAX upload here). The audience
figures come from `otklik.demo.audience`, the same formula the demo seed wrote the past month's
statistics with. What was published is kept in a small JSON file in the data directory, so the
links still work after a restart.
"""

from __future__ import annotations

import html
import json
import re
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from otklik.demo.audience import engagement, subscribers
from otklik.sources.localserver import LocalServer, Reply, Request

VK_GROUP_ID = 12345678
VK_TOKEN = "demo-vk-community-token"
VK_USER_TOKEN = "demo-vk-admin-token"  # an administrator's: wall.post, stats
VK_SECRET = "demo-vk-callback-secret"
VK_CONFIRMATION = "demo-confirm"
TG_CHANNEL_ID = -1001234567890
TG_CHANNEL = "seversk_adm"
TG_TOKEN = "123456:demo-telegram-bot-token"
TG_BOT = "seversk_otklik_bot"
OK_GROUP_ID = "5566778899"
OK_TOKEN = "demo-ok-token"
OK_BOT_TOKEN = "demo-ok-bot"

WALL = re.compile(r"^wall(-?\d+)_(\d+)$")
DIALOG = re.compile(r"^dialog(-?\d+)$")
TG_POST = re.compile(r"^post(-?\d+)_(\d+)$")
TG_CHAT = re.compile(r"^chat(-?\d+)(?:_\d+)?$")
OK_TOPIC = re.compile(r"^topic(\d+)$")
OK_CHAT = re.compile(r"^chat:[\w-]+$")


@dataclass
class Thread:
    """A post or a dialog that exists on the stand-in, with the replies published into it."""

    platform: str
    key: str
    title: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)


class StandIn(LocalServer):
    """A `LocalServer` that answers VK and Telegram API calls from the state of the demo's threads
    instead of scripted replies."""

    def __init__(self, store: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.vk_posts: dict[tuple[int, int], Thread] = {}
        self.vk_dialogs: dict[int, Thread] = {}
        self.tg_chats: dict[int, Thread] = {}
        self.ok_threads: dict[str, Thread] = {}
        self.next_id = 1000
        self.guids: dict[str, int] = {}
        self.published: list[dict[str, Any]] = []
        #: Our own posts on our pages, by "<platform>:<id>": {"platform", "id", "text", "at"}.
        self.posts: dict[str, dict[str, Any]] = {}
        #: Uploaded pictures by their upload key / photo token: {"size", "content_type"}.
        self.uploads: dict[str, dict[str, Any]] = {}
        self._load()

    # What exists there.

    def add_threads(self, platform: str, threads: Iterable[tuple[str, str]]) -> int:
        """Make these (external id, title) threads exist; returns how many were understood."""
        known = 0
        for external_id, title in threads:
            thread = Thread(platform, external_id, title)
            if platform == "vk" and (m := WALL.match(external_id)):
                self.vk_posts[(int(m[1]), int(m[2]))] = thread
            elif platform == "vk" and (m := DIALOG.match(external_id)):
                self.vk_dialogs[int(m[1])] = thread
            elif platform == "telegram" and (m := TG_POST.match(external_id)):
                channel = Thread(platform, f"post{m[1]}", "Telegram: канал администрации")
                self.tg_chats.setdefault(int(m[1]), channel)
            elif platform == "telegram" and (m := TG_CHAT.match(external_id)):
                self.tg_chats[int(m[1])] = thread
            elif platform == "ok" and (m := OK_TOPIC.match(external_id)):
                self.ok_threads[m[1]] = thread
            elif platform == "ok" and OK_CHAT.match(external_id):
                self.ok_threads[external_id] = thread
            else:
                continue
            known += 1
        return known

    def add_posts(self, posts: Iterable[tuple[str, int, str, float]]) -> None:
        """Posts already on our pages (the demo's seeded plan): (platform, id, text, unix time).
        The next ids given out stay above them."""
        with self.lock:
            for platform, number, text, at in posts:
                entry = {"platform": platform, "id": number, "text": text, "at": at}
                self.posts.setdefault(f"{platform}:{number}", entry)
                self.next_id = max(self.next_id, number)

    def post(self, platform: str, number: int) -> dict[str, Any] | None:
        return self.posts.get(f"{platform}:{number}")

    @property
    def vk_url(self) -> str:
        return self.url + "method/"

    # Dispatch: the APIs by path, and the pages a resident would open.

    def _next(self, request: Request) -> Reply:
        with self.lock:
            self.requests.append(request)
        path = urllib.parse.urlsplit(request.path).path
        try:
            if path.startswith("/method/"):
                return self._vk(request.name, _data(request))
            if path.startswith(("/vk-upload/", "/ok-upload/")):
                return self._upload(path, request)
            if path.startswith("/bot"):
                token = path[len("/bot") :].split("/", 1)[0]
                if request.name == "sendPhoto":
                    return self._tg_photo(token, request)
                return self._telegram(token, request.name, _data(request))
            if path.startswith("/api/"):
                return self._ok(request.name, _data(request))
            if path.startswith("/graph/"):
                token = dict(request.query()).get("access_token", "")
                return self._ok_graph(token, request.name, _data(request))
            if request.method == "GET" and path.startswith(("/vk/", "/tg/", "/ok/")):
                return self._page(path, request.query())
        except (ValueError, TypeError, KeyError):
            return Reply(400, {"error": "bad request"})
        return Reply(404, {"error": "not found"})

    def _vk(self, method: str, data: dict[str, Any]) -> Reply:
        token = data.get("access_token")
        if token not in (VK_TOKEN, VK_USER_TOKEN):
            return _vk_error(5, "User authorization failed: invalid access_token (4).")
        if method in ("wall.post", "stats.getPostReach") and token != VK_USER_TOKEN:
            return _vk_error(
                27, "Group authorization failed: method is unavailable with group auth."
            )
        if method in VK_PLAN_METHODS:
            return getattr(self, VK_PLAN_METHODS[method])(data)
        if method == "groups.getById":
            group: dict[str, Any] = {"id": VK_GROUP_ID, "name": "Администрация ЗАТО Северск (демо)"}
            if "members_count" in str(data.get("fields", "")):
                group["members_count"] = subscribers("vk", time.time())
            return Reply(200, {"response": {"groups": [group], "profiles": []}})
        if method == "wall.createComment":
            key = (int(data.get("owner_id", 0)), int(data.get("post_id", 0)))
            thread = self.vk_posts.get(key)
            if thread is None:
                return _vk_error(100, "One of the parameters specified was missing or invalid: "
                                      "post_id is undefined")  # fmt: skip
            if not str(data.get("message", "")).strip():
                return _vk_error(100, "One of the parameters specified was missing or invalid: "
                                      "message is empty")  # fmt: skip
            guid = str(data.get("guid") or "")
            number = self._publish(thread, data["message"], data.get("reply_to_comment"), guid)
            return Reply(200, {"response": {"comment_id": number, "parents_stack": []}})
        if method == "messages.send":
            peer = int(data.get("peer_id", 0))
            thread = self.vk_dialogs.get(peer)
            if thread is None:
                return _vk_error(901, "Can't send messages for users without permission")
            guid = f"random:{data.get('random_id', '')}"
            return Reply(200, {"response": self._publish(thread, data["message"], None, guid)})
        return _vk_error(3, "Unknown method passed")

    def _telegram(self, token: str, method: str, data: dict[str, Any]) -> Reply:
        if token != TG_TOKEN:
            return Reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        if method == "getMe":
            bot = {"id": 123456, "is_bot": True, "first_name": "Отклик", "username": TG_BOT}
            return Reply(200, {"ok": True, "result": bot})
        if method == "getChatMemberCount":
            if _tg_chat(data.get("chat_id")) != TG_CHANNEL_ID:
                return _tg_error(400, "Bad Request: chat not found")
            return Reply(200, {"ok": True, "result": subscribers("telegram", time.time())})
        if method == "sendMessage" and _tg_chat(data.get("chat_id")) == TG_CHANNEL_ID:
            if not data.get("reply_parameters"):
                return self._tg_channel_post(data)
        if method == "sendMessage":
            chat = _tg_chat(data.get("chat_id"))
            thread = self.tg_chats.get(chat)
            if thread is None:
                return _tg_error(400, "Bad Request: chat not found")
            if not str(data.get("text", "")).strip():
                return _tg_error(400, "Bad Request: message text is empty")
            reply = (data.get("reply_parameters") or {}).get("message_id")
            number = self._publish(thread, data["text"], reply, "")
            kind = "private" if chat > 0 else "supergroup"
            result = {
                "message_id": number,
                "date": int(time.time()),
                "chat": {"id": chat, "type": kind},
                "text": data["text"],
            }
            return Reply(200, {"ok": True, "result": result})
        return _tg_error(404, "Not Found")

    def _ok(self, method: str, data: dict[str, Any]) -> Reply:
        if data.get("access_token") != OK_TOKEN:
            return _ok_error(102, "PARAM_SESSION_EXPIRED : Session expired")
        method = str(data.get("method") or method)
        if method in ("getInfo", "group.getInfo"):
            return Reply(200, [{"uid": OK_GROUP_ID, "name": "Администрация ЗАТО Северск (демо)"}])
        if method == "group.getCounters":
            if str(data.get("group_id")) != OK_GROUP_ID:
                return _ok_error(160, "IDS_BLOCKED : group not found")
            return Reply(200, {"counters": {"members": subscribers("ok", time.time())}})
        if method == "mediatopic.post":
            return self._ok_topic(data)
        if method == "photosV2.getUploadUrl":
            return self._ok_upload_url(data)
        if method == "mediatopic.getByIds":
            return self._ok_topics(data)
        return _ok_error(3, "METHOD : unknown method")

    def _ok_topics(self, data: dict[str, Any]) -> Reply:
        """mediatopic.getByIds: our topics with their like, reshare and comment summaries."""
        topics = []
        for wanted in str(data.get("topic_ids", "")).split(","):
            post = self.post("ok", int(wanted)) if wanted.strip().isdigit() else None
            if post is not None:
                figures = engagement("ok", post["id"], time.time() - float(post["at"]))
                topics.append({
                    "id": str(post["id"]),
                    "like_summary": {"count": figures["likes"], "self": False},
                    "reshare_summary": {"count": figures["reposts"], "self": False},
                    "discussion_summary": {"comments_count": figures["comments"]},
                    "views_count": figures["views"],
                })  # fmt: skip
        return Reply(200, {"media_topics": topics})

    def _ok_graph(self, token: str, chat: str, data: dict[str, Any]) -> Reply:
        if token != OK_BOT_TOKEN:
            return _ok_error(102, "PARAM_SESSION_EXPIRED : Session expired")
        thread = self.ok_threads.get(chat)
        if thread is None:
            return _ok_error(455, "CHAT_NOT_FOUND : chat not found")
        text = str((data.get("message") or {}).get("text", ""))
        return Reply(200, {"message_id": f"mid.{self._publish(thread, text, None, '')}"})

    # Our own posts (the content plan).

    def _vk_wall_post(self, data: dict[str, Any]) -> Reply:
        if int(data.get("owner_id", 0)) != -VK_GROUP_ID:
            return _vk_error(214, "Access to adding post denied: access to the wall is closed")
        if not str(data.get("message", "")).strip():
            return _vk_error(100, "One of the parameters specified was missing or invalid: "
                                  "message is empty")  # fmt: skip
        guid = str(data.get("guid") or "")
        image = self._vk_attached(str(data.get("attachments") or ""))
        number = self._post("vk", data["message"], f"wall:{guid}" if guid else "", image)
        return Reply(200, {"response": {"post_id": number}})

    def _vk_wall_get_by_id(self, data: dict[str, Any]) -> Reply:
        items = []
        for wanted in str(data.get("posts", "")).split(","):
            owner, _, number = wanted.strip().partition("_")
            post = self.post("vk", int(number)) if number.isdigit() else None
            if post is not None and owner == str(-VK_GROUP_ID):
                items.append(_vk_item(post))
        return Reply(200, {"response": {"items": items}})

    def _vk_post_reach(self, data: dict[str, Any]) -> Reply:
        rows = []
        for number in str(data.get("post_ids", "")).split(","):
            post = self.post("vk", int(number)) if number.strip().isdigit() else None
            if post is not None:
                figures = engagement("vk", post["id"], time.time() - float(post["at"]))
                rows.append({"post_id": post["id"], "reach_total": figures["reach"],
                             "reach_subscribers": int(figures["reach"] * 0.8)})  # fmt: skip
        return Reply(200, {"response": rows})

    # A post's picture: the upload flows.

    def _upload(self, path: str, request: Request) -> Reply:
        """The upload servers: VK's answers {"server", "photo", "hash"}, OK's a token per id."""
        files = request.files()
        part = files.get("photo") if path.startswith("/vk-upload/") else files.get("pic1")
        if part is None:
            return Reply(200, {"error": "ERR_UPLOAD_FILE_NOT_UPLOADED: file not uploaded"})
        key = f"u{len(self.uploads) + 1}-{int(time.time() * 1000)}"
        with self.lock:
            self.uploads[key] = {"size": len(part[1]), "content_type": part[2]}
        if path.startswith("/vk-upload/"):
            photo = json.dumps([{"photo": key, "sizes": []}])
            return Reply(200, {"server": 1, "photo": photo, "hash": key})
        photo_id = dict(request.query()).get("photoIds", key)
        return Reply(200, {"photos": {photo_id: {"token": key}}})

    def _vk_upload_server(self, data: dict[str, Any]) -> Reply:
        if int(data.get("group_id", 0)) != VK_GROUP_ID:
            return _vk_error(100, "One of the parameters specified was missing or invalid: "
                                  "group_id")  # fmt: skip
        url = f"{self.url}vk-upload/upload.php?act=do_add&gid={VK_GROUP_ID}&wallphoto=1"
        return Reply(200, {"response": {"album_id": -14, "upload_url": url, "user_id": 1}})

    def _vk_save_wall_photo(self, data: dict[str, Any]) -> Reply:
        key = str(data.get("hash", ""))
        if key not in self.uploads:
            return _vk_error(121, "Invalid hash")
        with self.lock:
            self.next_id += 1
            number = self.next_id
            self.uploads[f"photo{-VK_GROUP_ID}_{number}"] = self.uploads[key]
        photo = {"album_id": -14, "date": int(time.time()), "id": number,
                 "owner_id": -VK_GROUP_ID, "sizes": [], "text": ""}  # fmt: skip
        return Reply(200, {"response": [photo]})

    def _vk_attached(self, attachments: str) -> dict[str, Any] | None:
        return next((self.uploads[a] for a in attachments.split(",") if a in self.uploads), None)

    def _ok_upload_url(self, data: dict[str, Any]) -> Reply:
        if str(data.get("gid")) != OK_GROUP_ID:
            return _ok_error(160, "IDS_BLOCKED : group not found")
        photo_id = f"demo-photo-{int(time.time() * 1000)}"
        url = f"{self.url}ok-upload/uploadImage?photoIds={urllib.parse.quote(photo_id)}"
        return Reply(200, {"photo_ids": [photo_id], "upload_url": url, "expires_ms": 0,
                           "ttl_ms": 86400000})  # fmt: skip

    def _tg_photo(self, token: str, request: Request) -> Reply:
        if token != TG_TOKEN:
            return Reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        data, part = request.data(), request.files().get("photo")
        if _tg_chat(data.get("chat_id")) != TG_CHANNEL_ID:
            return _tg_error(400, "Bad Request: chat not found")
        if part is None:
            return _tg_error(400, "Bad Request: there is no photo in the request")
        caption = str(data.get("caption", ""))
        if len(caption) > 1024:
            return _tg_error(400, "Bad Request: message caption is too long")
        image = {"size": len(part[1]), "content_type": part[2]}
        number = self._post("telegram", caption, "", image)
        chat = {"id": TG_CHANNEL_ID, "type": "channel", "title": "Администрация ЗАТО Северск",
                "username": TG_CHANNEL}  # fmt: skip
        result = {"message_id": number, "date": int(time.time()), "chat": chat, "caption": caption,
                  "photo": [{"file_id": f"demo-{number}", "file_unique_id": f"d{number}",
                             "file_size": len(part[1]), "width": 1, "height": 1}]}  # fmt: skip
        return Reply(200, {"ok": True, "result": result})

    def _tg_channel_post(self, data: dict[str, Any]) -> Reply:
        if not str(data.get("text", "")).strip():
            return _tg_error(400, "Bad Request: message text is empty")
        number = self._post("telegram", data["text"], "")
        chat = {"id": TG_CHANNEL_ID, "type": "channel", "title": "Администрация ЗАТО Северск",
                "username": TG_CHANNEL}  # fmt: skip
        result = {"message_id": number, "date": int(time.time()), "chat": chat,
                  "text": data["text"]}  # fmt: skip
        return Reply(200, {"ok": True, "result": result})

    def _ok_topic(self, data: dict[str, Any]) -> Reply:
        if str(data.get("gid")) != OK_GROUP_ID:
            return _ok_error(160, "IDS_BLOCKED : group not found")
        media = json.loads(data.get("attachment") or "{}").get("media") or []
        text = "\n".join(str(m.get("text", "")) for m in media if m.get("type") == "text")
        if not text.strip():
            return _ok_error(100, "PARAM : attachment has no text")
        tokens = [str(p.get("id")) for m in media if m.get("type") == "photo"
                  for p in m.get("list") or []]  # fmt: skip
        if any(t not in self.uploads for t in tokens):
            return _ok_error(100, "PARAM : invalid photo token")
        image = self.uploads[tokens[0]] if tokens else None
        return Reply(200, str(self._post("ok", text, "", image)))

    def _post(
        self, platform: str, text: str, guid: str, image: dict[str, Any] | None = None
    ) -> int:
        with self.lock:
            if guid and guid in self.guids:
                return self.guids[guid]
            self.next_id += 1
            number = self.next_id
            if guid:
                self.guids[guid] = number
            entry = {"platform": platform, "id": number, "text": str(text), "at": time.time()}
            if image is not None:
                entry["image"] = dict(image)
            self.posts[f"{platform}:{number}"] = entry
            self._save()
        return number

    def _publish(self, thread: Thread, text: str, reply_to: Any, guid: str) -> int:
        with self.lock:
            if guid and guid in self.guids:
                return self.guids[guid]
            self.next_id += 1
            number = self.next_id
            if guid:
                self.guids[guid] = number
            entry = {
                "platform": thread.platform,
                "thread": thread.key,
                "id": number,
                "text": str(text),
                "reply_to": str(reply_to or ""),
                "at": time.time(),
            }
            thread.replies.append(entry)
            self.published.append(entry)
            self._save()
        return number

    # Pages.

    def _page(self, path: str, query: list[tuple[str, str]]) -> Reply:
        parts = [p for p in path.split("/") if p]
        chosen = dict(query).get("reply", "")
        post = self._post_page(parts)
        if post is not None:
            return Reply(200, _html("Администрация ЗАТО Северск (демо)", _post_body(post)))
        thread: Thread | None = None
        if parts[0] == "vk" and len(parts) == 2 and (m := WALL.match(parts[1])):
            thread = self.vk_posts.get((int(m[1]), int(m[2])))
        elif parts[0] == "vk" and len(parts) == 2 and parts[1].startswith("gim"):
            thread = self.vk_dialogs.get(int(dict(query).get("sel", "0") or 0))
        elif parts[0] == "tg" and len(parts) == 4 and parts[1] == "c":
            thread = self.tg_chats.get(int(f"-100{parts[2]}"))
            chosen = parts[3]
        elif parts[0] == "ok" and len(parts) == 5 and parts[1] == "group" and parts[3] == "topic":
            thread = self.ok_threads.get(parts[4])
        if thread is None:
            return Reply(404, _html("Не найдено", "<p>Такой ветки на площадке нет.</p>"))
        return Reply(200, _html(thread.title or thread.key, _replies(thread, chosen)))

    def _post_page(self, parts: list[str]) -> dict[str, Any] | None:
        """Our own post at `vk/wall-<group>_<id>`, `tg/c/<chat>/<id>`, `ok/group/<g>/topic/<id>`."""
        if parts[0] == "vk" and len(parts) == 2 and (m := WALL.match(parts[1])):
            return self.post("vk", int(m[2])) if int(m[1]) == -VK_GROUP_ID else None
        if parts[0] == "tg" and len(parts) == 4 and parts[1] == "c" and parts[3].isdigit():
            return self.post("telegram", int(parts[3])) if f"-100{parts[2]}" == str(
                TG_CHANNEL_ID) else None  # fmt: skip
        if parts[0] == "ok" and len(parts) == 5 and parts[3] == "topic" and parts[4].isdigit():
            return self.post("ok", int(parts[4])) if parts[2] == OK_GROUP_ID else None
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        base = super()._handler()

        class Handler(base):  # type: ignore[valid-type, misc]
            def send_header(self, keyword: str, value: str) -> None:
                if keyword == "Content-Type" and self.path.startswith(("/vk/", "/tg/", "/ok/")):
                    value = "text/html; charset=utf-8"
                super().send_header(keyword, value)

        return Handler

    # The published replies survive a restart of the demo.

    def _load(self) -> None:
        if self.store is None or not self.store.exists():
            return
        try:
            state = json.loads(self.store.read_text(encoding="utf-8"))
            self.next_id = int(state.get("next_id", self.next_id))
            self.guids = {str(k): int(v) for k, v in state.get("guids", {}).items()}
            self.published = [p for p in state.get("published", []) if isinstance(p, dict)]
            posts = [p for p in state.get("posts", []) if isinstance(p, dict)]
            self.posts = {f"{p['platform']}:{int(p['id'])}": p for p in posts}
        except (OSError, ValueError, TypeError, AttributeError):
            return

    def attach_published(self) -> None:
        """Put the replies kept from earlier runs back into their threads."""
        threads = {
            **{("vk", t.key): t for t in [*self.vk_posts.values(), *self.vk_dialogs.values()]},
            **{("telegram", t.key): t for t in self.tg_chats.values()},
            **{("ok", t.key): t for t in self.ok_threads.values()},
        }
        for entry in self.published:
            thread = threads.get((entry.get("platform"), entry.get("thread")))
            if thread is not None and entry not in thread.replies:
                thread.replies.append(entry)

    def _save(self) -> None:
        if self.store is None:
            return
        state = {
            "next_id": self.next_id,
            "guids": self.guids,
            "published": self.published,
            "posts": list(self.posts.values()),
        }
        tmp = self.store.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.store)


def _data(request: Request) -> dict[str, Any]:
    """The JSON, form or multipart body (header names compared without case, as HTTP wants)."""
    kind = request.content_type
    if kind.startswith("multipart/form-data"):
        return request.data()
    if kind.startswith("application/json"):
        data = json.loads(request.body or b"{}")
        return data if isinstance(data, dict) else {}
    return dict(urllib.parse.parse_qsl(request.body.decode()))


VK_PLAN_METHODS = {
    "wall.post": "_vk_wall_post",
    "photos.getWallUploadServer": "_vk_upload_server",
    "photos.saveWallPhoto": "_vk_save_wall_photo",
    "wall.getById": "_vk_wall_get_by_id",
    "stats.getPostReach": "_vk_post_reach",
}


def _tg_chat(value: Any) -> int:
    """A chat id, or the demo channel for its @name (how a channel's posts are addressed)."""
    if str(value).lstrip("@") == TG_CHANNEL:
        return TG_CHANNEL_ID
    return int(value or 0)


def _vk_item(post: dict[str, Any]) -> dict[str, Any]:
    """A post as VK API 5.199's wall.getById gives it (the fields the adapters read)."""
    figures = engagement("vk", post["id"], time.time() - float(post["at"]))
    return {
        "id": post["id"],
        "owner_id": -VK_GROUP_ID,
        "from_id": -VK_GROUP_ID,
        "date": int(post["at"]),
        "post_type": "post",
        "text": post["text"],
        "comments": {"can_post": 1, "count": figures["comments"]},
        "likes": {"can_like": 1, "count": figures["likes"], "user_likes": 0},
        "reposts": {"count": figures["reposts"], "user_reposted": 0},
        "views": {"count": figures["views"]},
    }


def _post_body(post: dict[str, Any]) -> str:
    figures = engagement(post["platform"], post["id"], time.time() - float(post["at"]))
    moment = time.strftime("%d.%m.%Y %H:%M", time.localtime(float(post["at"])))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in str(post["text"]).split("\n") if p)
    return (
        f"<p><b>Администрация</b> · {html.escape(moment)}</p>{_image_mark(post)}{paragraphs}"
        f"<p>Просмотров: {figures['views']} · нравится: {figures['likes']} · "
        f"репостов: {figures['reposts']}</p>"
    )


def _image_mark(post: dict[str, Any]) -> str:
    """«изображение» with its type and size, where the post has one."""
    image = post.get("image")
    if not isinstance(image, dict):
        return ""
    kind = str(image.get("content_type", "")).removeprefix("image/").upper() or "?"
    size = max(round(int(image.get("size", 0)) / 1024), 1)
    return f'<p class="image">[изображение: {html.escape(kind)}, {size} КБ]</p>'


def _vk_error(code: int, message: str) -> Reply:
    return Reply(200, {"error": {"error_code": code, "error_msg": message}})


def _ok_error(code: int, message: str) -> Reply:
    return Reply(200, {"error_code": code, "error_msg": message, "error_data": None})


def _tg_error(code: int, description: str) -> Reply:
    return Reply(code, {"ok": False, "error_code": code, "description": description})


def _replies(thread: Thread, chosen: str) -> str:
    items = []
    for reply in thread.replies:
        mark = ' class="chosen"' if str(reply["id"]) == chosen else ""
        moment = time.strftime("%d.%m.%Y %H:%M", time.localtime(float(reply.get("at", 0))))
        items.append(
            f'<li id="r{reply["id"]}"{mark}><b>Администрация</b> · {html.escape(moment)}'
            f"<p>{html.escape(reply['text'])}</p></li>"
        )
    body = "".join(items) or "<li>Ответов администрации пока нет.</li>"
    return f"<p>Ветка {html.escape(thread.key)}</p><ol>{body}</ol>"


def _html(title: str, body: str) -> bytes:
    page = (
        '<!doctype html><html lang="ru"><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font:16px sans-serif;max-width:40em;margin:2em auto}"
        "li{margin:1em 0}.chosen{background:#fff3c4}</style>"
        "<p><i>Демо: площадка-заглушка Отклика, не настоящая социальная сеть.</i></p>"
        f"<h1>{html.escape(title)}</h1>{body}</html>"
    )
    return page.encode()
