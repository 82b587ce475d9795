from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "账户与角色"

    def ready(self):
        from accounts import audit_events

        audit_events.connect()
