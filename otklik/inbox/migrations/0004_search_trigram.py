"""On PostgreSQL, a trigram index makes the inbox's substring search fast; SQLite scans."""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS message_search_trgm "
                "ON inbox_message USING gin (search_text gin_trgm_ops)"
            )
    except Exception as exc:  # noqa: BLE001 - needs the extension; search still works without
        log.warning("pg_trgm index not created (%s); ask a superuser to CREATE EXTENSION pg_trgm", exc)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS message_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("inbox", "0003_inbox_indexes")]
    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
