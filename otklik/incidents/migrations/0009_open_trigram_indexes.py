"""Trigram indexes on open incidents only, for the list's default search (state=open).

0008's trigram indexes cover the whole table: a term common among closed incidents but rare
among open ones (e.g. a word of last winter) gives thousands of candidates that are then
thrown away. These partial ones hold the open tenth only, so such a search reads a few index
pages. Their condition is the open list's (status <> 'closed'), as in incident_open_recent_idx.
"""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)

TRIGRAM = {
    "incident_open_title_trgm": "UPPER(title::text)",
    "incident_open_address_trgm": "UPPER(address_text::text)",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, expression in TRIGRAM.items():
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON incidents_incident "
                    f"USING gin (({expression}) gin_trgm_ops) WHERE NOT (status = 'closed')"
                )
    except Exception as exc:  # needs the extension; search still works without
        log.warning("pg_trgm indexes not created (%s)", exc)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0008_list_indexes")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
