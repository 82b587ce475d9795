"""Full-text search over the jieba tokens (PostgreSQL only; SQLite uses LIKE over the tokens).

A stored generated tsvector column (not in the Django model: the database fills it) with a GIN
index: index rechecks read the stored vector instead of re-running to_tsvector per row, and
ANALYZE keeps lexeme frequencies (pg_stats.most_common_elems) that search.similar uses as
document frequencies without counting.
"""
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE suggestions_suggestion ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_tokens)) STORED")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS suggestion_search_vector_gin ON suggestions_suggestion USING gin (search_vector)")
        schema_editor.execute("ALTER TABLE suggestions_suggestion ALTER COLUMN search_vector SET STATISTICS 1000")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS suggestion_search_vector_gin")
        schema_editor.execute("ALTER TABLE suggestions_suggestion DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
