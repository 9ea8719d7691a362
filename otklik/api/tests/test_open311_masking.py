"""No personal data in Open311's public answers: masked texts, no flat numbers, no author fields,
and a hostile text cannot break the XML."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from otklik.answers.models import Answer
from otklik.api.open311.service_requests import address
from otklik.api.tests.open311_case import Open311Case
from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Incident

PLANTED = (
    "Иван Петров",
    "+7 913 123-45-67",
    "ivan.petrov@mail.ru",
    "кв. 12",
    "vk.com/ivan_petrov",
    "Петров И. С.",
)


class MaskingTests(Open311Case):
    def setUp(self) -> None:
        super().setUp()
        text = (
            "Пишет Иван Петров, кв. 12: батареи холодные третью неделю. "
            "Звоните +7 913 123-45-67 или ivan.petrov@mail.ru, профиль vk.com/ivan_petrov"
        )
        message = self.message(text, author=None, contact="ivan.petrov@mail.ru")
        self.incident_ = incident_actions.create_incident(
            self.moderator,
            [message],
            category=self.category,
            territory=self.territory,
            address_text="ул. Ленина, 5, кв. 12",
        )
        Answer.objects.create(
            incident=self.incident_,
            text="Уважаемый Иван Петров! Мастер Петров И. С. (+7 913 123-45-67) починит завтра.",
            status=Answer.Status.PUBLISHED,
        )
        self.incident_.assignee = self.executor_a
        self.incident_.save(update_fields=["assignee"])

    def test_no_planted_data_in_json_or_xml(self) -> None:
        for path in (
            "/requests.json",
            "/requests.xml",
            f"/requests/{self.incident_.pk}.json",
            f"/requests/{self.incident_.pk}.xml",
        ):
            with self.subTest(path):
                body = self.client.get("/open311/v2" + path).content.decode()
                for planted in PLANTED:
                    self.assertNotIn(planted, body)
                for field in ("executor_a", "moderator", "assignee", "author", "contact"):
                    self.assertNotIn(field, body)

    def test_what_is_shown_instead(self) -> None:
        (row,) = self.get_json("/requests.json")
        self.assertIn("[имя скрыто]", row["description"])
        self.assertIn("[телефон скрыт]", row["description"])
        self.assertIn("[e-mail скрыт]", row["description"])
        self.assertIn("батареи холодные третью неделю", row["description"])
        self.assertIn("[телефон скрыт]", row["status_notes"])
        self.assertIn("починит завтра", row["status_notes"])
        self.assertEqual(row["address"], "ул. Ленина, 5, Центральный")

    def test_flat_numbers_leave_the_address(self) -> None:
        for text, expected in (
            ("ул. Ленина, 5, кв. 12", "ул. Ленина, 5"),
            ("Ленина 5 квартира 7", "Ленина 5"),
            ("пр. Коммунистический, 40, кв.№3", "пр. Коммунистический, 40"),
            ("", None),
        ):
            with self.subTest(text):
                self.assertEqual(address(Incident(address_text=text)), expected)

    def test_hostile_text_is_escaped_and_the_xml_still_parses(self) -> None:
        Incident.objects.filter(pk=self.incident_.pk).update(
            description='<b>Яма</b> & "кавычки" ]]> \x01\x0b конец',
            address_text="<script>alert(1)</script>",
        )
        body = self.client.get("/open311/v2/requests.xml").content
        root = ET.fromstring(body)
        self.assertEqual(root.findtext("request/description"), '<b>Яма</b> & "кавычки" ]]>  конец')
        self.assertNotIn(b"<script>", body)
        self.assertIn(b"&lt;script&gt;", body)
