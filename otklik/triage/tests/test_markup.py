"""The intake markup as tokens: what a portal's editor leaves, or plain text."""

import pytest

from otklik.triage.document import Doc
from otklik.triage.markup import Markup


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Яма на дороге", ["plain"]),
        ("<p>Яма&nbsp;на дороге</p>", ["p", "nbsp"]),
        ('<P STYLE="color:red">Яма</P><br>', ["p", "br", "style"]),
        ("Цена 5 < 7 & так далее", ["plain"]),
        ("", ["plain"]),
    ],
)
def test_markup_tokens(text: str, tokens: list[str]) -> None:
    assert Markup()(Doc(text)).results["markup"] == tokens
