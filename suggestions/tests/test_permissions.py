"""Who sees what: hidden is 404, like missing."""

import pytest

from conftest import client_for
from suggestions.tests import factories as f


def test_other_unit_gets_404(congress, clerk, deputy, unit, unit_handler, other_unit_handler):
    s = f.assigned(congress, deputy, clerk, unit)
    assert client_for(unit_handler).get(f"/suggestions/{s.pk}/").status_code == 200
    assert client_for(other_unit_handler).get(f"/suggestions/{s.pk}/").status_code == 404
    assert client_for(other_unit_handler).post(f"/suggestions/{s.pk}/accept/").status_code == 404


def test_missing_is_404_too(clerk):
    assert client_for(clerk).get("/suggestions/999999/").status_code == 404


def test_outsider_gets_404(congress, clerk, deputy, outsider):
    s = f.submitted(congress, deputy)
    assert client_for(outsider).get(f"/suggestions/{s.pk}/").status_code == 404


def test_other_deputy_cannot_see_draft(congress, deputy, co_signer):
    s = f.draft(congress, deputy)
    assert client_for(co_signer).get(f"/suggestions/{s.pk}/").status_code == 404


def test_unit_list_shows_only_own_items(congress, clerk, deputy, unit, other_unit, unit_handler):
    mine = f.assigned(congress, deputy, clerk, unit, title="本单位的建议")
    f.assigned(congress, deputy, clerk, other_unit, title="别的单位的建议")
    body = client_for(unit_handler).get("/suggestions/list/").content.decode()
    assert mine.title in body and "别的单位的建议" not in body


def test_anonymous_is_sent_to_login(congress, deputy, citizen):
    s = f.submitted(congress, deputy)
    assert citizen.get(f"/suggestions/{s.pk}/").status_code == 302


def test_attachment_served_only_to_viewers(congress, deputy, co_signer, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    s = f.draft(congress, deputy)
    c = client_for(deputy)
    r = c.post(
        f"/suggestions/{s.pk}/attach/",
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")},
    )
    assert r.status_code == 302
    a = s.attachments.get()
    assert c.get(f"/suggestions/attachments/{a.pk}/").status_code == 200
    assert client_for(co_signer).get(f"/suggestions/attachments/{a.pk}/").status_code == 404


def test_attachment_type_and_size_checked(congress, deputy, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    s = f.draft(congress, deputy)
    c = client_for(deputy)
    r = c.post(f"/suggestions/{s.pk}/attach/", {"file": SimpleUploadedFile("a.exe", b"MZ")}, follow=True)
    assert "只能上传" in r.content.decode()
    r = c.post(f"/suggestions/{s.pk}/attach/", {"file": SimpleUploadedFile("a.pdf", b"MZxxxx")}, follow=True)
    assert "不符" in r.content.decode()
    assert not s.attachments.exists()


@pytest.mark.parametrize("data", [{}, {"rating": "bogus"}, {"rating": "dissatisfied"}])
def test_malformed_feedback_never_500(congress, clerk, deputy, unit, unit_handler, data):
    s = f.replied(congress, deputy, clerk, unit, unit_handler)
    r = client_for(deputy).post(f"/suggestions/{s.pk}/feedback/", {"confirmed": "yes", **data})
    assert r.status_code == 400
    s.refresh_from_db()
    assert s.status == "replied"


def test_get_on_action_is_405(congress, clerk, deputy):
    s = f.submitted(congress, deputy)
    assert client_for(clerk).get(f"/suggestions/{s.pk}/register/").status_code == 405


def test_double_submit_is_refused_politely(congress, clerk, deputy):
    s = f.submitted(congress, deputy)
    c = client_for(clerk)
    assert c.post(f"/suggestions/{s.pk}/register/", {"number": "3", "confirmed": "yes"}).status_code == 302
    r = c.post(f"/suggestions/{s.pk}/register/", {"number": "3", "confirmed": "yes"}, follow=True)
    assert "不能立案" in r.content.decode()
