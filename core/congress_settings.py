"""Per-congress settings: the one reader, the one validator and the one form builder.

Local practice (DOMAIN: every rule marked *(local)*) is kept per congress in ``Congress.settings``,
a JSON object with one section per app (``settings["suggestions"]``, ``settings["stations"]``…).
An app declares its section once, as a ``Section`` of typed ``Setting``s, each with its default,
its Chinese label and the meaning shown to staff. Reading overlays the congress's stored values on
the defaults and ignores a stored value that fails validation (the default applies), so a
hand-edited JSON can never break a deadline. Saving validates, locks the congress row, writes and
audits in one transaction.

Core imports no app: a section takes the congress object as an argument.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

KINDS = ("int", "bool", "text", "choice", "date", "dates", "lines")


@dataclass(frozen=True)
class Setting:
    """One local rule: its key in the section, default, label and meaning (shown to staff)."""

    key: str
    default: Any
    label: str
    help: str
    kind: str = ""  # derived from the default when empty; "choice", "date", "dates" must be given
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, Chinese label)
    min_value: int | None = None
    max_value: int | None = None

    def __post_init__(self):
        if not self.kind:
            default = self.default
            kind = (
                "bool"
                if isinstance(default, bool)
                else "int"
                if isinstance(default, int)
                else "lines"
                if isinstance(default, list)
                else "text"
            )
            object.__setattr__(self, "kind", kind)
        if self.kind not in KINDS:
            raise ValueError(f"unknown setting kind {self.kind!r}")

    # ------------------------------------------------------------------ validation

    def clean(self, value: Any) -> Any:
        """The stored form of ``value``; ValueError (Chinese message) when it is not acceptable."""
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError("应为“是”或“否”")
            return value
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("应为整数")
            if self.min_value is not None and value < self.min_value:
                raise ValueError(f"不能小于 {self.min_value}")
            if self.max_value is not None and value > self.max_value:
                raise ValueError(f"不能大于 {self.max_value}")
            return value
        if self.kind == "choice":
            if value not in dict(self.choices):
                raise ValueError("不是可选的值")
            return value
        if self.kind == "date":
            if value in (None, ""):
                return ""
            return _iso_date(value).isoformat()
        if self.kind == "dates":
            if not isinstance(value, list | tuple):
                raise ValueError("应为日期列表")
            return sorted({_iso_date(v).isoformat() for v in value})
        if self.kind == "lines":
            if not isinstance(value, list | tuple):
                raise ValueError("应为列表")
            return [str(v).strip() for v in value if str(v).strip()] or list(self.default)
        if not isinstance(value, str):
            raise ValueError("应为文字")
        return value.strip()

    def display(self, value: Any) -> str:
        """The value as staff read it (Chinese labels, never a stored slug)."""
        if self.kind == "bool":
            return "是" if value else "否"
        if self.kind == "choice":
            return dict(self.choices).get(value, str(value))
        if self.kind in ("dates", "lines"):
            return "、".join(value) if value else "（无）"
        return str(value) if value not in (None, "") else "（未设置）"

    # ------------------------------------------------------------------ form

    def form_field(self) -> forms.Field:
        field = self._form_field()
        widget = field.widget
        css = (
            "form-check-input"
            if isinstance(widget, forms.CheckboxInput)
            else "form-select"
            if isinstance(widget, forms.Select)
            else "form-control"
        )
        widget.attrs.setdefault("class", css)
        return field

    def _form_field(self) -> forms.Field:
        common: dict[str, Any] = {"label": self.label, "help_text": self.help}
        if self.kind == "bool":
            return forms.BooleanField(required=False, **common)
        if self.kind == "int":
            return forms.IntegerField(
                min_value=self.min_value,
                max_value=self.max_value,
                error_messages={"required": "请填写。", "invalid": "请填写整数。"},
                **common,
            )
        if self.kind == "choice":
            return forms.ChoiceField(
                choices=self.choices, error_messages={"invalid_choice": "请从列表中选择。"}, **common
            )
        if self.kind == "date":
            return forms.DateField(
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={"invalid": "日期格式应为 2026-03-01。"},
                **common,
            )
        if self.kind in ("dates", "lines"):
            return forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), **common)
        return forms.CharField(required=False, max_length=200, **common)

    def initial(self, value: Any) -> Any:
        if self.kind in ("dates", "lines"):
            return "\n".join(value)
        if self.kind == "date":
            return value or None
        return value

    def from_form(self, value: Any) -> Any:
        """A cleaned form value to the stored form (raises ValueError with a Chinese message)."""
        if self.kind in ("dates", "lines"):
            text = (value or "").replace("，", ",").replace("、", ",").replace("\n", ",")
            items = [x.strip() for x in text.split(",") if x.strip()]
            return self.clean(items)
        if self.kind == "date":
            return value.isoformat() if value else ""
        return self.clean(value)


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"“{value}”不是日期，格式应为 2026-03-01") from None


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per section
class Section:
    """The settings one app keeps in ``Congress.settings[name]``."""

    name: str
    title: str
    settings: tuple[Setting, ...]
    # Kept by the security administrator rather than the system administrator (三员分立).
    security: bool = False

    def __getitem__(self, key: str) -> Setting:
        for setting in self.settings:
            if setting.key == key:
                return setting
        raise KeyError(key)

    @property
    def defaults(self) -> dict:
        return {s.key: s.default for s in self.settings}

    def read(self, congress_or_raw) -> dict:
        """The defaults overlaid with the congress's valid stored values (an invalid one keeps its default)."""
        raw = congress_or_raw if isinstance(congress_or_raw, Mapping) else stored(congress_or_raw, self.name)
        values = self.defaults
        for setting in self.settings:
            if setting.key in raw:
                with contextlib.suppress(ValueError):
                    values[setting.key] = setting.clean(raw[setting.key])
        return values

    def value(self, congress, key: str) -> Any:
        return self.read(congress)[key]

    def rows(self, congress) -> list[tuple[str, str, str]]:
        """(label, value as staff read it, meaning) for a page that shows the settings in force."""
        values = self.read(congress)
        return [(s.label, s.display(values[s.key]), s.help) for s in self.settings]

    def write(self, congress, values: Mapping) -> None:
        """Store ``values`` (validated again here) in this section of a congress the caller has locked."""
        after = self.read(stored(congress, self.name))
        for key, value in values.items():
            after[key] = self[key].clean(value)
        put(congress, self.name, after)


