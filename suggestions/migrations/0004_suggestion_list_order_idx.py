from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0003_transfer"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                fields=["congress", "-year", "kind", "number", "-id"], name="suggestion_list_order_idx"
            ),
        ),
    ]
