"""Whoever sees a deputy's or a citizen's ID number or phone in full leaves an audit entry
(core.audit.record_read); whoever sees it masked leaves none. 等保三级 安全审计: personal-data reads."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def client_as(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def reads():
    return AuditEntry.objects.filter(action="read_personal_data")


def test_opening_a_deputys_edit_form_is_a_read_of_the_id_number(demo):
    from registry.models import Deputy

    deputy = Deputy.objects.filter(congress=demo.congress).order_by("pk").first()
    page = client_as("staff").get(reverse("registry:deputy_update", args=[deputy.pk]))
    assert page.status_code == 200 and deputy.id_number in page.content.decode()
    entry = reads().get()
    assert entry.actor_label and entry.object_id == str(deputy.pk) and "身份证号" in entry.note
    # The detail page shows them masked: no entry.
    client_as("staff").get(reverse("registry:deputy_detail", args=[deputy.pk]))
    assert reads().count() == 1


def test_the_station_worker_handling_a_message_sees_the_phone_and_it_is_logged(demo):
    from stations.models import Message

    station_staff = User.objects.get(username="station")
    station_id = station_staff.role_assignments.get().station_id
    message = Message.objects.filter(station_id=station_id).exclude(phone="").order_by("pk").first()
    assert message is not None
    page = client_as("station").get(reverse("stations:message_detail", args=[message.pk]))
    assert page.status_code == 200 and message.phone in page.content.decode()
    again = client_as("station").get(reverse("stations:message_detail", args=[message.pk])).content.decode()
    assert "read_personal_data" not in again  # a read is the auditor's to see, not the message's history
    assert reads().count() == 2
    entry = reads().order_by("seq").first()
    assert entry.actor_id == station_staff.pk and entry.object_type == "stations.message"
    assert entry.object_id == str(message.pk)


def test_a_leader_sees_the_phone_masked_and_leaves_no_read(demo):
    from stations.models import Message

    message = Message.objects.filter(congress=demo.congress).exclude(phone="").order_by("pk").first()
    page = client_as("leader").get(reverse("stations:message_detail", args=[message.pk]))
    assert page.status_code == 200 and message.phone not in page.content.decode()
    assert not reads().exists()


def test_staff_reading_proposals_with_contact_numbers_leave_an_entry_per_page(demo):
    from projects.models import Proposal

    proposal = Proposal.objects.exclude(mobile="").order_by("pk").first()
    assert proposal is not None
    client = client_as("staff")
    assert client.get(reverse("projects:proposal_detail", args=[proposal.pk])).status_code == 200
    assert reads().get().object_id == str(proposal.pk)
    assert client.get(reverse("projects:proposal_list", args=[proposal.call_id])).status_code == 200
    listing = reads().order_by("-seq").first()
    assert listing.object_type == "projects.call" and "手机号码" in listing.note
    # Leaders see the proposals without contact details.
    client_as("leader").get(reverse("projects:proposal_detail", args=[proposal.pk]))
    assert reads().count() == 2
