"""A platform's refusal: a Russian reason, «Повторить», «Опубликовано вручную»; no English text."""

from __future__ import annotations

import re

import pytest

from otklik.answers import actions
from otklik.answers.models import Answer, Publication
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.inbox.models import Thread
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Status
from otklik.sources.http import AuthError, ChannelError, HttpClient, Response, Retry
from otklik.sources.localserver import LocalServer
from otklik.sources.models import Source
from otklik.sources.platform_errors import explain
from otklik.sources.telegram.client import TelegramError
from otklik.sources.vk.client import VkApiError

LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
#: Names a Russian text may keep in Latin letters.
ALLOWED = {"MAX", "Telegram", "BotFather", "otklik", "source", "add", "https"}

CASES = [
    ("vk", VkApiError(5, "User authorization failed: invalid access_token (4)."), False),
    ("vk", ChannelError("vk POST wall.createComment: gave up after error 6: Too many"), True),
    ("vk", VkApiError(7, "Permission to perform this action is denied"), False),
    ("vk", VkApiError(9, "Flood control"), False),
    ("vk", VkApiError(15, "Access denied: comments are closed"), False),
    ("vk", ChannelError("vk: daily limit of this method reached (error 29: Rate limit)"), True),
    ("vk", VkApiError(100, "One of the parameters specified was missing or invalid"), False),
    ("telegram", TelegramError(400, "Bad Request: chat not found"), False),
    ("telegram", TelegramError(403, "Forbidden: bot was blocked by the user"), False),
    ("telegram", ChannelError("telegram POST bot***/sendMessage: gave up after 429: Too"), True),
    ("telegram", AuthError("telegram: the bot token was rejected (401: Unauthorized)"), False),
    ("max", ChannelError("max: HTTP 403 chat.denied: forbidden"), False),
    ("max", ChannelError("max: gave up after HTTP 429"), True),
    ("max", ChannelError("MAX: отказ", code=403), False),  # the code carried, whatever the text
    ("ok", ChannelError("OK error 160: IDS_BLOCKED"), False),
    ("ok", AuthError("ok: credentials rejected (102: PARAM_SESSION_EXPIRED)"), False),
    ("vk", ChannelError("vk: cannot reply into thread 'vk-wall-1004'"), False),
    ("vk", ChannelError("vk POST x: gave up after network error: URLError"), True),
]


@pytest.mark.parametrize(("platform", "exc", "retry"), CASES)
def test_known_errors_are_explained_in_russian(platform: str, exc: Exception, retry: bool) -> None:
    why = explain(exc, platform)
    assert why.retry is retry
    assert why.code and why.code != f"{platform}:None"
    assert set(LATIN_WORD.findall(why.text)) <= ALLOWED, why.text
    assert why.original == str(exc)


def test_an_unknown_error_gets_a_general_russian_text_and_keeps_the_original() -> None:
    why = explain(ChannelError("vk: something new went wrong"), "vk")
    assert "Площадка отказала" in why.text
    assert not LATIN_WORD.findall(why.text.replace("«", " ").replace("»", " "))
    assert why.original == "vk: something new went wrong"


def test_the_code_travels_from_a_retry_to_the_final_error() -> None:
    class Client(HttpClient):
        platform = "telegram"
        max_attempts = 2

        def check(self, response: Response) -> Response:
            raise Retry("429: Too Many Requests", 0.0, code=429)

    with LocalServer() as server:
        server.reply("x", body={})
        with pytest.raises(ChannelError) as raised:
            Client("t", server.url, sleep=lambda s: None).request("GET", "x")
    assert raised.value.code == 429
    assert explain(raised.value, "telegram").code == "telegram:429"


class FailedPublicationTest(AnswerTestCase):
    def setUp(self) -> None:
        self.vk = Source.objects.create(
            name="vk-fail", kind=Source.Kind.VK, settings={"group_id": 1}
        )
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.vk.settings["base_url"] = self.server.url
        self.vk.save()
        from otklik.sources.models import SourceCredential

        SourceCredential.objects.create(source=self.vk, secrets={"token": "vk-test-token"})
        thread = Thread.objects.create(source=self.vk, external_id="wall-1_5")
        self.incident_ = self.incident(self.message(source=self.vk, thread=thread))
        answer = actions.draft_answer(self.executor_a, self.incident_, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        self.answer_ = answer

    def refuse(self) -> Publication:
        error = {"error": {"error_code": 100, "error_msg": "One of the parameters is invalid"}}
        self.server.reply("wall.createComment", body=error)
        self.assertEqual(actions.publish_pending(), 1)
        return Publication.objects.get()

    def test_a_refusal_fails_at_once_with_a_russian_reason(self) -> None:
        publication = self.refuse()
        self.assertEqual(publication.status, Publication.Status.FAILED)  # no 5 retries over hours
        self.assertIn("ВКонтакте: запись или комментарий не найдены", publication.reason)
        self.assertIn("One of the parameters", publication.error)
        event = Event.objects.filter(data__action="failed").get()
        self.assertNotIn("parameters", event.comment)
        self.assertIn("не найдены", event.comment)

    def test_the_panel_shows_the_reason_retry_and_manual_and_hides_english(self) -> None:
        self.refuse()
        self.login(self.moderator)
        page = self.client.get(f"/incidents/{self.incident_.pk}/").content.decode()
        self.assertIn("Ошибка", page)
        self.assertIn("запись или комментарий не найдены", page)
        self.assertIn("Повторить", page)
        self.assertIn("Опубликовано вручную", page)
        self.assertNotIn("One of the parameters", page)
        self.login(self.admin)
        page = self.client.get(f"/incidents/{self.incident_.pk}/").content.decode()
        self.assertIn("One of the parameters", page)  # kept for administrators

    def test_published_by_hand_with_a_link(self) -> None:
        publication = self.refuse()
        self.login(self.moderator)
        bad = self.client.post(
            f"/answers/publication/{publication.pk}/manual/", {"url": "javascript:alert(1)"}
        )
        self.assertEqual(bad.status_code, 302)
        publication.refresh_from_db()
        self.assertEqual(publication.status, Publication.Status.FAILED)
        link = "https://vk.com/wall-1_5?reply=77"
        self.client.post(f"/answers/publication/{publication.pk}/manual/", {"url": link})
        publication.refresh_from_db()
        self.assertEqual((publication.status, publication.url), (Publication.Status.SENT, link))
        self.answer_.refresh_from_db()
        self.assertEqual(self.answer_.status, Answer.Status.PUBLISHED)
        self.assertEqual(Incident.objects.get(pk=self.incident_.pk).status, Status.PUBLISHED)
        sent = Event.objects.filter(data__action="sent").get()
        self.assertEqual(sent.actor, self.moderator)
        self.assertIn("вручную", sent.comment)

    def test_retry_sends_again(self) -> None:
        publication = self.refuse()
        self.server.replies.clear()
        self.server.reply("wall.createComment", body={"response": {"comment_id": 9}})
        actions.retry_publication(self.moderator, publication)
        self.assertEqual(actions.publish_pending(), 1)
        publication.refresh_from_db()
        self.assertEqual(publication.status, Publication.Status.SENT)
        self.assertEqual(publication.url, "https://vk.com/wall-1_5?reply=9")

    def test_an_executor_cannot_mark_published(self) -> None:
        publication = self.refuse()
        self.login(self.executor_a)
        self.client.post(
            f"/answers/publication/{publication.pk}/manual/", {"url": "https://vk.com/x"}
        )
        publication.refresh_from_db()
        self.assertEqual(publication.status, Publication.Status.FAILED)
