"""Partial indexes on the payloads' status and lease: only the rows a worker or the health page
looks for (pending, processing, failed; a lease held). The bulk import writes its rows done with
no lease and pays for neither; source loses its own index (payload_unique_per_source leads with
it). Reversible: the reverse puts the full indexes back.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0005_encrypt_channel_secrets'),
    ]

    operations = [
        migrations.AlterField(
            model_name='inboundpayload',
            name='lease_until',
            field=models.DateTimeField(blank=True, null=True, verbose_name='аренда до'),
        ),
        migrations.AlterField(
            model_name='inboundpayload',
            name='source',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='payloads', to='sources.source', verbose_name='источник'),
        ),
        migrations.AlterField(
            model_name='inboundpayload',
            name='status',
            field=models.CharField(choices=[('pending', 'Ожидает обработки'), ('processing', 'Обрабатывается'), ('done', 'Обработано'), ('skipped', 'Не требует обработки'), ('failed', 'Ошибка')], default='pending', max_length=20, verbose_name='состояние'),
        ),
        migrations.AddIndex(
            model_name='inboundpayload',
            index=models.Index(condition=models.Q(('status__in', ['pending', 'processing', 'failed'])), fields=['status'], name='payload_open_idx'),
        ),
        migrations.AddIndex(
            model_name='inboundpayload',
            index=models.Index(condition=models.Q(('lease_until__isnull', False)), fields=['lease_until'], name='payload_lease_idx'),
        ),
    ]
