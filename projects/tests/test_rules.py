import datetime as dt

from projects import rules


def test_settings_fall_back_to_the_documented_defaults():
    merged = rules.SETTINGS.read({"adopt": 12, "tie_rule": "coin", "call_days": -1, "unknown": 1})
    assert merged["adopt"] == 12 and merged["tie_rule"] == "revote" and merged["call_days"] == 30
    assert "unknown" not in merged


def test_fingerprint_ignores_spacing_punctuation_and_width():
    assert rules.fingerprint("东湖路 增设公交站！", "内容, 一") == rules.fingerprint(
        "东湖路增设公交站", "内容，一"
    )
    assert rules.fingerprint("ＡＢＣ", "x") == rules.fingerprint("abc", "x")
    assert rules.fingerprint("东湖路", "一") != rules.fingerprint("西湖路", "一")


def test_sniff_knows_jpeg_png_pdf_only():
    assert rules.sniff(b"\xff\xd8\xff\xe0") == ("image/jpeg", ".jpg")
    assert rules.sniff(b"%PDF-1.7") == ("application/pdf", ".pdf")
    assert rules.sniff(b"GIF89a") is None


def test_call_length_counts_both_days():
    assert rules.call_long_enough(dt.date(2026, 3, 1), dt.date(2026, 3, 30), 30)
    assert not rules.call_long_enough(dt.date(2026, 3, 1), dt.date(2026, 3, 29), 30)


def test_milestones_and_reports_overdue():
    today = dt.date(2026, 6, 1)
    assert rules.milestone_overdue(dt.date(2026, 5, 31), None, today)
    assert not rules.milestone_overdue(dt.date(2026, 6, 1), None, today)
    assert rules.report_overdue(None, dt.date(2026, 2, 28), 90, today)  # due Friday 29 May
    # 2026-03-01 + 90 days = Saturday 30 May: the period runs to Monday 1 June
    assert not rules.report_overdue(None, dt.date(2026, 3, 1), 90, today)
    assert rules.report_overdue(None, dt.date(2026, 3, 1), 90, dt.date(2026, 6, 2))
    assert not rules.report_overdue(dt.date(2026, 4, 1), dt.date(2026, 1, 1), 90, today)


def test_paper_sheets_parse():
    assert rules.parse_approval_sheet("1 3，5", 5) == [1, 3, 5]
    assert rules.parse_per_line_sheet("YnA-x", 5) == [["yes"], ["no"], ["abstain"], [], ["yes", "no"]]


def test_markup_and_mobile_checks():
    assert rules.markup_problem("<script>") and rules.markup_problem('<img onerror="x">')
    assert rules.markup_problem("车速<30，建议限速") is None
    assert rules.mobile_problem("13800138000") is None and rules.mobile_problem("23800138000")


def test_a_stored_sheet_is_shown_as_the_teller_typed_it():
    titles = ["甲", "乙", "丙"]
    assert rules.sheet_line("approval", titles, ["甲", "丙"]) == "1 3"
    assert rules.sheet_line("approval", titles, []) == "-"
    assert rules.sheet_line("per_line", titles, {"甲": ["yes"], "乙": ["yes", "no"]}) == "YX-"
