"""Annual-report figures at scale: a year with 1,000,000 station messages and 100,000 suggestions
on PostgreSQL must compute in under 2 s (issue item 6).

    .venv/bin/python bench/report.py                      # 1,000,000 messages, 100,000 suggestions
    .venv/bin/python bench/report.py --messages 200000 --suggestions 20000 --keep

What it does: creates a scratch database of its own (bench/scratch.py) on the server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads the demo
congress (81 stations, 40 units, 365 deputies …), then adds the volume in SQL with
INSERT … SELECT generate_series (no Python per row): messages spread over the year across all
stations with mixed statuses, and suggestions with first-round assignments, replies, categories
and ratings. ANALYZE, then times reports.queries.values (every figure of FIGURES) — the
`renda report --format json` work — and the whole dashboard (figures with the previous year,
charts and breakdowns), best and median of --runs. The database is dropped at the end unless
--keep. Not part of the test suite; results go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from scratch import in_process_database

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026


MESSAGES_SQL = """
INSERT INTO stations_message (tracking_code, source, topic, content, content_digest, name, phone, photo,
    publish_consent, repeat_count, status, outcome, decline_reason, reply, rating_comment, created_at,
    closed_at, congress_id, station_id, subdistrict_id)
SELECT 'B' || lpad(g::text, 12, '0'), 'online',
       (ARRAY['urban','traffic','environment','education','health','elderly'])[1 + g %% 6],
       '压测留言' || g, md5(g::text), '', '', '', false, 0,
       (ARRAY['closed','closed','closed','closed','assigned','received','referred'])[1 + g %% 7],
       CASE WHEN g %% 7 < 4 THEN 'answered_on_spot' ELSE '' END, '', '', '',
       %(start)s::timestamptz + ((g %% 365) || ' days')::interval + ((g %% 86400) || ' seconds')::interval,
       NULL, %(congress)s, s.id, s.subdistrict_id
FROM generate_series(1, %(n)s) AS g
JOIN (SELECT id, subdistrict_id, row_number() OVER (ORDER BY id) - 1 AS k FROM registry_station
      WHERE congress_id = %(congress)s) AS s ON s.k = g %% %(stations)s
"""

SUGGESTIONS_SQL = """
INSERT INTO suggestions_suggestion (kind, status, year, number, title, content, category, motion_reason,
    motion_basis, motion_plan, presidium_decision, converted_from_motion, created_at, updated_at, return_reason,
    mode, assigned_on, assignment_meeting, round, due_on, replied_on, replied_on_time, reply_category,
    first_rating, final_rating, is_priority, follow_up_done, search_tokens, congress_id, lead_deputy_id, term_id)
SELECT 'suggestion',
       (ARRAY['closed','closed','closed','replied','assigned','rehandling'])[1 + g %% 6],
       %(year)s, 100000 + g, '压测建议' || g, '内容', '', '', '', '', '', false, now(), now(), '',
       'sole', DATE '%(year_s)s-03-01' + (g %% 200), '', 1, DATE '%(year_s)s-06-01' + (g %% 200),
       CASE WHEN g %% 6 = 4 THEN NULL ELSE DATE '%(year_s)s-05-01' + (g %% 200) END,
       CASE WHEN g %% 6 = 4 THEN NULL ELSE g %% 10 <> 0 END,
       CASE WHEN g %% 6 = 4 THEN '' ELSE (ARRAY['A','B','C','D'])[1 + g %% 4] END,
       CASE WHEN g %% 6 IN (0, 1, 2, 5) THEN (ARRAY['satisfied','basically_satisfied','dissatisfied'])[1 + g %% 3]
            ELSE '' END,
       CASE WHEN g %% 6 IN (0, 1, 2, 5) THEN (ARRAY['satisfied','satisfied','basically_satisfied'])[1 + g %% 3]
            ELSE '' END,
       false, false, '', %(congress)s, %(deputy)s, %(term)s
FROM generate_series(1, %(n)s) AS g
"""

ASSIGNMENTS_SQL = """
INSERT INTO suggestions_assignment (role, status, round, is_current, assigned_on, due_on, send_back_reason, opinion,
    extension_requested_reason, extension_reason, replied_on, unit_id, suggestion_id)
SELECT 'sole', CASE WHEN s.replied_on IS NULL THEN 'accepted' ELSE 'replied' END, 1, true, s.assigned_on, s.due_on,
       '', '', '', '', s.replied_on, u.id, s.id
FROM suggestions_suggestion s
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM registry_unit WHERE congress_id = %(congress)s) u
  ON u.k = s.id %% %(units)s
WHERE s.congress_id = %(congress)s AND s.number > 100000
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--suggestions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    with in_process_database("report", keep=args.keep):
        bench(args)


def bench(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        from portal import demo

        congress = demo.load(say=lambda _: None).congress
        print(f"migrate + demo congress: {time.perf_counter() - t:.1f} s")

        from registry.models import Deputy, Station, Unit

        deputy = Deputy.objects.filter(congress=congress).order_by("pk").first()
        params = {
            "congress": congress.pk,
            "year": YEAR,
            "year_s": YEAR,
            "n": args.messages,
            "stations": Station.objects.filter(congress=congress).count(),
            "units": Unit.objects.filter(congress=congress).count(),
            "deputy": deputy.pk,
            "term": deputy.term_id,
            "start": f"{YEAR}-01-01 00:00:00+08",
        }
        with connection.cursor() as cur:
            t = time.perf_counter()
            cur.execute(MESSAGES_SQL, params)
            print(f"{args.messages:,} messages inserted: {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            cur.execute(SUGGESTIONS_SQL.replace("%(year_s)s", str(YEAR)), {**params, "n": args.suggestions})
            cur.execute(ASSIGNMENTS_SQL, params)
            print(f"{args.suggestions:,} suggestions + assignments inserted: {time.perf_counter() - t:.1f} s")
            cur.execute("ANALYZE")

        from reports import documents, queries

        def timed(label, fn):
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t)
            print(
                f"{label}: best {min(times):.3f} s, median {statistics.median(times):.3f} s "
                f"({args.runs} runs)"
            )
            return min(times)

        vals = queries.values(congress, YEAR, compare=False)
        print(
            f"station_messages = {vals['station_messages'].value:,}, "
            f"suggestions_referred = {vals['suggestions_referred'].value:,}, "
            f"reply_rate = {vals['reply_rate'].display}"
        )
        best = timed("figures (renda report --format json)", lambda: queries.as_json(congress, YEAR))
        timed("figures with previous year", lambda: queries.values(congress, YEAR))
        timed(
            "whole dashboard (figures, previous year, charts, breakdowns)",
            lambda: queries.dashboard(congress, YEAR),
        )
        timed("Word draft", lambda: documents.docx(congress, YEAR))
        print("PASS" if best < 2 else "FAIL", "(target: figures under 2 s)")
    finally:
        from django.db import connections

        connections.close_all()  # before the scratch database is dropped


if __name__ == "__main__":
    main()
