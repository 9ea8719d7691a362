"""Is it for us: an actionable complaint, request or question vs thanks, chatter, advertising."""

from __future__ import annotations

from dataclasses import dataclass

from otklik.triage.document import Doc
from otklik.triage.gate import Gated

ACTIONABLE = 0.5  # a message at or above this probability is for us

# a request or question: outweighs thanks and advertising words
_REQUEST = Gated(
    r"(прошу|просим|помогите|примите меры|разберитесь|обратите внимание|когда (?:будет|же|уберут|"
    r"сделают|починят|отремонтир)|почему|сколько можно|невозможно|нет возможности|не работа|"
    r"не горит|нет (?:света|воды|отоплени|ни )|не убира|не вывоз|не чист|не прих|не пришл|"
    r"не отвеча|не реагир|не дела|не провод|не выполн|не могу|не можем|не ход|жалоб|вопрос|"
    r"подскажите|куда обращаться|кто (?:должен|отвечает)|требу|необходим|предлагаю|возможно ли|"
    r"можно ли|просьба|проверк|нарушени|незаконн)"
)
# a problem named without a request («Отсутствие люка», «Засорённая ливнёвка»)
_PROBLEM = Gated(
    r"(яма|ямы|выбоин|мусор|свалк|затопил|подтоп|течет|протека|сломал|сломан|опасн|аварийн|"
    r"отсутств|засор|трещин|разруш|обруш|грязь|лужи|вонь|запах|шум|собак|сосульк|налед|гололед|"
    r"не убран|неубран|освещени|фонар|ремонт|плохо|ужасн|безобрази|антисанитар|крыс|тараканы|"
    r"холодн|протечк|канализац|ливнев|парковк|бездомн|отключ)"
)
_THANKS = Gated(r"(спасибо|благодар)")
_ADS = Gated(
    r"(продам|продаю|куплю|скидк|акци[яи] |заработ|подписывайтесь|переходите по ссылке|"
    r"в личные сообщения|доставка|цена|руб\.|промокод|розыгрыш|казино|ставки)"
)


@dataclass
class Actionable:
    """doc.results['actionable'] = {'probability': p, 'reason': …}; a learnt head overrides p."""

    name: str = "actionable"

    def assess(self, text: str, has_address: bool) -> tuple[float, str]:
        low = text.lower()
        req = _REQUEST.search(low)
        if _ADS.search(low) and not req:
            return 0.05, "похоже на рекламу"
        if req:
            return (0.95 if has_address else 0.85), f"просьба или вопрос: «{req.group(0)}»"
        if _THANKS.search(low):
            return 0.15, "благодарность без просьбы"
        problem = _PROBLEM.search(low)
        if problem:
            return (0.9 if has_address else 0.75), f"названа проблема: «{problem.group(0)}»"
        if has_address:
            return 0.6, "указан адрес"
        if "?" in low:
            return 0.55, "вопрос"
        return 0.3, "нет просьбы или проблемы"

    def __call__(self, doc: Doc) -> Doc:
        learnt = doc.results.get("actionable_head")
        p, reason = self.assess(doc.clean, bool(doc.results.get("address")))
        if learnt:
            label, prob = learnt[0]
            rules_say = p >= ACTIONABLE
            p = prob if label in {"1", "true", "yes", "actionable"} else 1 - prob
            reason = explain_learnt(p >= ACTIONABLE, rules_say, reason)
        doc.results["actionable"] = {"probability": round(p, 3), "reason": reason}
        return doc


def explain_learnt(verdict: bool, rules_verdict: bool, rules_reason: str) -> str:
    """The learnt head decided: the reason names it and its verdict. The rules' reason joins
    only when it argues for the same verdict; when the rules thought otherwise it did not
    decide, so it is not shown («да (0,99) — модель (благодарность без просьбы)» was)."""
    said = "модель: похоже на обращение" if verdict else "модель: не похоже на обращение"
    if verdict == rules_verdict:
        return f"{said} ({rules_reason})"
    return said
