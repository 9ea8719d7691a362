# A published reply's link, and «Опубликовано» for a sent publication.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("answers", "0002_ratings_form_tickets_confirmation"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="url",
            field=models.URLField(
                blank=True,
                help_text="Где опубликованный ответ виден",
                max_length=1000,
                verbose_name="ссылка на ответ",
            ),
        ),
        migrations.AlterField(
            model_name="publication",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Ожидает отправки"),
                    ("sent", "Опубликовано"),
                    ("failed", "Ошибка"),
                ],
                db_index=True,
                default="pending",
                max_length=20,
                verbose_name="статус",
            ),
        ),
    ]
