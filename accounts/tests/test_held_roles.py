"""HeldRoles: the one answer to "does this user hold role R in congress C", and its template filter."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from accounts.models import Role, RoleAssignment
from accounts.permissions import HeldRoles, has_role, is_staff_of
from conftest import client_for


def test_a_user_holds_their_roles_in_their_congress_only(congress, other_congress, clerk, unit_handler, unit):
    assert HeldRoles.of(clerk, congress.pk).has(Role.STAFF)
    assert not HeldRoles.of(clerk, other_congress.pk)
    assert is_staff_of(clerk, congress.pk) and not is_staff_of(clerk, other_congress.pk)
    assert has_role(unit_handler, congress.pk, Role.UNIT_HANDLER, Role.STAFF)
    assert HeldRoles.of(unit_handler, congress.pk).unit_ids == {unit.pk}


def test_nobody_signed_in_holds_nothing(congress):
    assert not HeldRoles.of(None, congress.pk) and not HeldRoles.of(AnonymousUser(), congress.pk)
    assert not is_staff_of(AnonymousUser(), congress.pk)


def test_an_inactive_role_is_not_held(congress, clerk):
    RoleAssignment.objects.filter(user=clerk).update(is_active=False)
    assert not is_staff_of(clerk, congress.pk)


def test_one_query_per_user_and_congress_until_forgotten(congress, leader, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert has_role(leader, congress.pk, Role.LEADER)
        assert not is_staff_of(leader, congress.pk)
    RoleAssignment.objects.create(user=leader, congress=congress, role=Role.STAFF)
    assert not is_staff_of(leader, congress.pk)  # remembered for the request
    HeldRoles.forget(leader)
    assert is_staff_of(leader, congress.pk)


def test_a_misspelt_role_is_an_error_not_a_silent_refusal(congress, clerk):
    with pytest.raises(ValueError, match="unknown role"):
        HeldRoles.of(clerk, congress.pk).has("staf")


def test_the_template_filter_answers_with_the_same_lookup(congress, clerk, leader):
    template = Template(
        '{% load renda %}{% if roles|holds:"staff, leader" %}办公室{% endif %}{% if roles|holds:"staff" %}·工作人员{% endif %}'
    )
    assert template.render(Context({"roles": HeldRoles.of(clerk, congress.pk)})) == "办公室·工作人员"
    assert template.render(Context({"roles": HeldRoles.of(leader, congress.pk)})) == "办公室"
    assert template.render(Context({"roles": None})) == ""


def test_the_suggestions_menu_shows_settings_to_staff_only(congress, clerk, leader):
    assert "本地设置" in client_for(clerk).get("/suggestions/").content.decode()
    page = client_for(leader).get("/suggestions/").content.decode()
    assert "本地设置" not in page and "统计" in page
