# Incidents whose final answer waits for approval read «На согласовании»; those whose answer a
# platform refused read «Ошибка публикации» (before, both read as the step before).

from django.db import migrations


def follow(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Answer = apps.get_model("answers", "Answer")
    Publication = apps.get_model("answers", "Publication")
    waiting = Answer.objects.filter(kind="final", status="submitted").values("incident_id")
    Incident.objects.filter(status="answer_drafted", pk__in=waiting).update(status="on_approval")
    refused = Publication.objects.filter(
        kind="answer", status="failed", answer__kind="final", answer__status="approved"
    ).values("answer__incident_id")
    Incident.objects.filter(status="answer_approved", pk__in=refused).update(
        status="publish_failed"
    )


def back(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Incident.objects.filter(status="on_approval").update(status="answer_drafted")
    Incident.objects.filter(status="publish_failed").update(status="answer_approved")


class Migration(migrations.Migration):
    dependencies = [
        ("answers", "0004_publication_reason"),
        ("incidents", "0004_status_on_approval_publish_failed"),
    ]

    operations = [migrations.RunPython(follow, back)]
