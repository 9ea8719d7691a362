"""`otklik backup` and `otklik restore`: a copy restored equals the original, checked by counts
and checksums; a wrong or foreign archive is refused in Russian (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from otklik.accounts.models import Role, User
from otklik.cities.models import Territory
from otklik.ops.backup import _current_figures as figures
from otklik.ops.backup import restore

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path: Path):
    root = tmp_path / "media"
    (root / "plan").mkdir(parents=True)
    (root / "plan" / "card.jpg").write_bytes(b"\xff\xd8 a photo")
    with override_settings(MEDIA_ROOT=root):
        yield root


def fill() -> None:
    Territory.objects.create(code="t-samus", name="Самусь")
    User.objects.create_user(username="press", password="x", role=Role.MODERATOR)


def run(*args: str, **options: object) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_a_restored_copy_equals_the_original(tmp_path: Path, media: Path) -> None:
    fill()
    before = figures()
    archive = tmp_path / "copy.tar.gz"
    said = run("backup", out=archive)
    assert "Копия записана" in said and "файлов 1" in said
    Territory.objects.create(code="t-orlovka", name="Орловка")  # changes after the copy
    User.objects.filter(username="press").delete()
    (media / "plan" / "card.jpg").write_bytes(b"changed")
    (media / "stray.txt").write_text("not in the copy")
    said = run("restore", str(archive), yes=True)
    assert "сверено с описью" in said
    assert figures() == before
    assert (media / "plan" / "card.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert not (media / "stray.txt").exists()
    assert list(Territory.objects.values_list("code", flat=True)) == ["t-samus"]


def test_a_database_with_data_is_not_overwritten_without_yes(tmp_path: Path, media: Path) -> None:
    fill()
    archive = tmp_path / "copy.tar.gz"
    run("backup", out=archive)
    with pytest.raises(CommandError, match="уже есть данные"):
        run("restore", str(archive))


def test_a_file_that_is_not_a_copy_is_refused(tmp_path: Path, media: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="не резервная копия"):
        run("restore", str(junk), yes=True)
    with pytest.raises(CommandError, match="не найден"):
        run("restore", str(tmp_path / "absent.tar.gz"), yes=True)


def test_a_copy_that_does_not_match_its_manifest_is_reported(tmp_path: Path, media: Path) -> None:
    fill()
    archive = tmp_path / "copy.tar.gz"
    run("backup", out=archive)
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite_manifest(archive, tampered, table="cities_territory", rows=2)
    result = restore(tampered, overwrite=True)
    assert result.problems == ["cities_territory: строк 1, в копии 2"]
    with pytest.raises(CommandError, match="не совпадает с копией"):
        run("restore", str(tampered), yes=True)


def _rewrite_manifest(source: Path, target: Path, table: str, rows: int) -> None:
    with tarfile.open(source, "r:gz") as tar, tarfile.open(target, "w:gz") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json" and data is not None:
                manifest = json.loads(data.read())
                manifest["tables"][table]["rows"] = rows
                body = json.dumps(manifest).encode()
                member.size = len(body)
                out.addfile(member, io.BytesIO(body))
            else:
                out.addfile(member, data)
