from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import two_factor

        user_logged_in.connect(two_factor.remember_requirement, dispatch_uid="accounts-second-factor-requirement")
