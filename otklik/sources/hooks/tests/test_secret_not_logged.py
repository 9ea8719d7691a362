"""OK's webhook carries its secret in the query string: neither Django's log nor the web
server's access log may write it."""

from __future__ import annotations

import json

from django.test import TestCase
from gunicorn.glogging import SafeAtoms

from otklik.ops.server import server_options
from otklik.sources.models import Source, SourceCredential

SECRET = "ok-webhook-secret-must-not-be-logged"


class OkSecretNotLoggedTest(TestCase):
    def test_the_access_log_line_has_no_query_string(self) -> None:
        atoms = SafeAtoms(
            {
                "h": "203.0.113.5",
                "m": "POST",
                "U": "/hooks/ok/ok-city/",
                "q": f"secret={SECRET}",
                "r": f"POST /hooks/ok/ok-city/?secret={SECRET} HTTP/1.1",
                "H": "HTTP/1.1",
                "s": "200",
            }
        )
        line = server_options()["access_log_format"] % atoms
        self.assertIn("POST /hooks/ok/ok-city/ HTTP/1.1", line)
        self.assertNotIn(SECRET, line)

    def test_django_logs_no_secret_from_the_query(self) -> None:
        source = Source.objects.create(name="ok-city", kind=Source.Kind.OK)
        SourceCredential.objects.create(source=source, secrets={"webhook_secret": "right"})
        with self.assertLogs(level="DEBUG") as logs:
            for secret in (SECRET, f"{SECRET}-2"):
                response = self.client.post(
                    f"/hooks/ok/ok-city/?secret={secret}",
                    json.dumps({"webhookType": "MESSAGE_CREATED"}),
                    content_type="application/json",
                )
                self.assertEqual(response.status_code, 403)
        self.assertNotIn(SECRET, "\n".join(logs.output))
