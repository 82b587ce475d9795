"""The demo council has members, one counted and published 票选 and a second one open on phones."""

import pytest

from conftest import client_for
from councils.models import CouncilBallot
from registry.models import Congress, CouncilMember

pytestmark = pytest.mark.django_db


def test_the_demo_council_has_members_a_published_result_and_an_open_ballot(demo, django_user_model):
    council = Congress.objects.get(code="demo-council")
    categories = set(CouncilMember.objects.filter(congress=council).values_list("category", flat=True))
    assert categories == {"resident", "deputy", "community_staff"}
    published, opened = CouncilBallot.objects.filter(congress=council).order_by("held_on")
    assert published.status == "published" and published.result["adopted"]
    assert opened.status == "open" and opened.method == "electronic" and opened.participations.count() == 4

    page = client_for(None).get(f"/p/{council.code}/councils/{published.pk}/").content.decode()
    assert "青云街道居民议事会" in page and "入选" in page
    resident = client_for(django_user_model.objects.get(username="resident"))
    assert opened.title in resident.get("/councils/vote/").content.decode()
    assert "议事会票选：请投票" in resident.get("/").content.decode()
    office = client_for(django_user_model.objects.get(username="council")).get(f"/councils/{opened.pk}/")
    assert office.status_code == 200 and "已投票 4 名" in office.content.decode()
    district = client_for(django_user_model.objects.get(username="staff")).get("/councils/")
    assert published.title in district.content.decode()


def test_the_demo_phone_ballot_is_counted_with_the_demo_tellers_key_files(demo, django_user_model, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from councils.demo import key_dir

    opened = CouncilBallot.objects.get(congress__code="demo-council", status="open")
    office = client_for(django_user_model.objects.get(username="council"))
    assert office.post(f"/councils/{opened.pk}/close/", {"confirmed": "yes"}).status_code == 302
    box_file = tmp_path / "box.json"
    box_file.write_bytes(office.get(f"/councils/{opened.pk}/teller-document/").content)
    for teller in (1, 2):  # two of the three tellers decrypt
        share = tmp_path / f"share-{teller}.json"
        call_command(
            "decryption_share",
            key=str(key_dir() / f"teller-{teller}.key.json"),
            box=str(box_file),
            out=str(share),
        )
        upload = SimpleUploadedFile("share.json", share.read_bytes(), content_type="application/json")
        assert office.post(f"/councils/{opened.pk}/share/", {"document": upload}).status_code == 302
    opened.refresh_from_db()
    assert opened.status == "closed" and opened.result["valid_ballots"] == 4
    assert "计票结果" in office.get(f"/councils/{opened.pk}/").content.decode()
