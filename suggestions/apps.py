from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "suggestions"
    verbose_name = "代表建议与议案"

    def ready(self):
        # The page of the tree of bodies shows this count for a body and its children (registry.bodies).
        from registry.bodies import BodyCount, register_count
        from suggestions import queries

        register_count(BodyCount("open_suggestions", "在办建议", queries.open_by_body))
