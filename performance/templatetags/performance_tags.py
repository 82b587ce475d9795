from django import template

from performance import rules

register = template.Library()
register.filter("points", rules.format_tenths)


@register.filter
def grade_label(grade: str) -> str:
    return rules.GRADE_LABELS.get(grade, "")
