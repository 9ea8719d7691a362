"""Urgency, toxicity, sensitive topics, sentiment and actionable rules as (text, expected)."""

import pytest

from otklik.triage.actionable import Actionable
from otklik.triage.document import Doc
from otklik.triage.sentiment import SentimentStep
from otklik.triage.toxicity import ToxicityStep
from otklik.triage.urgency import UrgencyStep


@pytest.mark.parametrize(
    ("text", "meta", "priority"),
    [
        ("В подъезде сильно пахнет газом", {}, "critical"),
        ("Оборван провод, лежит на земле у детской площадки", {}, "critical"),
        ("Ребенок провалился в открытый люк", {}, "critical"),
        ("Нет отопления, в квартире холодно, мороз -30", {}, "high"),
        ("Открытый люк посреди тротуара", {}, "high"),
        ("Затопило подвал, прорыв трубы", {}, "high"),
        ("Яма на дороге у дома", {}, "normal"),
        ("Когда покрасят лавочки во дворе?", {}, "normal"),
        ("Когда покрасят лавочки во дворе?", {"likes": 900, "reposts": 120}, "high"),
        ("Когда покрасят лавочки во дворе?", {"likes": "x"}, "normal"),
        ("Вода в Томи поднимается, подтопило огороды и погреба", {}, "high"),
        ("С крыши сошёл снег, чуть не убило женщину", {}, "critical"),
        ("В заброшенное здание лазят дети, всё в дырах", {}, "critical"),
    ],
)
def test_urgency(text, meta, priority) -> None:
    assert UrgencyStep().assess(text.lower(), meta).priority == priority


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("Когда покрасят лавочки во дворе?", "high"),  # a popular request rises
        ("Лучшие букеты к празднику с доставкой по городу", "normal"),  # a popular ad does not
    ],
)
def test_resonance_raises_only_what_is_for_us(text, priority) -> None:
    from otklik.triage.document import Doc

    doc = Actionable()(Doc(text, {"likes": 900, "reposts": 120}, clean=text))
    assert UrgencyStep()(doc).results["urgency"].priority == priority


@pytest.mark.parametrize(
    ("text", "toxic"),
    [
        # Angry complaints are negative, not toxic.
        ("Безобразие! Сколько можно ждать, никто ничего не делает!", False),
        ("Администрация бездействует, позор, третью неделю нет воды!!!", False),
        ("Вы издеваетесь? Яма уже полгода, машины ломаются, ужас", False),
        ("Чиновники опять отписались, руки бы оторвать за такой ремонт дороги", False),
        ("Отвратительная работа управляющей компании, буду жаловаться в прокуратуру", False),
        ("Надоело это вранье, обещаете и не делаете", False),
        # Insults, obscenity, threats are.
        ("Вы там все идиоты в администрации", True),
        ("Да пошли вы на хуй со своим ремонтом", True),
        ("бл* опять света нет", True),
        ("Я вас найду и убью, если не сделаете", True),
        ("Мэр — тупая тварь", True),
        # prefixed obscene roots and broader insults (russe-detox train misses)
        ("идите нахуй со своими сокращениями", True),
        ("ты мужик охуел что пишешь", True),
        ("вы проебали весь бюджет", True),
        ("среди всех этих уродов один нормальный", True),
        ("мразоты их бы скинуть", True),
        ("управляющей компании ворюги, ленивые жопы", True),
        # ordinary words that contain those letters stay clean
        ("Застрахуйте машину заранее", False),
        ("Дорога стала хуже, чем была", False),
        ("В подъезде грязно, прошу убрать", False),
        ("Небо над городом в дыму", False),
    ],
)
def test_toxicity(text, toxic) -> None:
    assert ToxicityStep().assess(text).toxic is toxic


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("Голосуйте на выборах за нашего кандидата", ["politics"]),
        ("Яма на дороге", []),
        # a terror attack is politics too in the sensitive-topics set (its labels, 0.91 precision)
        ("Готовится теракт в торговом центре", ["politics", "extremism"]),
        ("Порошенко и Лукашенко опять на митинге", ["politics"]),
        ("в ДНР опять стреляют, война никак не кончится", ["politics"]),
        # municipal words that look political are not
        ("Несанкционированная свалка на Коммунистическом проспекте", []),
        ("по постановлению правительства РФ № 354 перерасчёт", []),
        ("ветеран Великой Отечественной войны без лифта", []),
        ("разбита дорога как после войны", []),
        ("ул. Красной Армии, 28: разводят птицу", []),
        ("остановка на а/д Крым перенесена", []),
        ("остановка большевиков в сторону северо-запада", []),
        ("по фасаду дома проходит газовая труба", []),
        ("памятник неизвестному солдату весь в мусоре", []),  # one weak word
        ("русская деревня: продлите маршрут", []),
        ("боевики захватили заложников", ["politics", "extremism"]),
        # the politics of the sensitive-topics set: states, war, leaders
        ("США опять вводят санкции против нас", ["politics"]),
        ("армия воюет уже третий год", ["politics"]),
        ("Асад удержал власть в Сирии", ["politics"]),
        ("хохлы и пиндосы опять за своё", ["politics"]),  # two weak words
    ],
)
def test_sensitive(text, topics) -> None:
    assert ToxicityStep().sensitive(text) == topics


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Спасибо большое коммунальщикам за уборку!", "thanks"),
        ("Безобразие, опять не вывезли мусор", "negative"),
        ("Отличный новый парк, очень красиво", "positive"),
        ("Во сколько начинается прием граждан", "neutral"),
    ],
)
def test_sentiment_rules(text, label) -> None:
    assert SentimentStep().rules(text) == label


