"""The one reader of per-congress settings: typed defaults, validation, a form, one audited save."""

import pytest

from core import congress_settings as cs
from core.models import AuditEntry

SECTION = cs.Section(
    "sample",
    "示例",
    (
        cs.Setting("days", 10, "期限（日）", "多少日内办理。", min_value=1, max_value=60),
        cs.Setting("strict", False, "严格", "是否严格。"),
        cs.Setting(
            "mode", "a", "方式", "办理方式。", kind="choice", choices=(("a", "甲方式"), ("b", "乙方式"))
        ),
        cs.Setting("closes_on", "", "截止日期", "空为不限。", kind="date"),
        cs.Setting("names", ["一", "二"], "分类", "每行一个。"),
    ),
)


class Holder:
    def __init__(self, settings):
        self.settings = settings


def test_defaults_apply_when_nothing_is_stored():
    assert SECTION.read(Holder(None)) == {
        "days": 10,
        "strict": False,
        "mode": "a",
        "closes_on": "",
        "names": ["一", "二"],
    }


def test_stored_values_override_and_bad_ones_keep_the_default():
    holder = Holder(
        {"sample": {"days": 0, "strict": "yes", "mode": "b", "closes_on": "2026-02-30", "other": 1}}
    )
    assert SECTION.read(holder) == {
        "days": 10,
        "strict": False,
        "mode": "b",
        "closes_on": "",
        "names": ["一", "二"],
    }
    assert SECTION.value(Holder({"sample": {"days": 20}}), "days") == 20


def test_rows_show_labels_values_and_meaning_in_chinese():
    rows = SECTION.rows(Holder({"sample": {"mode": "b", "strict": True}}))
    assert ("方式", "乙方式", "办理方式。") in rows and ("严格", "是", "是否严格。") in rows
    assert ("截止日期", "（未设置）", "空为不限。") in rows


def test_the_form_validates_with_chinese_messages():
    form_class = cs.settings_form(SECTION, cs.CALENDAR)
    form = form_class(
        {"days": "61", "mode": "c", "closes_on": "2026-13-01", "names": "", "holidays": "2026-10-01\n国庆"},
        congress=Holder({}),
    )
    assert not form.is_valid()
    assert "61" not in str(form.errors["days"]) and "60" in str(form.errors["days"])
    assert form.errors["mode"] == ["请从列表中选择。"]
    assert form.errors["closes_on"] == ["日期格式应为 2026-03-01。"]
    assert form.errors["holidays"] == ["“国庆”不是日期，格式应为 2026-03-01"]


def test_the_form_gives_stored_values_per_section():
    form_class = cs.settings_form(SECTION, cs.CALENDAR)
    form = form_class(
        {
            "days": "5",
            "strict": "on",
            "mode": "b",
            "names": "甲、乙\n丙",
            "holidays": "2026-10-02，2026-10-01",
        },
        congress=Holder({}),
    )
    assert form.is_valid(), form.errors
    assert form.stored[SECTION] == {
        "days": 5,
        "strict": True,
        "mode": "b",
        "closes_on": "",
        "names": ["甲", "乙", "丙"],
    }
    assert form.stored[cs.CALENDAR] == {"holidays": ["2026-10-01", "2026-10-02"], "working_days": []}


def test_a_key_in_two_sections_is_a_programming_error():
    with pytest.raises(ValueError):
        cs.settings_form(SECTION, SECTION)


@pytest.mark.django_db
def test_save_writes_every_section_and_one_audit_entry(congress, clerk):
    congress.settings = {"performance": {"version": 3}}
    congress.save()
    cs.save_sections(congress, {SECTION: {"days": 7}, cs.CALENDAR: {"holidays": ["2026-10-01"]}}, actor=clerk)
    congress.refresh_from_db()
    assert congress.settings["sample"]["days"] == 7 and congress.settings["performance"] == {"version": 3}
    assert congress.settings["calendar"]["holidays"] == ["2026-10-01"]
    entry = AuditEntry.objects.get(action="update_settings")
    assert entry.changes["sample.days"] == [None, 7] and entry.note == "示例、节假日安排本地设置"


@pytest.mark.django_db
def test_a_bad_value_or_a_failing_extra_step_saves_nothing(congress, clerk):
    with pytest.raises(ValueError):
        cs.save_sections(congress, {SECTION: {"days": 0}}, actor=clerk)

    def fails(locked):
        raise ValueError("模板有误")

    with pytest.raises(ValueError):
        cs.save_sections(congress, {SECTION: {"days": 7}}, actor=clerk, also=fails)
    congress.refresh_from_db()
    assert "sample" not in (congress.settings or {})
    assert not AuditEntry.objects.filter(action="update_settings").exists()
