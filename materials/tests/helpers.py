import datetime as dt
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from materials import workflow as mworkflow
from meetings.models import Meeting

PHONE_390 = {"width": 390, "height": 844}


def pdf_bytes(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_upload(name="报告.pdf", pages=2):
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def docx_upload(*paragraphs, name="决议草案.docx"):
    return SimpleUploadedFile(name, docx_bytes(*paragraphs))


def later_meeting(congress, kind=Meeting.Kind.PLENARY, days=10):
    from meetings.tests.helpers import make_meeting

    meeting = make_meeting(congress, kind)
    meeting.starts_at = timezone.now() + dt.timedelta(days=days)
    meeting.save(update_fields=["starts_at"])
    return meeting


def released(clerk, meeting, title, **fields):
    material = mworkflow.upload(
        actor=clerk,
        meeting=meeting,
        title=title,
        upload=pdf_upload(pages=3),
        release_at=timezone.now() - dt.timedelta(minutes=5),
        **fields,
    )
    return mworkflow.release(actor=clerk, material=material)
