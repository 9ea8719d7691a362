"""The OpenAPI document, as ninja builds it, with three corrections: error responses are
`application/problem+json` (ninja names every response by its renderer's media type), their
descriptions are Russian, and every operation lists the errors any request can get (401, 429,
422 where it takes parameters or a body, 400 where a body may not be JSON)."""

from __future__ import annotations

from typing import Any

from otklik.api.rest.problems import MEDIA_TYPE, TITLES

PROBLEM = {"schema": {"$ref": "#/components/schemas/Problem"}}
SUCCESS = {200: "Готово", 201: "Создано"}


def _response(status: int, response: dict[str, Any]) -> dict[str, Any]:
    if status < 400:
        return {**response, "description": SUCCESS.get(status, response.get("description", ""))}
    return {"description": TITLES.get(status, "Ошибка"), "content": {MEDIA_TYPE: PROBLEM}}


def correct(schema: dict[str, Any]) -> dict[str, Any]:
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            given = {int(code): r for code, r in operation.get("responses", {}).items()}
            wanted = {401, 429}
            if operation.get("requestBody") or operation.get("parameters"):
                wanted.add(422)
            if operation.get("requestBody"):
                wanted.add(400)  # a body that is not JSON at all
            for status in wanted - set(given):
                given[status] = {}
            operation["responses"] = {
                str(status): _response(status, given[status]) for status in sorted(given)
            }
    return schema
