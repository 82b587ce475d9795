"""A whole city in one deployment (DOMAIN §11): staff list pages and a period's figure set at scale.

    .venv/bin/python bench/city.py                       # 12 districts, 150 townships, 20,000 deputies,
                                                         # 1,000,000 messages, 30,000 suggestions
    .venv/bin/python bench/city.py --messages 200000 --suggestions 10000 --requests 10   # smaller
    .venv/bin/python bench/city.py --keep                # keep the generated database (its name is printed)
    .venv/bin/python bench/city.py --reuse NAME          # measure that database again (migrated first)

What it does: a scratch PostgreSQL database of its own (bench/scratch.py), migrated; the demo
(the 示范市 around the demo district); then, in bulk, 11 more districts under the city and 150
township congresses spread over the 12 districts, each body with a term and its deputies
(about 20,000 in all), ten stations per new district, the messages spread over every district
station in the year, and the suggestions over the districts and the city. VACUUM ANALYZE. Then, as a
district's office staff (the demo "staff" account) and as the city office ("city"): each staff
list page requested --requests times through Django's test client (the whole view, templates
included; no network), p50 and p95; and the period's full figure set (reports.queries.as_json)
of one district, and of the city with every figure rolled up from its children. Not part of the
test suite; figures go to docs/performance.md by hand, with the machine load (uptime).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

from scratch import in_process_database, percentile

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026
DISTRICTS = 12
TOWNSHIPS = 150
STATIONS_PER_DISTRICT = 10

MESSAGES_SQL = """
INSERT INTO stations_message (tracking_code, source, topic, content, content_digest, name, phone, photo,
    publish_consent, sms_opt_in, repeat_count, status, outcome, decline_reason, reply, rating_comment, created_at,
    closed_at, congress_id, station_id, subdistrict_id)
SELECT 'C' || lpad(g::text, 12, '0'), 'online',
       (ARRAY['urban','traffic','environment','education','health','elderly'])[1 + g %% 6],
       '压测留言' || g, md5(g::text), '', '', '', false, false, 0,
       (ARRAY['closed','closed','closed','closed','assigned','received','referred'])[1 + g %% 7],
       CASE WHEN g %% 7 < 4 THEN 'answered_on_spot' ELSE '' END, '', '', '',
       %(start)s::timestamptz + ((g %% 365) || ' days')::interval + ((g %% 86400) || ' seconds')::interval,
       NULL, s.congress_id, s.id, s.subdistrict_id
FROM generate_series(1, %(n)s) AS g
JOIN (SELECT st.id, st.subdistrict_id, st.congress_id, row_number() OVER (ORDER BY st.id) - 1 AS k
      FROM registry_station st JOIN registry_congress c ON c.id = st.congress_id
      WHERE c.kind = 'congress' AND c.level = 'county') AS s ON s.k = g %% %(stations)s
"""

SUGGESTIONS_SQL = """
INSERT INTO suggestions_suggestion (kind, status, year, number, title, content, category, motion_reason,
    motion_basis, motion_plan, presidium_decision, converted_from_motion, created_at, updated_at, return_reason,
    mode, assigned_on, assignment_meeting, round, due_on, replied_on, replied_on_time, reply_category,
    first_rating, final_rating, is_priority, follow_up_done, search_tokens, congress_id, lead_deputy_id, term_id)
