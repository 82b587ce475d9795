"""The offline reader's two server ends: the service worker script and the list of what to keep."""

import pytest
from django.test import Client

from conftest import client_for
from materials.tests.helpers import later_meeting, released
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_materials_path_without_inline_script(client):
    response = client.get("/materials/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"caches.open" in response.content


def test_the_offline_list_names_only_what_the_reader_may_read_now(clerk, deputy, congress):
    meeting = later_meeting(congress)
    internal = released(clerk, meeting, "政府工作报告")
    data = client_for(deputy).get("/materials/offline/").json()
    assert data["materials"] == [internal.pk] and data["versions"] == [internal.versions.get().pk]
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    assert client_for(deputy).get("/materials/offline/").json()["materials"] == []
    assert Client().get("/materials/offline/").json()["signed_in"] is False


def test_the_pdf_is_served_in_byte_ranges_so_pages_load_as_needed(clerk, deputy, congress):
    material = released(clerk, later_meeting(congress), "政府工作报告")
    url = f"/materials/versions/{material.versions.get().pk}/file/"
    whole = client_for(deputy).get(url)
    size = int(whole["Content-Length"])
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = client_for(deputy).get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 0-99/{size}"
    assert b"".join(part.streaming_content).startswith(b"%PDF-")
    assert client_for(deputy).get(url, HTTP_RANGE=f"bytes={size}-").status_code == 416
