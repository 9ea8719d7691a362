"""The spec's two formats: XML (required) and JSON (the Spark convention: a list of records where
the XML has a list element of items), and its error document.

    [{"code": 403, "description": "…"}]
    <errors><error><code>403</code><description>…</description></error></errors>
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

FORMATS = ("xml", "json")
CONTENT_TYPES = {
    "xml": "text/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
#: The item element of each list element, as in the spec's examples.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
#: Characters XML 1.0 does not allow even escaped: a resident's text must not break the document.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Open311Error(Exception):
    """A failed call: its HTTP status and the description the client shows, in Russian."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        name = ITEMS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data: Any) -> bytes:
    """`data` under the `root` element, indented, with the XML declaration the spec requires."""
    element = ET.Element(root)
    _fill(element, data)
    ET.indent(element, space="  ")
    return (
        DECLARATION + ET.tostring(element, encoding="unicode", short_empty_elements=False) + "\n"
    ).encode()


def to_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def render(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    """The response in `fmt` ("xml" or "json"); `root` names the XML document element."""
    body = to_xml(root, data) if fmt == "xml" else to_json(data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error document: a list of one error, its code the HTTP status."""
    return render(fmt, "errors", [{"code": status, "description": description}], status=status)
