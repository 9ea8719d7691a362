# The incident follows its answer: «На согласовании» and «Ошибка публикации».

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0003_deadline_presets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="incident",
            name="status",
            field=models.CharField(
                choices=[
                    ("new", "Новый"),
                    ("triaged", "Разобран"),
                    ("assigned", "Назначен"),
                    ("in_work", "В работе"),
                    ("answer_drafted", "Ответ подготовлен"),
                    ("on_approval", "На согласовании"),
                    ("answer_approved", "Ответ согласован"),
                    ("publish_failed", "Ошибка публикации"),
                    ("published", "Ответ опубликован"),
                    ("closed", "Закрыт"),
                    ("reopened", "Открыт повторно"),
                ],
                db_index=True,
                default="new",
                max_length=20,
                verbose_name="статус",
            ),
        ),
    ]
