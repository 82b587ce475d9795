"""Searchable type-ahead pickers for deputies and units (issue #14).

A long multi-select (365 deputies) becomes a type-ahead box with core/picker.js and the vendored
Tom Select; without JavaScript it stays a native select.  Each option's text carries what people
search by: the name, the 代表证号 and the 代表团/街道 for a deputy, the full and short name for a unit.
"""

from __future__ import annotations

from django import forms


def deputy_label(deputy) -> str:
    where = getattr(deputy, "delegation", None)
    return f"{deputy.name}（{deputy.number}{f'，{where.name}' if where else ''}）"


def unit_label(unit) -> str:
    short = getattr(unit, "short_name", "")
    return f"{unit.name}（{short}）" if short and short != unit.name else unit.name


def make_picker(field: forms.ModelChoiceField, *, kind: str) -> forms.ModelChoiceField:
    """Turn a deputy or unit choice field into a type-ahead picker (kind: "deputy" or "unit")."""
    field.widget.attrs["data-picker"] = kind
    field.widget.attrs.pop("size", None)
    # The field's method is replaced per instance: the option text people search by.
    setattr(field, "label_from_instance", deputy_label if kind == "deputy" else unit_label)  # noqa: B010
    if kind == "deputy" and field.queryset is not None:
        field.queryset = field.queryset.select_related("delegation")
    return field


# The largest id a bigint column holds: a forged larger one must be refused, not sent to the database
# (SQLite raises OverflowError, PostgreSQL a DataError that spoils the transaction).
MAX_ID = 2**63 - 1


class ManyRecordsField(forms.ModelMultipleChoiceField):
    """A multi-select of records (deputies, units, agenda items): a forged id that is not a whole
    number or is out of range is refused as "not one of the choices", like any id not offered."""

    def clean(self, value):
        if self.to_field_name is None and isinstance(value, (list, tuple)):
            for pk in value:
                text = str(pk).strip()
                if not text.isdigit() or int(text) > MAX_ID:
                    raise forms.ValidationError(
                        "所选的“%(pk)s”不是可选项，请重新选择。", code="invalid_pk_value", params={"pk": pk}
                    )
        return super().clean(value)
