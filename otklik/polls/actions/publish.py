"""A poll out to our channels: Telegram's native poll (sendPoll) in our channel, VK's poll
(polls.create, then wall.post with it attached). Each (poll, channel) is sent once: the row is
created or taken back from «ошибка» by a conditional write, so two clicks never send twice.

sendPoll has no idempotency key: a send with no answer back (`Uncertain`) is never repeated by
itself; it becomes «ошибка» with a word to check the channel, and a person decides.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.plan.actions import post_link
from otklik.polls.actions.polls import require_manage
from otklik.polls.models import Poll, PollChannel
from otklik.sources.channels import UNEXPECTED, adapter_for, unexpected_answer
from otklik.sources.http import ChannelError, Uncertain
from otklik.sources.models import Source, SourceCredential
from otklik.sources.platform_errors import explain

log = logging.getLogger(__name__)

PUBLISHABLE = {Source.Kind.TELEGRAM, Source.Kind.VK}
CHECK_CHANNEL = (
    "Требует проверки: ответа площадки не было, и опрос мог уже выйти. Telegram не даёт ключа "
    "от повтора, поэтому Отклик не отправляет его снова сам: проверьте канал и, если опроса "
    "там нет, опубликуйте ещё раз."
)
NO_USER_TOKEN = (
    "ВКонтакте: опрос создаётся методом polls.create, которому нужен токен администратора "
    "сообщества (user_token); у источника «{source}» его нет — публикация пропущена. "
    "Добавьте user_token в учётные данные источника."
)


def publish_poll(actor: User, poll: Poll, sources: Iterable[Source]) -> list[PollChannel]:
    """Send the open poll to each source once; returns the channels as they stand after."""
    require_manage(actor)
    if poll.state != Poll.State.OPEN:
        raise ValidationError("Опубликовать можно идущий опрос: сначала откройте его")
    done = []
    for source in sources:
        channel = _claim(poll, source)
        if channel is not None:
            send(channel)
            channel.refresh_from_db()
            done.append(channel)
    return done


def _claim(poll: Poll, source: Source) -> PollChannel | None:
    """The channel row in «отправляется», or None when it is sent or being sent already."""
    try:
        with transaction.atomic():
            return PollChannel.objects.create(poll=poll, source=source)
    except IntegrityError:
        pass
    channel = PollChannel.objects.get(poll=poll, source=source)
    retry = {PollChannel.State.FAILED, PollChannel.State.SKIPPED}
    won = PollChannel.objects.filter(pk=channel.pk, state__in=retry).update(
        state=PollChannel.State.SENDING, reason=""
    )
    return channel if won else None


def _finish(channel: PollChannel, **fields: Any) -> None:
    PollChannel.objects.filter(pk=channel.pk, state=PollChannel.State.SENDING).update(**fields)


def send(channel: PollChannel) -> None:
    source = channel.source
    if source.kind not in PUBLISHABLE:
        why = f"«{source}»: в этот канал опросы не публикуются (только Telegram и ВКонтакте)"
        _finish(channel, state=PollChannel.State.SKIPPED, reason=why)
        return
    if source.kind == Source.Kind.VK and not _secrets(source).get("user_token"):
        _finish(
            channel, state=PollChannel.State.SKIPPED, reason=NO_USER_TOKEN.format(source=source)
        )
        return
    options = list(channel.poll.options.values_list("text", flat=True))
    try:
        if source.kind == Source.Kind.TELEGRAM:
            fields = send_telegram(source, channel.poll, options)
        else:
            fields = send_vk(source, channel, options)
    except Uncertain as exc:
        log.warning("poll channel %s: no answer from the platform: %s", channel.pk, exc)
        reason = (
            CHECK_CHANNEL if source.kind == Source.Kind.TELEGRAM else explain(exc, source.kind).text
        )
        _finish(channel, state=PollChannel.State.FAILED, reason=reason)
    except (ChannelError, *UNEXPECTED) as exc:
        log.warning("poll channel %s failed: %s", channel.pk, exc)
        if not isinstance(exc, ChannelError):
            exc = unexpected_answer(source, exc)
        _finish(channel, state=PollChannel.State.FAILED, reason=explain(exc, source.kind).text)
    else:
        now = timezone.now()
        url = post_link(source, fields["external_id"])[:1000]
        _finish(
            channel, state=PollChannel.State.PUBLISHED, url=url, reason="", published_at=now,
            next_fetch_at=now, **fields,
        )  # fmt: skip


def _secrets(source: Source) -> dict[str, Any]:
    try:
        return source.credential.secrets
    except SourceCredential.DoesNotExist:
        return {}


def send_telegram(source: Source, poll: Poll, options: list[str]) -> dict[str, Any]:
    """sendPoll to the channel: an anonymous regular poll (channels take anonymous ones only)."""
    chat = source.settings.get("channel_id")
    if not chat:
        raise ChannelError("Telegram: чтобы публиковать опросы, задайте channel_id источника")
    params = {
        "chat_id": chat,
        "question": poll.question,
        "options": [{"text": text} for text in options],
        "is_anonymous": True,
        "type": "regular",
    }
    sent = adapter_for(source).client().call("sendPoll", params, idempotent=False)  # type: ignore[attr-defined]
    return {
        "external_id": f"tg{int(sent['chat']['id'])}_{int(sent['message_id'])}",
        "platform_poll_id": str(sent["poll"]["id"]),
    }


def send_vk(source: Source, channel: PollChannel, options: list[str]) -> dict[str, Any]:
    """polls.create in the community (owner_id = −group), then wall.post with `poll<owner>_<id>`
    attached (its guid keeps VK from posting twice on a retry). A user token for both."""
    adapter = adapter_for(source)
    owner = -adapter.group_id  # type: ignore[attr-defined]
    client = adapter.client("user_token")  # type: ignore[attr-defined]
    poll = channel.poll
    created = client.call(
        "polls.create",
        owner_id=owner,
        question=poll.question,
        add_answers=json.dumps(options, ensure_ascii=False),
    )
    poll_id = int(created["id"])
    answers = [int(answer["id"]) for answer in created["answers"]]
    posted = client.call(
        "wall.post",
        owner_id=owner,
        from_group=1,
        message=poll.description or poll.question,
        attachments=f"poll{owner}_{poll_id}",
        guid=f"otklik-poll-{channel.pk}",
    )
    return {
        "external_id": f"wall{owner}_{int(posted['post_id'])}",
        "platform_poll_id": str(poll_id),
        "answer_ids": answers,
    }
