"""`otklik backup` and `otklik restore`: the database and the media files in one archive.

The archive is a .tar.gz holding `manifest.json` (the format, when, the database engine, every
table's rows and checksum, every media file's checksum), the database (`db.sqlite3` made with
SQLite's backup API, or `db.dump` made by PostgreSQL's own `pg_dump -Fc`) and `media/`.

The figures and the dump describe one moment: on SQLite the figures are read from the copy the
backup API made (and a restore is checked through a fresh copy the same way), on PostgreSQL both
come from one REPEATABLE READ transaction whose snapshot `pg_dump --snapshot` shares. A restore
(SQLite's backup API into the configured database, or `pg_restore --clean`) is checked against
the manifest, table by table and file by file.

Not in the archive: the secret key (OTKLIK_SECRET_KEY, or the data directory's `secret_key`),
which decrypts the channels' stored tokens: keep it apart from the copies, as a key should be.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from otklik.ops.checksums import differences, file_figures, table_figures
from otklik.progress import track

FORMAT = 1


class BackupError(Exception):
    """A Russian message for the person running the command."""


@dataclass
class Result:
    tables: int
    rows: int
    media: int
    problems: list[str]


def backup(out: Path) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures = _dump(folder)
        media = _media_hashes(Path(settings.MEDIA_ROOT))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "tables": figures,
            "media": media,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        _pack(folder, Path(settings.MEDIA_ROOT), out)
    rows = sum(t["rows"] for t in figures.values())
    return Result(len(figures), rows, len(media), [])


def restore(archive: Path, overwrite: bool = False) -> Result:
    if not overwrite and _has_data():
        raise BackupError(
            "В базе уже есть данные: восстановление заменит их. Повторите с --yes, если так и надо"
        )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = _unpack(archive, folder)
        if manifest.get("engine") != connection.vendor:
            raise BackupError(
                f"Копия сделана с базы {manifest.get('engine')}, а сейчас настроена "
                f"{connection.vendor}: восстановите её в базу того же вида"
            )
        _load(folder)
        _put_media(folder / "media", Path(settings.MEDIA_ROOT))
    found = _current_figures()
    problems = differences(manifest["tables"], found)
    problems += _media_differences(manifest["media"], _media_hashes(Path(settings.MEDIA_ROOT)))
    rows = sum(t["rows"] for t in found.values())
    return Result(len(found), rows, len(manifest["media"]), problems)


# The database.


def _dump(folder: Path) -> dict[str, dict[str, Any]]:
    if connection.vendor == "sqlite":
        _copy_sqlite(folder / "db.sqlite3")
        return file_figures(folder / "db.sqlite3")
    if connection.vendor == "postgresql":
        return _dump_postgres(folder / "db.dump")
    raise BackupError(f"Резервная копия базы {connection.vendor} не поддерживается")


def _dump_postgres(path: Path) -> dict[str, dict[str, Any]]:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        snapshot = ""
        if outermost:  # one moment for the figures and the dump
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
        figures = table_figures()
        args = ["pg_dump", "-Fc", "--no-owner", "-f", str(path)]
        _postgres(args + ([f"--snapshot={snapshot}"] if snapshot else []))
    return figures


def _copy_sqlite(path: Path) -> None:
    """SQLite's online backup: a consistent copy while the web server and worker go on."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _current_figures() -> dict[str, dict[str, Any]]:
    if connection.vendor != "sqlite":
        return table_figures()
    with tempfile.TemporaryDirectory() as tmp:
        _copy_sqlite(Path(tmp) / "check.sqlite3")
        return file_figures(Path(tmp) / "check.sqlite3")


def _load(folder: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(folder / "db.sqlite3")
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    _postgres(["pg_restore", "--clean", "--if-exists", "--no-owner", str(folder / "db.dump")])


def _postgres(args: list[str]) -> None:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    where = ["-d", str(db["NAME"]), "-h", str(db.get("HOST") or "127.0.0.1")]
    where += ["-p", str(db.get("PORT") or 5432), "-U", str(db.get("USER") or "postgres")]
    tool = args[0]
    if shutil.which(tool) is None:
        raise BackupError(f"Нет программы {tool}: установите пакет postgresql-client")
    done = subprocess.run([*args, *where], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} завершился с ошибкой: {done.stderr.strip()[:500]}")


def _has_data() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.exists()


# The archive and the media files.


def _pack(folder: Path, media: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with tarfile.open(partial, "w:gz") as tar:
        for item in sorted(folder.iterdir()):
            tar.add(item, arcname=item.name)
        if media.is_dir():
            tar.add(media, arcname="media")
    partial.replace(out)  # a half-written archive never takes the name


def _unpack(archive: Path, folder: Path) -> dict[str, Any]:
    if not archive.is_file():
        raise BackupError(f"Файл {archive} не найден")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")  # no absolute paths, links or devices
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise BackupError(f"Это не резервная копия Отклика: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Неизвестный формат копии: {manifest.get('format')!r}")
    return manifest


def _media_hashes(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    found = {}
    files = sorted(p for p in root.rglob("*") if p.is_file())
    for path in track(files, description="Контрольные суммы файлов"):
        found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _put_media(source: Path, root: Path) -> None:
    if root.is_dir():
        shutil.rmtree(root)
    if source.is_dir():
        shutil.copytree(source, root)
    else:
        root.mkdir(parents=True, exist_ok=True)


def _media_differences(expected: dict[str, str], found: dict[str, str]) -> list[str]:
    missing = sorted(set(expected) - set(found))
    changed = sorted(k for k in set(expected) & set(found) if expected[k] != found[k])
    return [f"файл {name}: нет после восстановления" for name in missing] + [
        f"файл {name}: содержимое другое" for name in changed
    ]
