"""What a platform's refusal means, in Russian, with what to do about it.

The channel clients raise `ChannelError` (`AuthError`, `RateLimited`) from `otklik.sources.http`
with the platform's own text, in English, for the logs and the administrators. Nothing of that
text is shown to the press service as it is: `explain(exc, platform)` maps the known error codes
to a Russian explanation and says whether trying again later can help:

- VK: 5 (the token), 6 (too many requests a second), 7 (no right), 9 (flood control), 15 (access
  denied: comments closed), 29 (the method's daily limit), 100 (a post or a parameter that is not
  there), 901 (the resident does not accept messages from the community);
- Telegram: 400 (chat or message not found), 401/404 (the bot token), 403 (the bot was blocked or
  removed), 429 (too many messages);
- MAX: 401, 403, 404, 429 (the HTTP status of the Bot API);
- OK: 2/8/11 (unavailable, flood, limit: later), 100 (a parameter), 102–105 (keys and session),
  160 (the discussion is gone or closed), 455 (the chat);
- any platform: a network error, a thread the channel cannot reply into.

The code is read from the exception's `code` attribute (`ChannelError(code=…)`; the platform
clients' `VkApiError`, `TelegramError`, `OkError` carry it), else from the error's own text in
the clients' fixed formats («error 6:», «Telegram error 403:», «HTTP 429»). An unknown error gets
a general Russian text; the original is kept in `Explanation.original` for administrators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from otklik.sources.http import AuthError, ManualOnly, RateLimited, Uncertain

PLATFORM = {"vk": "ВКонтакте", "telegram": "Telegram", "max": "MAX", "ok": "Одноклассники"}
MANUAL = "Опубликуйте ответ на площадке вручную и вставьте ссылку («Опубликовано вручную»)."
LATER = "Публикация повторится автоматически."
UNCERTAIN = (
    "Площадка не ответила на отправку, и сообщение могло уже выйти, поэтому повторять "
    "автоматически не стали. Проверьте ветку на площадке: если сообщения там нет — нажмите "
    "«Повторить», если есть — «Опубликовано вручную» со ссылкой."
)


@dataclass(frozen=True)
class Explanation:
    text: str  # Russian: what happened and what to do
    retry: bool  # whether trying again later can help
    code: str = ""  # "vk:100", "telegram:403", "network", "" when unknown
    original: str = ""  # the platform's own text, for administrators


#: (platform, code) → (what happened and what to do, retry later?)
KNOWN: dict[tuple[str, int], tuple[str, bool]] = {
    ("vk", 5): (
        "ВКонтакте не принял ключ доступа сообщества: он отозван, истёк или выдан другому "
        "сообществу. Администратору: выпустите новый ключ в настройках сообщества и сохраните "
        "его (otklik source add), затем нажмите «Повторить».",
        False,
    ),
    ("vk", 6): (
        f"ВКонтакте: слишком много запросов в секунду. {LATER}",
        True,
    ),
    ("vk", 7): (
        "ВКонтакте: у ключа сообщества нет права на это действие. Администратору: выпустите "
        "ключ с доступом к стене и сообщениям сообщества, затем нажмите «Повторить».",
        False,
    ),
    ("vk", 9): (
        "ВКонтакте: слишком много одинаковых действий подряд (защита от флуда). Подождите час "
        f"и нажмите «Повторить». Если ответ срочный: {MANUAL[0].lower()}{MANUAL[1:]}",
        False,
    ),
    ("vk", 15): (
        f"ВКонтакте: доступ запрещён — комментарии под записью закрыты или запись скрыта. {MANUAL}",
        False,
    ),
    ("vk", 29): (
        "ВКонтакте: исчерпан суточный лимит запросов этого вида. Публикация повторится после "
        f"полуночи по Москве. Если ответ срочный: {MANUAL[0].lower()}{MANUAL[1:]}",
        True,
    ),
    ("vk", 100): (
        "ВКонтакте: запись или комментарий не найдены (их удалили?) либо запрос неполон. "
        f"Проверьте ветку на площадке. {MANUAL}",
        False,
    ),
    ("vk", 901): (
        f"ВКонтакте: житель не разрешил сообществу писать ему в личные сообщения. {MANUAL}",
        False,
    ),
    ("telegram", 400): (
        "Telegram: чат или сообщение не найдены (их удалили?) либо бот не состоит в чате. "
        f"Проверьте, что бот добавлен в канал и в группу обсуждения. {MANUAL}",
        False,
    ),
    ("telegram", 401): (
        "Telegram не принял токен бота: он отозван или введён с ошибкой. Администратору: "
        "получите токен у @BotFather и сохраните его, затем нажмите «Повторить».",
        False,
    ),
    ("telegram", 403): (
        "Telegram: бот не может писать в этот чат — житель заблокировал бота или бота удалили "
        f"из группы. {MANUAL}",
        False,
    ),
    ("telegram", 429): (
        f"Telegram: слишком много сообщений подряд. {LATER}",
        True,
    ),
    ("max", 401): (
        "MAX не принял токен бота. Администратору: выпустите новый токен на платформе MAX для "
        "партнёров и сохраните его, затем нажмите «Повторить».",
        False,
    ),
    ("max", 403): (
        f"MAX: у бота нет прав писать в этот чат или канал. {MANUAL}",
        False,
    ),
    ("max", 404): (
        f"MAX: чат или сообщение не найдены (их удалили?). {MANUAL}",
        False,
    ),
    ("max", 429): (
        f"MAX: слишком много запросов. {LATER}",
        True,
    ),
    ("ok", 2): (f"Одноклассники временно недоступны. {LATER}", True),
    ("ok", 8): (f"Одноклассники: слишком много одинаковых действий подряд. {LATER}", True),
    ("ok", 11): (f"Одноклассники: исчерпан лимит запросов. {LATER}", True),
    ("ok", 100): (
        f"Одноклассники: запрос неполон или обсуждение указано неверно. {MANUAL}",
        False,
    ),
    ("ok", 160): (
        f"Одноклассники: обсуждение не найдено или закрыто для комментариев. {MANUAL}",
        False,
    ),
    ("ok", 455): (
        f"Одноклассники: чат не найден или бот из него удалён. {MANUAL}",
        False,
    ),
}
AUTH = {
    "vk": KNOWN[("vk", 5)][0],
    "telegram": KNOWN[("telegram", 401)][0],
    "max": KNOWN[("max", 401)][0],
    "ok": (
        "Одноклассники не приняли ключи приложения или группы: они отозваны или истекли. "
        "Администратору: обновите ключи источника, затем нажмите «Повторить»."
    ),
}
for _code in (102, 103, 104, 105):
    KNOWN[("ok", _code)] = (AUTH["ok"], False)
KNOWN[("telegram", 404)] = KNOWN[("telegram", 401)]

NETWORK = (
    "Площадка не ответила: сбой сети или площадка недоступна. " + LATER,
    True,
)
NO_THREAD = (
    "В эту ветку площадка не даёт ответить автоматически (например, личная переписка без "
    f"разрешения или запись без комментариев). {MANUAL}",
    False,
)
UNKNOWN = (
    "Площадка отказала в публикации. Проверьте ветку на площадке и нажмите «Повторить»; если "
    f"не выходит — {MANUAL[0].lower()}{MANUAL[1:]} Подробности ошибки видит администратор.",
    True,
)
RATE = (f"Площадка просит подождать с запросами. {LATER}", True)

#: The code in the clients' own texts, when the exception does not carry it.
CODE_PATTERNS = (
    re.compile(r"\b(?:VK|OK|Telegram) error (\d+)\b", re.IGNORECASE),
    re.compile(r"(?:\berror|ошибк[аиу]) (\d+)\b", re.IGNORECASE),
    re.compile(r"\bHTTP (\d{3})\b"),
    re.compile(r"(?:after |\()(\d{1,3}):"),
)
NETWORK_TEXT = re.compile(
    r"network error|сетев\w+ ошибк|timed out|Connection refused|URLError", re.IGNORECASE
)
NO_THREAD_TEXT = re.compile(
    r"cannot reply into thread|replies are not supported|replies go to|не ответить"
    r"|ответить нельзя|не поддерживает ответ",
    re.IGNORECASE,
)


def error_code(exc: BaseException | str) -> int | None:
    code = getattr(exc, "code", None)
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.isdigit():
        return int(code)
    text = str(exc)
    for pattern in CODE_PATTERNS:
        if match := pattern.search(text):
            return int(match[1])
    return None


def platform_of(text: str, given: str = "") -> str:
    if given in PLATFORM:
        return given
    head = text.split(":", 1)[0].split(" ", 1)[0].lower()
    return head if head in PLATFORM else ""


def explain(exc: BaseException | str, platform: str = "") -> Explanation:
    """The Russian explanation of a failed call to `platform` (a Source kind)."""
    original = str(exc) or (exc.__class__.__name__ if isinstance(exc, BaseException) else "")
    platform = platform_of(original, platform)
    code = error_code(exc)
    if code is not None and (platform, code) in KNOWN:
        text, retry = KNOWN[(platform, code)]
        return Explanation(text, retry, f"{platform}:{code}", original)
    if isinstance(exc, Uncertain):
        return Explanation(UNCERTAIN, False, f"{platform}:uncertain", original)
    if isinstance(exc, ManualOnly):
        return Explanation(f"{original} {MANUAL}", False, f"{platform}:manual", original)
    if isinstance(exc, AuthError):
        text = AUTH.get(platform, AUTH["vk"].replace("ВКонтакте", "Площадка", 1))
        return Explanation(text, False, f"{platform}:auth", original)
    if NETWORK_TEXT.search(original) or isinstance(exc, OSError | TimeoutError):
        return Explanation(*NETWORK, "network", original)
    if isinstance(exc, RateLimited):
        return Explanation(*RATE, f"{platform}:rate", original)
    if NO_THREAD_TEXT.search(original):
        return Explanation(*NO_THREAD, f"{platform}:thread", original)
    return Explanation(*UNKNOWN, f"{platform}:{code}" if code is not None else "", original)
