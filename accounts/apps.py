from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import two_factor

        user_logged_in.connect(two_factor.remember_requirement, dispatch_uid="accounts-second-factor-requirement")
        post_migrate.connect(_after_migrate, dispatch_uid="accounts-secretariat-officers")


def _after_migrate(app_config, using="default", **kwargs):
    """Once every app's permissions exist (the last app's post_migrate), bring the officers' group up to date."""
    from django.apps import apps

    from .officers import ensure_officers_group

    if app_config is list(apps.get_app_configs())[-1] and using == "default":
        ensure_officers_group()
