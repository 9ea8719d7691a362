"""deploy/: the compose file runs what the README says, and nginx lets the app's uploads in."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from otklik.photos import MAX_BYTES

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
UNITS = {"k": 1024, "m": 1024**2, "g": 1024**3}


def size(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", text.lower()).groups()  # type: ignore[union-attr]
    return int(number) * UNITS.get(unit, 1)


def body_sizes(conf: str) -> dict[str, int]:
    """client_max_body_size per location ('' for the server's own)."""
    sizes: dict[str, int] = {}
    location = ""
    for line in conf.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("location"):
            location = line.removeprefix("location").strip(" {=")
        elif line == "}":
            location = ""
        match = re.match(r"client_max_body_size\s+(\w+);", line)
        if match:
            sizes[location] = size(match.group(1))
    return sizes


class DeployTest(SimpleTestCase):
    def test_compose_services_and_commands(self) -> None:
        text = (DEPLOY / "compose.yaml").read_text()
        try:
            import yaml
        except ImportError:  # a light check without PyYAML
            for needed in ("postgres:15", '["otklik", "serve"]', '["otklik", "worker"]', "nginx"):
                self.assertIn(needed, text)
            return
        services = yaml.safe_load(text)["services"]
        self.assertEqual(set(services), {"db", "web", "worker", "nginx"})
        self.assertEqual(services["db"]["image"], "postgres:15")
        self.assertEqual(services["web"]["command"], ["otklik", "serve"])
        self.assertEqual(services["worker"]["command"], ["otklik", "worker"])
        for name in ("web", "worker"):
            self.assertIn("otklik-data:/var/lib/otklik", services[name]["volumes"])
        mounts = " ".join(services["nginx"]["volumes"])
        self.assertIn("nginx/otklik.conf", mounts)
        self.assertTrue((DEPLOY / "nginx" / "otklik.conf").is_file())

    def test_nginx_body_size_covers_the_app_limits(self) -> None:
        sizes = body_sizes((DEPLOY / "nginx" / "otklik.conf").read_text())
        self.assertGreaterEqual(sizes[""], MAX_BYTES)  # staff pictures
        self.assertGreaterEqual(sizes["/report/"], settings.FORM_MAX_PHOTO_BYTES + 64 * 1024)
        self.assertGreaterEqual(sizes["/hooks/"], settings.MAX_PAYLOAD_BYTES)
        self.assertIn("ssl_certificate", (DEPLOY / "nginx" / "otklik.conf").read_text())

    def test_systemd_units(self) -> None:
        for unit, command in (("otklik-web", "otklik serve"), ("otklik-worker", "otklik worker")):
            text = (DEPLOY / "systemd" / f"{unit}.service").read_text()
            self.assertIn(f"ExecStart=/opt/otklik/.venv/bin/{command}", text)
            self.assertIn("EnvironmentFile=", text)
