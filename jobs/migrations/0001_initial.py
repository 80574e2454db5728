from django.db import migrations, models


class Migration(migrations.Migration):
    """JobRun comes from the reporting app, whose migration renamed its table to jobs_jobrun."""

    initial = True

    dependencies = [
        ("reporting", "0002_jobrun_moves_to_jobs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="JobRun",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("job", models.CharField(db_index=True, max_length=100, verbose_name="job")),
                        ("started_at", models.DateTimeField(db_index=True, verbose_name="started")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                        ("duration", models.DurationField(blank=True, null=True, verbose_name="duration")),
                        (
                            "outcome",
                            models.CharField(
                                choices=[("running", "running"), ("ok", "ok"), ("failed", "failed")],
                                db_index=True,
                                default="running",
                                max_length=10,
                                verbose_name="outcome",
                            ),
                        ),
                        ("summary", models.TextField(blank=True, verbose_name="summary")),
                    ],
                    options={"ordering": ["-started_at", "-pk"]},
                ),
            ],
        ),
    ]
