from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "跨级转交"

    def ready(self):
        # The page of the tree of bodies shows this count for a body and its children (registry.bodies).
        from referrals import queries
        from registry.bodies import BodyCount, register_count

        register_count(BodyCount("open_referrals", "待办转交", queries.open_by_body))
