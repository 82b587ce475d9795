"""`renda demo` loads the fictional 示范区 congress, the same one for the same seed, and only once."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from accounts.models import Role, RoleAssignment, User
from core.models import AuditEntry
from portal import demo
from registry import demo as registry_demo
from registry.models import CommitteeMembership, Congress, Deputy, Station, Subdistrict, Unit
from registry.queries import deputy_count, member_count
from registry.rules import id_number_problem


def quietly(line: str) -> None:
    pass


@pytest.fixture
def demo_congress(db) -> Congress:
    return demo.load(say=quietly).congress


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def failing_step(demo_run) -> None:
    raise RuntimeError("步骤失败")


seen_by_later_step = []


def later_step(demo_run) -> None:
    seen_by_later_step.append(demo_run.congress.code)
    demo_run.summary.append("后续步骤已运行")


@pytest.mark.django_db
class TestWhatTheDemoContains:
    def test_365_deputies_hold_a_seat_one_suspended_and_two_terminated(self, demo_congress):
        deputies = Deputy.objects.filter(congress=demo_congress)
        assert deputy_count(demo_congress) == 365
        assert deputies.filter(status=Deputy.Status.SUSPENDED).count() == 1
        assert deputies.filter(status=Deputy.Status.TERMINATED, terminated_on__isnull=False).count() == 2
        assert not deputies.exclude(status=Deputy.Status.SERVING).filter(status_reason="").exists()

    def test_the_standing_committee_has_29_members_one_chair_and_five_vice_chairs(self, demo_congress):
        members = CommitteeMembership.objects.filter(congress=demo_congress)
        assert member_count(demo_congress) == 29
        assert members.filter(position=CommitteeMembership.Position.CHAIR).count() == 1
        assert members.filter(position=CommitteeMembership.Position.VICE_CHAIR).count() == 5
        assert not members.exclude(deputy__status=Deputy.Status.SERVING).exists()

    def test_81_stations_in_14_subdistricts_each_with_a_deputy(self, demo_congress):
        stations = Station.objects.filter(congress=demo_congress)
        assert Subdistrict.objects.filter(congress=demo_congress).count() == 14
        assert stations.filter(level=Station.Level.SUBDISTRICT).count() == 14
        assert stations.filter(level=Station.Level.COMMUNITY).count() == 67
        assert not stations.filter(deputies__isnull=True).exists()
        assert not stations.filter(address="").exists() and not stations.filter(opening_hours="").exists()

    def test_35_to_45_units_each_with_a_handler_account(self, demo_congress):
        units = Unit.objects.filter(congress=demo_congress)
        assert 35 <= units.count() <= 45
        assert not units.filter(handlers__isnull=True).exists()
        assert units.filter(kind=Unit.Kind.COURT).count() == 1
        assert units.filter(kind=Unit.Kind.PROCURATORATE).count() == 1

    def test_every_deputy_holding_a_seat_has_a_deputy_account(self, demo_congress):
        holding = Deputy.objects.filter(congress=demo_congress).exclude(
            status__in=[Deputy.Status.TERMINATED, Deputy.Status.TERM_ENDED]
        )
        assert not holding.filter(user__isnull=True).exists()
        assert RoleAssignment.objects.filter(congress=demo_congress, role=Role.DEPUTY).count() == 365
        assert not Deputy.objects.filter(status=Deputy.Status.TERMINATED, user__isnull=False).exists()


@pytest.mark.django_db
class TestAccounts:
    @pytest.mark.parametrize("username", demo.ACCOUNTS)
    def test_one_account_per_role_can_log_in(self, demo_congress, username):
        assert Client().login(username=username, password=demo.DEMO_PASSWORD)

    def test_each_account_holds_its_role(self, demo_congress):
        def roles(username):
            return set(
                RoleAssignment.objects.filter(user__username=username, congress=demo_congress).values_list(
                    "role", flat=True
                )
            )

        assert roles("staff") == {Role.STAFF}
        assert Role.LEADER in roles("leader")
        assert roles("deputy") == {Role.DEPUTY}
        assert User.objects.get(username="admin").is_superuser
        assert RoleAssignment.objects.get(user__username="unit").unit.name == "示范区教育局"
        station = RoleAssignment.objects.get(user__username="station").station
        assert station == Station.objects.filter(level=Station.Level.SUBDISTRICT).order_by("id").first()

    def test_the_leader_is_the_chair(self, demo_congress):
        chair = CommitteeMembership.objects.get(
            congress=demo_congress, position=CommitteeMembership.Position.CHAIR
        )
        assert chair.deputy.user.username == "leader"

    def test_the_deputy_logs_in_with_the_mobile_number(self, demo_congress):
        deputy = Deputy.objects.get(user__username="deputy")
        assert deputy.user.mobile == deputy.phone
        assert Client().login(username=deputy.phone, password=demo.DEMO_PASSWORD)

    def test_any_deputy_logs_in_with_the_deputy_number(self, demo_congress):
        deputy = Deputy.objects.filter(congress=demo_congress, user__username="17002").get()
        assert Client().login(username=deputy.number, password=demo.DEMO_PASSWORD)

    def test_demo_accounts_lists_one_account_per_role_with_the_password(self, demo_congress):
        output = run("demo_accounts")
        for username in demo.ACCOUNTS:
            assert f"  {username} " in output
        assert demo.DEMO_PASSWORD in output and "http://127.0.0.1:8000/" in output

    def test_demo_accounts_says_when_there_is_no_demo(self, db):
        assert "演示数据尚未生成" in run("demo_accounts")


class TestGeneratedPeople:
    def test_the_same_seed_gives_the_same_names_and_id_numbers(self):
        first, second = registry_demo.plan(random.Random(5)), registry_demo.plan(random.Random(5))
        assert first == second
        assert [d.name for d in first.deputies] == [d.name for d in second.deputies]
        assert [d.id_number for d in first.deputies] == [d.id_number for d in second.deputies]

    def test_another_seed_gives_other_people(self):
        first, second = registry_demo.plan(random.Random(5)), registry_demo.plan(random.Random(6))
        assert [d.name for d in first.deputies] != [d.name for d in second.deputies]

    def test_id_numbers_are_well_formed_unique_and_of_no_real_region(self):
        deputies = registry_demo.plan(random.Random(5)).deputies
        assert all(id_number_problem(d.id_number) is None for d in deputies)
        assert all(d.id_number.startswith("99") for d in deputies)
        assert len({d.id_number for d in deputies}) == len(deputies)
        assert all(d.id_number[6:14] == f"{d.birth_date:%Y%m%d}" for d in deputies)

    def test_names_and_mobiles_are_unique_and_never_well_known(self):
        p = registry_demo.plan(random.Random(5))
        people = [*p.deputies, *(u.handler for u in p.units), p.staff, p.station_staff]
        names = [person.name for person in people]
        assert len(set(names)) == len(names)
        assert not set(names) & registry_demo.WELL_KNOWN_NAMES
        phones = [d.phone for d in p.deputies] + [u.handler.mobile for u in p.units]
        assert len(set(phones)) == len(phones)

    def test_about_three_in_ten_deputies_are_women(self):
        deputies = registry_demo.plan(random.Random(5)).deputies
        assert 0.25 <= sum(d.female for d in deputies) / len(deputies) <= 0.38

    @pytest.mark.django_db
    def test_the_load_follows_the_plan_of_its_seed(self, demo_congress):
        expected = registry_demo.plan(demo.random_for(demo.DEFAULT_SEED, "registry")).deputies
        loaded = Deputy.objects.filter(congress=demo_congress, term__number=17).order_by("number")
        assert list(loaded.values_list("name", "id_number")) == [(d.name, d.id_number) for d in expected]


@pytest.mark.django_db
class TestDemoCommand:
    def test_demo_loads_an_empty_database_and_reports_in_chinese(self):
        output = run("demo")
        assert "生成代表 365 人" in output and "演示数据已生成" in output
        assert Congress.objects.get(parent=None).code == "demo-city"  # the demo district's city (DOMAIN §11)
        assert Congress.objects.get(code="demo").parent.code == "demo-city"

    def test_if_empty_does_nothing_on_a_non_empty_database(self):
        Congress.objects.create(code="other", name="另一区人民代表大会", region="另一区")
        assert "不再生成" in run("demo", "--if-empty")
        assert demo.demo_congress() is None and not Deputy.objects.exists()

    def test_without_flags_it_refuses_when_another_congress_exists(self):
        Congress.objects.create(code="other", name="另一区人民代表大会", region="另一区")
        with pytest.raises(CommandError, match="--force"):
            run("demo")
        assert demo.demo_congress() is None

    def test_force_loads_beside_another_congress(self):
        Congress.objects.create(code="other", name="另一区人民代表大会", region="另一区")
        run("demo", "--force")
        assert deputy_count(demo.demo_congress()) == 365

    def test_it_never_loads_the_demo_twice(self, demo_congress):
        with pytest.raises(CommandError, match="已存在"):
            run("demo", "--force")
        assert Congress.objects.filter(code="demo").count() == 1

    def test_the_load_writes_exactly_one_load_demo_audit_entry(self, demo_congress):
        entry = AuditEntry.objects.get(action="load_demo")
        assert entry.congress_id == demo_congress.pk and entry.actor_id is None
        assert "代表 365 人" in entry.note
        assert AuditEntry.objects.count() == 1

    @override_settings(DEMO_STEPS=["registry.demo.load", "portal.tests.test_demo.later_step"])
    def test_later_steps_from_the_setting_run_on_the_demo_congress(self):
        seen_by_later_step.clear()
        assert "后续步骤已运行" in run("demo")
        assert seen_by_later_step == ["demo"]

    @override_settings(DEMO_STEPS=["registry.demo.load", "portal.tests.test_demo.failing_step"])
    def test_a_failing_step_leaves_nothing_behind(self):
        with pytest.raises(RuntimeError):
            run("demo")
        assert not Congress.objects.exists() and not User.objects.exists()
