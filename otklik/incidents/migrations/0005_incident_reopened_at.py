# The moment of the last reopening: both clocks and escalation run anew from it.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_status_on_approval_publish_failed"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="reopened_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Последнее повторное открытие: от него заново идут оба срока и эскалация",
                null=True,
                verbose_name="открыт повторно",
            ),
        ),
    ]
