"""The link from a meeting's page to its group deliberation, for those who may open it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from deliberation import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def deliberation_link(context, meeting, css="btn btn-outline-secondary"):
    request = context.get("request")
    if request is None or not permissions.can_view_meeting(request.user, meeting):
        return ""
    return format_html(
        '<a class="{}" href="{}">分组审议</a>', css, reverse("deliberation:meeting_groups", args=[meeting.pk])
    )