@pytest.mark.parametrize(
    ("text", "has_address", "actionable"),
    [
        ("Прошу принять меры, во дворе свалка", False, True),
        ("Когда починят фонарь?", True, True),
        ("Спасибо за новый парк!", False, False),
        ("Продам гараж недорого, пишите в личные сообщения", False, False),
        ("Хорошего всем дня", False, False),
        ("Отсутствие люка", False, True),  # a problem named, no request (real appeals)
        ("Засореная ливневая канализация.", False, True),
        ("уже 3 дня не чистят дороги от снега", False, True),
        ("Здравствуйте, возможно ли спилить сухое дерево", False, True),
        ("Спасибо за ремонт дороги!", False, False),  # thanks naming the work done
    ],
)
def test_actionable(text, has_address, actionable) -> None:
    p, reason = Actionable().assess(text, has_address)
    assert (p >= 0.5) is actionable
    assert reason


YES, NO = "модель: похоже на обращение", "модель: не похоже на обращение"


@pytest.mark.parametrize(
    ("text", "label", "prob", "verdict", "reason"),
    [
        # The model overrules the rules: only the model decided, so only it is named.
        ("Спасибо, но двор так и не убрали", "1", 0.99, True, "модель: похоже на обращение"),
        ("Почему так красиво? Спасибо!", "0", 0.9, False, "модель: не похоже на обращение"),
        ("Продам гараж, недорого", "1", 0.7, True, "модель: похоже на обращение"),
        # They agree: the rules' reason explains the verdict too.
        ("Прошу убрать мусор", "1", 0.97, True, f"{YES} (просьба или вопрос: «прошу»)"),
        ("Спасибо за уборку!", "0", 0.8, False, f"{NO} (благодарность без просьбы)"),
        ("Спасибо за уборку!", "1", 0.2, False, f"{NO} (благодарность без просьбы)"),
    ],
)  # fmt: skip
def test_learnt_reason_is_the_one_that_decided(text, label, prob, verdict, reason) -> None:
    doc = Doc(text, {}, clean=text)
    doc.results["actionable_head"] = [(label, prob)]
    result = Actionable()(doc).results["actionable"]
    assert (result["probability"] >= 0.5) is verdict
    assert result["reason"] == reason


@pytest.mark.parametrize(
    ("text", "has_address", "verdict", "reason"),
    [
        ("Прошу убрать мусор", False, True, "просьба или вопрос: «прошу»"),
        ("Спасибо за уборку!", False, False, "благодарность без просьбы"),
        ("Продам гараж, пишите в личные сообщения", False, False, "похоже на рекламу"),
        ("Отсутствие люка", False, True, "названа проблема: «отсутств»"),
        ("Советская 22", True, True, "указан адрес"),
        ("Хорошего всем дня", False, False, "нет просьбы или проблемы"),
    ],
)
def test_rules_reason_is_the_one_that_decided(text, has_address, verdict, reason) -> None:
    p, why = Actionable().assess(text, has_address)
    assert (p >= 0.5) is verdict
    assert why == reason


@pytest.mark.parametrize(
    ("text", "meta", "priority", "reasons"),
    [
        ("Яма на дороге, а рядом пожар", {}, "critical", ["пожар", "яма на дороге"]),
        ("Нет воды, в подъезде пахнет газом", {}, "critical", ["запах газа", "нет воды"]),
        ("Яма на дороге", {"likes": 900, "reposts": 120}, "high", ["яма на дороге", "резонанс"]),
    ],
)
def test_urgency_reasons_lead_with_the_one_that_decided(text, meta, priority, reasons) -> None:
    urgency = UrgencyStep().assess(text.lower(), meta)
    assert urgency.priority == priority
    assert urgency.reasons == reasons
