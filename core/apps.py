from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "公共"

    def ready(self):
        # Each app registers its per-congress settings section in its rules.py
        # (core.congress_settings.register); importing them here fills the settings page
        # without core naming any app.
        autodiscover_modules("rules")
