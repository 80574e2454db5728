from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import pre_migrate
from django.test.signals import setting_changed


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from celery.signals import task_postrun
        from django_structlog import signals as structlog_signals

        from . import checks, files, indexes, logs, storage  # noqa: F401 - checks registers the deploy checks

        files.connect()
        structlog_signals.bind_extra_request_metadata.connect(logs.bind_client_address, dispatch_uid="core-log-ip")
        request_finished.connect(storage.discard_uncommitted, dispatch_uid="core-discard-uncommitted-files")
        task_postrun.connect(storage.discard_uncommitted, dispatch_uid="core-discard-uncommitted-files", weak=False)
        setting_changed.connect(storage.forget_on_reconfiguration, dispatch_uid="core-forget-uncommitted-files")
        pre_migrate.connect(indexes.create_extensions, sender=self, dispatch_uid="core-create-extensions")
