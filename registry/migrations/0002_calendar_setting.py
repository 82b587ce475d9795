"""Move the holiday calendar out of the suggestions settings into its own section.

Until now only suggestions' deadlines honoured holidays, so the calendar lived in
Congress.settings["suggestions"] ("holidays", "working_weekends"); every app's deadlines now read
Congress.settings["calendar"] ("holidays", "working_days") through core.dates.calendar_of.
"""

from django.db import migrations

OLD_KEYS = {"holidays": "holidays", "working_weekends": "working_days"}


def forwards(apps, schema_editor):
    Congress = apps.get_model("registry", "Congress")
    for congress in Congress.objects.all():
        settings = dict(congress.settings or {})
        old = dict(settings.get("suggestions") or {})
        if not any(key in old for key in OLD_KEYS):
            continue
        calendar = dict(settings.get("calendar") or {})
        for old_key, new_key in OLD_KEYS.items():
            if old_key in old:
                merged = sorted({*calendar.get(new_key, []), *old.pop(old_key)})
                calendar[new_key] = merged
        settings["suggestions"], settings["calendar"] = old, calendar
        congress.settings = settings
        congress.save(update_fields=["settings"])


def backwards(apps, schema_editor):
    Congress = apps.get_model("registry", "Congress")
    for congress in Congress.objects.all():
        settings = dict(congress.settings or {})
        calendar = settings.pop("calendar", None)
        if not calendar:
            continue
        old = dict(settings.get("suggestions") or {})
        for old_key, new_key in OLD_KEYS.items():
            if calendar.get(new_key):
                old[old_key] = calendar[new_key]
        settings["suggestions"] = old
        congress.settings = settings
        congress.save(update_fields=["settings"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
