from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
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
        from core import citizen_sms  # noqa: F401 — registers core's own section (短信告知群众)


class RendaAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with renda's site: superusers only, statuses read-only, writes audited."""

    default = False  # Django's AdminConfig is its module's default; this one is named in INSTALLED_APPS
    default_site = "core.admin.RendaAdminSite"
