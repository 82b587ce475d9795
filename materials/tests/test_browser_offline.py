"""In headless Chromium: a material opened once during the sitting opens again with the network
gone (the service worker's copy: page, PDF and viewer); once the meeting closes, the device drops
its copy of an 内部 material the next time it reaches the server."""

import pytest

from materials.models import Material, ReadRecord
from materials.tests.helpers import later_meeting, released
from meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT = "async (url) => Boolean(await caches.match(url, { ignoreSearch: true }))"


def test_a_material_loaded_during_the_sitting_opens_offline_and_is_dropped_at_close(
    phone, clerk, deputy, congress
):
    meeting = later_meeting(congress)
    internal = released(clerk, meeting, "政府工作报告")
    public = released(
        clerk, meeting, "关于预算执行情况的报告", confidentiality=Material.Confidentiality.PUBLIC
    )
    p = phone.page
    phone.login(deputy.username)
    for material in (internal, public):
        phone.goto(f"/materials/{material.pk}/read/")
        p.wait_for_selector("#reader[data-offline='1']", timeout=20000)
    reads = ReadRecord.objects.count()
    read_url = f"{phone.base_url}/materials/{internal.pk}/read/"

    # The network goes: the page, the PDF and the viewer come from the device's copy.
    p.context.set_offline(True)
    response = phone.goto(f"/materials/{internal.pk}/read/")
    assert response.from_service_worker
    p.wait_for_selector(".material-page[data-drawn='1'] canvas", timeout=20000)
    assert "张代表" in p.locator("[data-testid=watermark]").inner_text()
    assert ReadRecord.objects.count() == reads  # nothing reached the server
    phone.goto("/materials/")
    assert "政府工作报告" in p.content()

    # Back online, the meeting closes: the next page load drops the 内部 copy, keeps the 公开 one.
    p.context.set_offline(False)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    phone.goto("/materials/")
    for _ in range(50):  # the copy is dropped just after the page loads
        if not p.evaluate(KEPT, read_url):
            break
        p.wait_for_timeout(100)
    assert not p.evaluate(KEPT, read_url)
    assert not p.evaluate(KEPT, f"{phone.base_url}/materials/versions/{internal.versions.get().pk}/file/")
    assert p.evaluate(KEPT, f"{phone.base_url}/materials/{public.pk}/read/")
    p.context.set_offline(True)
    with pytest.raises(Exception, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        phone.goto(f"/materials/{internal.pk}/read/")