SELECT 'suggestion',
       (ARRAY['closed','closed','closed','replied','assigned','rehandling'])[1 + g %% 6],
       %(year)s, 100000 + g, '压测建议' || g, '内容', '', '', '', '', '', false, now(), now(), '',
       'sole', DATE '2026-03-01' + (g %% 200), '', 1, DATE '2026-06-01' + (g %% 200),
       CASE WHEN g %% 6 = 4 THEN NULL ELSE DATE '2026-05-01' + (g %% 200) END,
       CASE WHEN g %% 6 = 4 THEN NULL ELSE g %% 10 <> 0 END,
       CASE WHEN g %% 6 = 4 THEN '' ELSE (ARRAY['A','B','C','D'])[1 + g %% 4] END,
       CASE WHEN g %% 6 IN (0, 1, 2, 5) THEN (ARRAY['satisfied','basically_satisfied','dissatisfied'])[1 + g %% 3]
            ELSE '' END,
       CASE WHEN g %% 6 IN (0, 1, 2, 5) THEN (ARRAY['satisfied','satisfied','basically_satisfied'])[1 + g %% 3]
            ELSE '' END,
       false, false, '', %(congress)s, %(deputy)s, %(term)s
FROM generate_series(1, %(n)s) AS g
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--suggestions", type=int, default=30_000)
    parser.add_argument("--deputies", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=20, help="requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse",
        metavar="NAME",
        help="measure an existing database (one kept with --keep) instead of generating a new one",
    )
    args = parser.parse_args()
    os.environ["TWO_FACTOR_REQUIRED"] = "false"
    if args.reuse:
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + f"/{args.reuse}"
        bench(args)
        return
    with in_process_database("city", keep=args.keep):
        bench(args)