def put(congress, name: str, data: dict) -> None:
    """Replace one section on a congress the caller has locked, leaving the other apps' sections alone."""
    congress.settings = {**(congress.settings or {}), name: data}


# Every section staff can edit on the settings page (core/settings_views.py), in menu order. Apps
# register theirs in rules.py; core.apps imports every app's rules module at start-up.
SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    if SECTIONS.get(section.name, section) is not section:
        raise ValueError(f"settings section {section.name!r} registered twice")
    SECTIONS[section.name] = section
    return section


def stored(congress, name: str) -> dict:
    """The section exactly as stored (no defaults): the one place that reads ``Congress.settings``."""
    return dict(((getattr(congress, "settings", None) or {}).get(name)) or {})


def settings_form(*sections: Section, base: type[forms.Form] = forms.Form) -> type[Any]:
    """A Django form with one field per setting of ``sections`` (keys must not collide).

    ``form = Form(data, congress=congress)`` fills the current values; once valid,
    ``form.stored`` holds ``{section: {key: stored value}}`` ready for ``form.save(actor=...)``.
    """
    fields: dict[str, forms.Field] = {}
    for section in sections:
        for setting in section.settings:
            if setting.key in fields:
                raise ValueError(f"setting {setting.key!r} appears in two sections")
            fields[setting.key] = setting.form_field()

    def __init__(form, *args, congress=None, **kwargs):
        if congress is not None:
            initial = {}
            for section in sections:
                values = section.read(congress)
                initial.update({s.key: s.initial(values[s.key]) for s in section.settings})
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super(form_cls, form).__init__(*args, **kwargs)
        form.congress = congress
        form.stored = {}

    def clean(form):
        data = super(form_cls, form).clean()
        form.stored = {section: {} for section in sections}
        for section in sections:
            for setting in section.settings:
                if setting.key in form.errors or setting.key not in data:
                    continue
                try:
                    form.stored[section][setting.key] = setting.from_form(data[setting.key])
                except ValueError as error:
                    form.add_error(setting.key, str(error))
        return data

    def save(form, *, actor, request=None) -> None:
        """Store ``form.stored`` (a valid form) with ``save_sections``: one transaction, one audit entry."""
        save_sections(form.congress, form.stored, actor=actor, request=request)

    # Built at run time, so typed loosely: its __init__ takes congress=, which forms.Form's does not.
    form_cls: type[Any] = type(
        "SettingsForm",
        (base,),
        {**fields, "__init__": __init__, "clean": clean, "save": save, "sections": sections},
    )
    return form_cls


def save_sections(
    congress,
    values: Mapping[Section, Mapping],
    *,
    actor,
    request=None,
    note: str = "",
    also: Callable[[Any], dict] | None = None,
) -> None:
    """Validate, lock the congress, write every section, run ``also`` and audit, in one transaction.

    ``also(locked_congress)`` saves what belongs with the settings elsewhere (a letter template) and
    returns its own ``{field: [old, new]}`` for the same audit entry. A ValueError anywhere leaves
    nothing written.
    """
    from django.db import transaction

    from core import audit

    with transaction.atomic():
        locked = type(congress).objects.select_for_update().get(pk=congress.pk)
        changes = {}
        for section, section_values in values.items():
            before = stored(locked, section.name)
            section.write(locked, section_values)
            changes.update(
                {
                    f"{section.name}.{k}": v
                    for k, v in audit.diff(before, stored(locked, section.name)).items()
                }
            )
        locked.save(update_fields=["settings"])
        if also is not None:
            changes.update(also(locked))
        audit.record(
            actor=actor,
            action="update_settings",
            obj=locked,
            congress=locked,
            changes=changes,
            request=request,
            note=note or "、".join(section.title for section in values) + "本地设置",
        )
    congress.settings = locked.settings


# The holiday calendar every deadline uses (core.dates.calendar_of); core owns it because every
# app's deadlines read it.
CALENDAR = register(
    Section(
        "calendar",
        "节假日安排",
        (
            Setting(
                "holidays",
                [],
                "法定节假日",
                "按国务院当年放假安排填写放假的日期（每行一个，如 2026-10-01）。"
                "期限的最后一日遇节假日或周末的，顺延至下一个工作日（民法典第二百零三条）。",
                kind="dates",
            ),
            Setting(
                "working_days",
                [],
                "调休上班日",
                "因调休而上班的周末日期（每行一个），计算期限和工作日时视为工作日。",
                kind="dates",
            ),
        ),
    )
)
