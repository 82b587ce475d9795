"""Suggestion search and similarity on 100,000 generated suggestions (PostgreSQL).

    .venv/bin/python bench/search.py                       # 100,000 suggestions
    .venv/bin/python bench/search.py --count 20000 --keep  # smaller; keep the database
    .venv/bin/python bench/search.py --reuse renda_bench_search_…  # time again on a kept one

What it does: creates a scratch database of its own next to the one in --admin-url
(bench/scratch.py: never dropped first, dropped at the end unless --keep), migrates it, generates N suggestions in one congress over 10 years (jieba tokens
computed as the workflow does), ANALYZEs, then times
  - search: the list page's query (count + first page of 30) for random two-character words,
  - similarity: suggestions.search.similar() for random existing suggestions,
and prints p50/p95/max in milliseconds. Target: p95 < 200 ms for each. Not part of the test
suite; results go to docs/performance.md by hand.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from scratch import database_url, scratch_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = [a + b for a in "东西南北青云明湖松涛望川金穗柳岸桐林春晖" for b in ("街道", "社区", "新村", "花园")]
SUBJECTS = [
    ("老旧小区", "改造"),
    ("停车位", "增设"),
    ("公交线路", "优化"),
    ("路灯", "维修"),
    ("学位", "扩充"),
    ("校园周边", "整治"),
    ("社区卫生", "提升"),
    ("居家养老", "完善"),
    ("河道", "治理"),
    ("餐饮油烟", "治理"),
    ("小微企业", "扶持"),
    ("人居环境", "整治"),
    ("电动自行车", "充电"),
    ("健身场地", "建设"),
    ("垃圾分类", "推进"),
    ("农贸市场", "改造"),
    ("雨污管网", "改造"),
    ("加装电梯", "推进"),
    ("托育服务", "发展"),
    ("背街小巷", "整治"),
    ("防汛排涝", "加强"),
    ("食品安全", "监管"),
    ("物业管理", "规范"),
    ("夜间经济", "发展"),
    ("文化场馆", "开放"),
]
FRAGMENTS = [
    "居民反映强烈",
    "存在安全隐患",
    "影响群众出行",
    "设施老化严重",
    "资金投入不足",
    "管理责任不清",
    "群众意见较大",
    "建议加大财政投入",
    "建议列入年度计划",
    "建议明确责任单位",
    "建议建立长效机制",
    "建议加强日常巡查",
    "建议开展专项整治",
    "建议引入社会资本",
    "建议简化审批流程",
    "建议加强宣传引导",
    "建议完善考核办法",
    "高峰时段拥堵严重",
    "老年人口比例较高",
    "新建住宅陆续交付",
    "周边配套明显滞后",
    "夜间照明不足",
    "雨季积水问题突出",
    "噪声扰民时有发生",
    "违规占道经营",
    "公共空间不足",
    "服务半径过大",
    "专业人员短缺",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--admin-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--reuse", metavar="NAME", help="time again on a database an earlier --keep run left")
    args = parser.parse_args()
    if args.reuse:
        if not args.reuse.startswith("renda_bench_search_"):
            raise SystemExit("--reuse 只接受本脚本以 --keep 保留的数据库（renda_bench_search_…）")
        bench(database_url(args.admin_url, args.reuse), args, fresh=False)
        return
    with scratch_database(args.admin_url, "search", keep=args.keep) as url:
        bench(url, args, fresh=True)


def bench(url: str, args, *, fresh: bool) -> None:

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if fresh:
        call_command("migrate", verbosity=0, skip_checks=True)
        generate(args.count)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE suggestions_suggestion")
    run(args.queries)
    from django.db import connections

    connections.close_all()  # before the scratch database is dropped


def generate(count):
    import datetime as dt

    from registry.models import Congress, Deputy, Term
    from suggestions.models import Suggestion
    from suggestions.search import tokens_for

    rng = random.Random(17)
    congress = Congress.objects.create(code="bench", name="压测区人民代表大会", region="压测区")
    term = Term.objects.create(congress=congress, number=17, starts_on=dt.date(2021, 12, 28))
    deputies = Deputy.objects.bulk_create(
        Deputy(
            congress=congress,
            term=term,
            number=f"B{i:04d}",
            name=f"代表{i}",
            gender="male",
            birth_date=dt.date(1970, 1, 1),
            id_number=f"99000019700101{i:04d}",
            phone=f"139{i:08d}",
            elected_on=dt.date(2021, 12, 1),
        )
        for i in range(400)
    )
    started = time.perf_counter()
    batch = []
    for i in range(count):
        subject, verb = rng.choice(SUBJECTS)
        place = rng.choice(PLACES)
        title = f"关于{verb}{place}{subject}的建议"
        body = "，".join(rng.sample(FRAGMENTS, 5))
        content = (
            f"{place}{subject}问题：{body}。另外，{rng.choice(SUBJECTS)[0]}方面{rng.choice(FRAGMENTS)}。"
        )
        year = 2016 + i % 10
        batch.append(
            Suggestion(
                congress=congress,
                term=term,
                year=year,
                number=i // 10 + 1,
                status="closed",
                title=title,
                content=content,
                category="城乡建设",
                lead_deputy=rng.choice(deputies),
                search_tokens=tokens_for(title, content),
            )
        )
        if len(batch) == 5000:
            Suggestion.objects.bulk_create(batch)
            batch = []
            print(f"  {i + 1} generated ({time.perf_counter() - started:.0f} s)", flush=True)
    Suggestion.objects.bulk_create(batch)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def report(name, times):
    print(
        f"{name}: n={len(times)} p50={statistics.median(times):.1f} ms p95={percentile(times, 95):.1f} ms "
        f"max={max(times):.1f} ms"
    )


def run(queries):
    from django.core.paginator import Paginator

    from suggestions import search
    from suggestions.models import Suggestion

    rng = random.Random(42)
    congress_id = Suggestion.objects.values_list("congress_id", flat=True).first()
    total = Suggestion.objects.count()
    print(f"{total} suggestions")
    words = [s for s, _ in SUBJECTS] + [
        "路灯",
        "停车",
        "电梯",
        "积水",
        "噪声",
        "养老",
        "河道",
        "公交",
        "学位",
        "物业",
    ]
    times = []
    for _ in range(queries):
        q = rng.choice(words)
        start = time.perf_counter()
        qs = search.filter_text(Suggestion.objects.filter(congress_id=congress_id), q).order_by(
            "-year", "number", "-id"
        )
        page = Paginator(qs, 30).get_page(1)
        list(page)
        times.append((time.perf_counter() - start) * 1000)
    report("search (count + first page)", times)

    ids = list(
        Suggestion.objects.filter(congress_id=congress_id).values_list("id", flat=True)[
            :: max(1, total // 1000)
        ]
    )
    times = []
    for pk in rng.sample(ids, min(queries, len(ids))):
        s = Suggestion.objects.get(pk=pk)
        start = time.perf_counter()
        result = search.similar(s, 10)
        times.append((time.perf_counter() - start) * 1000)
        assert result, "no similar suggestions found"
    report("similarity (top 10 of 200 candidates)", times)


if __name__ == "__main__":
    main()
