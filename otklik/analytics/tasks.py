"""Analytics periodic tasks: each part registers its own line here."""

from otklik import periodic  # noqa: F401
