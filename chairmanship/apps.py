from django.apps import AppConfig


class ChairmanshipConfig(AppConfig):
    name = "chairmanship"
