import datetime as dt

from stations import rules


def test_tracking_codes_are_unambiguous_and_long():
    codes = {rules.new_tracking_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == 12 and not set(code) & set("01OIL")


def test_tracking_codes_read_back_as_typed():
    assert rules.format_tracking_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
    assert rules.normalise_tracking_code(" abcd-efgh jkmn ") == "ABCDEFGHJKMN"
    assert rules.normalise_tracking_code("ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ") == "ABCDEFGHJKMN"  # full-width
    assert rules.normalise_tracking_code("ABCD-EFGH-JKM0") == ""
    assert rules.normalise_tracking_code("<script>") == ""


def test_repeats_ignore_spacing_punctuation_and_case():
    assert rules.content_digest("路灯坏了, Please fix!") == rules.content_digest(" 路灯坏了，please  FIX ")
    assert rules.content_digest("路灯坏了") != rules.content_digest("路灯修好了")


def test_photo_by_content():
    assert rules.photo_kind(b"\xff\xd8\xff\xe0") == "jpg"
    assert rules.photo_kind(b"\x89PNG\r\n\x1a\n") == "png"
    assert rules.photo_kind(b"GIF89a") is None
    assert rules.photo_problem(5 * 1024 * 1024, b"\xff\xd8\xff") is None
    assert "5 MB" in rules.photo_problem(5 * 1024 * 1024 + 1, b"\xff\xd8\xff")


def test_mobile_numbers():
    assert rules.is_mobile(rules.normalise_mobile("+86 138-0013-8000"))
    assert not rules.is_mobile("12800138000") and not rules.is_mobile("1380013800")


def test_markup():
    assert (
        rules.contains_markup("<script>") and rules.contains_markup("</b>") and rules.contains_markup("<!--")
    )
    assert rules.contains_markup("<img src=x onerror=alert(1)>")
    assert not rules.contains_markup("a < b，3<5") and not rules.contains_markup("<3")


def test_reception_notice_includes_the_third_day():
    today = dt.date(2026, 3, 2)
    assert rules.announced_in_time(dt.date(2026, 3, 5), today, 3)
    assert not rules.announced_in_time(dt.date(2026, 3, 4), today, 3)
    assert rules.is_publicly_announced(dt.date(2026, 3, 5), today, today, 3)
    assert not rules.is_publicly_announced(dt.date(2026, 3, 1), dt.date(2026, 2, 1), today, 3)


def test_deadlines_and_statistics():
    assert rules.is_overdue(dt.date(2026, 3, 11), dt.date(2026, 3, 12))
    assert not rules.is_overdue(dt.date(2026, 3, 11), dt.date(2026, 3, 11))
    assert rules.mean_days([dt.timedelta(days=1), dt.timedelta(days=2)]) == 1.5
    assert rules.mean_days([]) is None and rules.mean_rating([]) is None
    assert rules.percent(6, 7) == "85.7%" and rules.percent(0, 0) == "—" and rules.percent(1, 2) == "50.0%"
