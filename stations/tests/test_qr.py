import io

import pytest
from docx import Document

from conftest import client_for
from registry.models import Deputy

pytestmark = pytest.mark.django_db


def test_station_qr_png(citizen, station, settings):
    response = citizen.get(f"/p/demo/stations/{station.pk}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_deputy_qr_png(citizen, station_deputy):
    deputy = Deputy.objects.get(user=station_deputy)
    response = citizen.get(f"/p/demo/stations/deputies/{deputy.pk}/qr.png")
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")


def test_a_deputy_without_a_station_has_no_public_page(citizen, deputy):
    record = Deputy.objects.get(user=deputy)
    assert citizen.get(f"/p/demo/stations/deputies/{record.pk}/").status_code == 404


def test_station_poster_is_an_a4_docx_with_name_and_code(station_staff, station, settings):
    settings.PUBLIC_BASE_URL = "https://renda.example.cn"
    response = client_for(station_staff).get(f"/stations/stations/{station.pk}/poster.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert station.name in text and f"https://renda.example.cn/p/demo/stations/{station.pk}/" in text
    assert len(doc.inline_shapes) == 1
    assert round(doc.sections[0].page_width.cm) == 21 and round(doc.sections[0].page_height.cm) == 30


def test_deputy_poster(station_staff, station_deputy):
    deputy = Deputy.objects.get(user=station_deputy)
    response = client_for(station_staff).get(f"/stations/deputies/{deputy.pk}/poster.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "钱代表 代表" in text


def test_another_station_cannot_print_the_poster(other_station_staff, station):
    assert (
        client_for(other_station_staff).get(f"/stations/stations/{station.pk}/poster.docx").status_code == 404
    )
