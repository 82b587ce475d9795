from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "统计与年度报告"

    def ready(self):
        # Registers the per-figure roll-up settings (they list every figure, so they live with them).
        from reports import rollup  # noqa: F401
