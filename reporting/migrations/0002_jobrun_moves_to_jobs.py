from django.db import migrations


class Migration(migrations.Migration):
    """JobRun moves to the jobs app: its table is renamed, its rows stay."""

    dependencies = [
        ("reporting", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("jobrun", "jobs_jobrun")],
            state_operations=[migrations.DeleteModel("JobRun")],
        ),
    ]
