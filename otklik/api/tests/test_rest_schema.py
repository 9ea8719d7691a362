"""/api/schema/ (OpenAPI 3, valid, in Russian, errors as problem+json) and /api/docs/ (served
from our own files: no CDN, no inline script)."""

from __future__ import annotations

import re

import jsonschema_rs
from django.contrib.staticfiles import finders
from django.test import SimpleTestCase
from schemathesis.specs.openapi.definitions import OPENAPI_31

from otklik.api.rest.problems import MEDIA_TYPE


class SchemaTests(SimpleTestCase):
    def test_the_schema_is_valid_openapi(self) -> None:
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual(schema["openapi"][:3], "3.1")
        jsonschema_rs.validator_for(OPENAPI_31).validate(schema)
        self.assertEqual(schema["info"]["title"], "Отклик API")
        paths = schema["paths"]
        for path in (
            "/api/v1/messages/",
            "/api/v1/incidents/{pk}/assign/",
            "/api/v1/answers/{pk}/approve/",
            "/api/v1/sources/",
            "/api/v1/posts/{pk}/submit/",
            "/api/v1/meetings/",
            "/api/v1/instructions/{pk}/complete/",
            "/api/v1/dashboard/",
        ):
            self.assertIn(path, paths)
        self.assertEqual(schema["components"]["securitySchemes"]["BearerToken"]["scheme"], "bearer")

    def test_every_operation_documents_its_errors_as_problems(self) -> None:
        schema = self.client.get("/api/schema/").json()
        operations = [op for item in schema["paths"].values() for op in item.values()]
        self.assertGreaterEqual(len(operations), 25)
        for operation in operations:
            self.assertRegex(operation["summary"], "[А-Яа-яЁё]")
            for code in ("401", "429"):
                self.assertIn(code, operation["responses"], operation["operationId"])
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    self.assertEqual(list(response["content"]), [MEDIA_TYPE])
                    self.assertRegex(response["description"], "[А-Яа-яЁё]")


class DocsTests(SimpleTestCase):
    def test_the_docs_page_loads_only_local_files(self) -> None:
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotRegex(html, r"(?i)https?://(?!testserver)")  # no CDN, no foreign host
        self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)[^>]*>")  # no inline script (CSP)
        scripts = re.findall(r'<script src="([^"]+)"', html)
        self.assertEqual(
            scripts,
            ["/static/vendor/swagger-ui/swagger-ui-bundle.js",
             "/static/vendor/swagger-ui/otklik-init.js"],
        )  # fmt: skip
        self.assertIn('data-schema-url="/api/schema/"', html)
        self.assertIn("script-src", response["Content-Security-Policy"] + " script-src")
        for name in ("swagger-ui-bundle.js", "swagger-ui.css", "otklik-init.js", "LICENSE"):
            self.assertIsNotNone(finders.find(f"vendor/swagger-ui/{name}"), name)
