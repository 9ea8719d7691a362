# A failed publication's reason in Russian beside the platform's own text.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("answers", "0003_publication_url_published"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="reason",
            field=models.TextField(
                blank=True, help_text="Что случилось и что делать, по-русски", verbose_name="причина"
            ),
        ),
        migrations.AlterField(
            model_name="publication",
            name="error",
            field=models.TextField(
                blank=True,
                help_text="Текст площадки как есть, для администратора",
                verbose_name="ошибка площадки",
            ),
        ),
    ]
