from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0004_alter_message_outcome"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                fields=["congress", "created_at"],
                include=("status", "source"),
                name="message_congress_created_idx",
            ),
        ),
    ]