def build_city(args) -> None:
    from django.db import connection

    from portal import demo
    from registry.models import Congress, Deputy, Station, Subdistrict, Term

    demo.load(say=lambda _: None)
    city = Congress.objects.get(code="demo-city")
    districts = [Congress.objects.get(code="demo"), Congress.objects.get(code="demo-east")]
    for i in range(len(districts), DISTRICTS):
        districts.append(
            Congress.objects.create(
                code=f"d{i:02d}",
                name=f"压测第{i}区人民代表大会",
                short_name=f"压测{i}区人大",
                region=f"压测{i}区",
                parent=city,
            )
        )
    townships = [
        Congress(
            code=f"t{i:03d}",
            name=f"压测第{i}镇人民代表大会",
            short_name=f"压测{i}镇人大",
            region=f"压测{i}镇",
            kind=Congress.Kind.TOWNSHIP_CONGRESS,
            level=Congress.Level.TOWNSHIP,
            parent=districts[i % DISTRICTS],
        )
        for i in range(TOWNSHIPS)
    ]
    Congress.objects.bulk_create(townships)
    for d in districts[1:]:
        subs = Subdistrict.objects.bulk_create(
            Subdistrict(congress=d, name=f"{d.code}街道{k}") for k in range(STATIONS_PER_DISTRICT)
        )
        Station.objects.bulk_create(
            Station(
                congress=d,
                name=f"{d.code}联络站{k}",
                level=Station.Level.SUBDISTRICT,
                subdistrict=s,
                address="路1号",
            )
            for k, s in enumerate(subs)
        )
    # deputies: what the demo already holds, then the rest over the new bodies (≈ 250 per district, the rest townships)
    existing = Deputy.objects.count()
    bodies = [
        *districts[1:],
        *Congress.objects.filter(kind=Congress.Kind.TOWNSHIP_CONGRESS, code__startswith="t"),
    ]
    per_body = max(1, (args.deputies - existing) // len(bodies))
    rows = []
    for b in bodies:
        term = Term.objects.create(congress=b, number=1, starts_on=dt.date(2021, 12, 20))
        for n in range(per_body):
            rows.append(
                Deputy(
                    congress=b,
                    term=term,
                    number=f"{b.code}-{n}",
                    name=f"代表{n}",
                    gender="male",
                    birth_date=dt.date(1970, 1, 1),
                    id_number=f"{b.pk:06d}{n:012d}",
                    phone=f"13{b.pk % 10}{n:08d}",
                    elected_on=dt.date(2021, 12, 1),
                )
            )
    Deputy.objects.bulk_create(rows, batch_size=5000)
    stations = Station.objects.filter(congress__kind="congress", congress__level="county").count()
    with connection.cursor() as cur:
        t = time.perf_counter()
        cur.execute(
            MESSAGES_SQL, {"n": args.messages, "stations": stations, "start": f"{YEAR}-01-01 00:00:00+08"}
        )
        print(
            f"{args.messages:,} messages over {stations} district stations: {time.perf_counter() - t:.1f} s"
        )
        t = time.perf_counter()
        suggesting = [*districts, city]
        for b in suggesting:
            deputy = Deputy.objects.filter(congress=b).order_by("pk").first()
            cur.execute(
                SUGGESTIONS_SQL,
                {
                    "n": args.suggestions // len(suggesting),
                    "year": YEAR,
                    "congress": b.pk,
                    "deputy": deputy.pk,
                    "term": deputy.term_id,
                },
            )
        print(
            f"{args.suggestions:,} suggestions over {len(suggesting)} bodies: {time.perf_counter() - t:.1f} s"
        )
        # As autovacuum leaves a table after a bulk load: statistics, and the visibility map that
        # lets the figures' counts read the covering indexes alone (index-only scans).
        cur.execute("VACUUM ANALYZE")
    print(
        f"bodies {Congress.objects.count()}, deputies {Deputy.objects.count():,}, "
        f"stations {Station.objects.count()}"
    )


def bench(args) -> None:
    # the test settings: plain static files (no collected manifest), fast password hashing
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        if args.reuse:
            from django.db import connection

            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE")
        else:
            build_city(args)
        print(f"set-up: {time.perf_counter() - t:.1f} s")

        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from accounts.models import User
        from registry.models import Congress
        from reports import queries
        from reports.rollup import ROLLUP

        pages = {
            "staff": [
                "/stations/",
                "/stations/?status=received",
                "/suggestions/list/",
                "/suggestions/",
                "/registry/deputies/",
                "/registry/stations/",
                "/referrals/",
                "/oversight/",
            ],
            "city": ["/referrals/", "/suggestions/list/", "/registry/deputies/"],
        }
        worst = 0.0
        for username, paths in pages.items():
            client = Client()
            client.force_login(User.objects.get(username=username))
            for path in paths:
                client.get(path, secure=True)  # warm
                times = []
                for _ in range(args.requests):
                    t = time.perf_counter()
                    response = client.get(path, secure=True)
                    times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                with CaptureQueriesContext(connection) as run:
                    client.get(path, secure=True)
                worst = max(worst, percentile(times, 95))
                print(
                    f"{username:5} {path:32} p50 {statistics.median(times):7.1f} ms  p95 {percentile(times, 95):7.1f} ms"
                    f"  ({len(run.captured_queries)} queries)"
                )
        print(
            "list pages:", "PASS" if worst < 300 else "FAIL", f"(worst p95 {worst:.0f} ms; target < 300 ms)"
        )

        district = Congress.objects.get(code="demo")
        city = Congress.objects.get(code="demo-city")
        for label, body in (
            ("one district", district),
            ("another district", Congress.objects.get(code="d05")),
        ):
            with CaptureQueriesContext(connection) as run:
                t = time.perf_counter()
                queries.as_json(body, YEAR)
                took = time.perf_counter() - t
            print(f"figure set, {label}: {took:.2f} s ({len(run.captured_queries)} queries)")
        city.settings = {"rollup": {s.key: True for s in ROLLUP.settings}}
        city.save(update_fields=["settings"])
        took = []
        for _ in range(3):  # three runs: on a shared machine one run differs from the next
            with CaptureQueriesContext(connection) as run:
                t = time.perf_counter()
                data = queries.as_json(city, YEAR)
                took.append(time.perf_counter() - t)
        print(
            f"figure set, city rolled up from {city.children.count()} children: "
            f"{' / '.join(f'{s:.2f}' for s in took)} s "
            f"({len(run.captured_queries)} queries; station_messages = {data['station_messages']:,})"
        )
    finally:
        from django.db import connections

        connections.close_all()


if __name__ == "__main__":
    main()
