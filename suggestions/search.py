"""Chinese full-text search and similarity (并案 candidates) over suggestions.

Every suggestion stores ``search_tokens``: its title and content segmented by jieba (search
mode, so 两字词 such as 停车 are tokens of their own), space-joined and de-duplicated. On
PostgreSQL a GIN index over ``to_tsvector('simple', search_tokens)`` answers queries (migration
0002); on SQLite a LIKE over the tokens does.

Similarity: candidates are narrowed in SQL to suggestions sharing the query's rarest tokens
(through the same index), then the top candidates are scored in Python by TF-IDF-weighted
cosine over token sets.
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache

import jieba
from django.db import connection
from django.db.models import Q

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"[\w\u4e00-\u9fff]+")
STOPWORDS = set(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "等",
        "在",
        "是",
        "对",
        "为",
        "将",
        "把",
        "被",
        "有",
        "也",
        "就",
        "都",
        "而",
        "或",
        "并",
        "但",
        "从",
        "以",
        "于",
        "之",
        "其",
        "这",
        "那",
        "该",
        "我",
        "我们",
        "你",
        "他",
        "她",
        "它",
        "一",
        "个",
        "上",
        "下",
        "中",
        "不",
        "没有",
        "进行",
        "加强",
        "关于",
        "建议",
        "问题",
        "情况",
        "工作",
        "方面",
        "相关",
        "有关",
        "进一步",
        "要",
        "能",
        "可",
        "可以",
        "一些",
        "一个",
        "目前",
        "存在",
        "通过",
        "提出",
        "希望",
        "尽快",
        "落实",
        "推进",
        "解决",
    ]
)


@lru_cache(maxsize=20000)
def _segment(text: str) -> tuple[str, ...]:
    words = []
    for piece in _WORD.findall(text.lower()):
        for w in jieba.cut_for_search(piece):
            w = w.strip()
            if w and w not in STOPWORDS and not (len(w) == 1 and "\u4e00" <= w <= "\u9fff"):
                words.append(w)
    return tuple(words)


def tokenize(text: str) -> list[str]:
    """Distinct jieba search-mode tokens, in order of first appearance."""
    seen, out = set(), []
    for w in _segment(text or ""):
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def tokens_for(title: str, content: str) -> str:
    return " ".join(tokenize(f"{title} {content}"))


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def query_tokens(q: str) -> list[str]:
    """Tokens of a search box query; a single CJK character is kept (someone may search 水)."""
    tokens = tokenize(q)
    if not tokens:
        tokens = [w for w in _WORD.findall((q or "").lower()) if w][:5]
    return tokens[:12]


def filter_text(qs, q: str):
    """Suggestions matching every token of ``q`` (AND), via the GIN index on PostgreSQL."""
    tokens = query_tokens(q)
    if not tokens:
        return qs
    if is_postgres():
        tsquery = " & ".join(_ts_escape(t) for t in tokens)
        return qs.extra(where=[f"{VECTOR} @@ to_tsquery('simple'::regconfig, %s)"], params=[tsquery])
    cond = Q()
    for t in tokens:
        cond &= Q(search_tokens__contains=t) | Q(title__contains=t)
    return qs.filter(cond)


VECTOR = "suggestions_suggestion.search_vector"


def _ts_escape(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


# --------------------------------------------------------------------------- similarity

CANDIDATE_LIMIT = 200
PROBE_TOKENS = 8
NARROW_TOKENS = 3
STATS_TTL = 600


def _pg_frequencies() -> tuple[dict[str, float], float, int]:
    """Lexeme frequencies from ANALYZE (pg_stats.most_common_elems), the floor for unlisted ones, and the row count.

    Counting each token's documents at 100k rows costs seconds; the planner's statistics are
    free and good enough for IDF weights (across all congresses: one table).
    """
    from django.core.cache import cache

    cached = cache.get("suggestions:lexeme_freqs")
    if cached is not None:
        return cached
    with connection.cursor() as cur:
        cur.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'suggestions_suggestion' AND attname = 'search_vector'"
        )
        row = cur.fetchone()
        cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'suggestions_suggestion'")
        total = max(int(cur.fetchone()[0] or 0), 1)
    freqs, floor = {}, 0.0
    if row and row[0]:
        elems, values = row
        freqs = dict(zip(elems, values))
        floor = values[len(elems)] if len(values) > len(elems) else min(values)  # min frequency among listed
    result = (freqs, floor, total)
    cache.set("suggestions:lexeme_freqs", result, STATS_TTL)
    return result


def _doc_freqs(congress_id: int, tokens: list[str]) -> tuple[dict[str, float], int]:
    from suggestions.models import Suggestion

    if is_postgres():
        freqs, floor, total = _pg_frequencies()
        if freqs:
            # Unlisted tokens are rarer than every listed one: assume half the smallest listed frequency.
            return {t: freqs.get(t, floor / 2) * total for t in tokens}, total
    base = Suggestion.objects.filter(congress_id=congress_id)
    total = max(base.count(), 1)
    return {t: base.filter(search_tokens__contains=t).count() for t in tokens}, total


def _candidates(base, probes: list[str]):
    """Suggestions sharing the rarest tokens: first all of the 3 rarest, widened to any of 8 if too few."""
    if is_postgres():
        rank_query = " | ".join(_ts_escape(t) for t in probes)
        rows = []
        for where_query in (" & ".join(_ts_escape(t) for t in probes[:NARROW_TOKENS]), rank_query):
            qs = base.extra(
                select={"rank": f"ts_rank({VECTOR}, to_tsquery('simple'::regconfig, %s))"},
                select_params=[rank_query],
                where=[f"{VECTOR} @@ to_tsquery('simple'::regconfig, %s)"],
                params=[where_query],
            ).order_by("-rank")
            rows = list(
                qs.only(
                    "id",
                    "title",
                    "year",
                    "number",
                    "status",
                    "term_id",
                    "search_tokens",
                    "lead_deputy_id",
                    "kind",
                )[:CANDIDATE_LIMIT]
            )
            if len(rows) >= CANDIDATE_LIMIT // 4:
                break
        return rows
    cond = Q()
    for t in probes:
        cond |= Q(search_tokens__contains=t)
    return list(
        base.filter(cond).only(
            "id", "title", "year", "number", "status", "term_id", "search_tokens", "lead_deputy_id", "kind"
        )[: CANDIDATE_LIMIT * 5]
    )


def similar(suggestion, limit: int = 10) -> list[tuple[object, float]]:
    """Earlier suggestions of the same congress (this and past terms) most like ``suggestion``.

    Returns [(Suggestion, score 0..1)], best first: TF-IDF-weighted cosine over token sets.
    Merged-away and draft items are left out.
    """
    from suggestions.models import Suggestion

    tokens = (suggestion.search_tokens or tokens_for(suggestion.title, suggestion.content)).split()[:80]
    if not tokens:
        return []
    base = (
        Suggestion.objects.filter(congress_id=suggestion.congress_id)
        .exclude(pk=suggestion.pk)
        .exclude(status__in=["draft", "merged"])
    )
    df, total = _doc_freqs(suggestion.congress_id, tokens)
    probes = sorted((t for t in tokens if df.get(t, 0) > 0), key=lambda t: (df[t], -len(t)))[:PROBE_TOKENS]
    if not probes:
        return []
    rows = _candidates(base, probes)
    floor = min(df.values()) if df else 0

    def idf(t: str) -> float:
        return math.log((total + 1) / (df.get(t, floor) + 1)) + 1.0

    weights = {t: idf(t) for t in tokens}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    scored = []
    for row in rows:
        other = set(row.search_tokens.split())
        dot = sum(w * w for t, w in weights.items() if t in other)
        if not dot:
            continue
        other_norm = math.sqrt(sum(weights.get(t, idf(t)) ** 2 for t in other))
        scored.append((row, dot / (norm * other_norm)))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:limit]
