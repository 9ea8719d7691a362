"""Fewer indexes on inbox_message for the bulk import (docs/benchmarks.md, «Import throughput»).

status, created_at and source lose their own index (message_inbox_idx, message_recent_idx and
message_unique lead with them); incident and handled_by, empty on a new message, are indexed only
where set. Reversible: the reverse puts the full indexes back.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0003_map_geometry'),
        ('inbox', '0005_russian_names'),
        ('incidents', '0008_list_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='message',
            name='created_at',
            field=models.DateTimeField(verbose_name='написано'),
        ),
        migrations.AlterField(
            model_name='message',
            name='handled_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='кто разобрал'),
        ),
        migrations.AlterField(
            model_name='message',
            name='incident',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='messages', to='incidents.incident', verbose_name='инцидент'),
        ),
        migrations.AlterField(
            model_name='message',
            name='source',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='messages', to='sources.source', verbose_name='источник'),
        ),
        migrations.AlterField(
            model_name='message',
            name='status',
            field=models.CharField(choices=[('new', 'Новое'), ('linked', 'В инциденте'), ('dismissed', 'Не требует реакции')], default='new', max_length=20, verbose_name='статус'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(condition=models.Q(('incident__isnull', False)), fields=['incident'], name='message_incident_idx'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(condition=models.Q(('handled_by__isnull', False)), fields=['handled_by'], name='message_handled_by_idx'),
        ),
    ]
