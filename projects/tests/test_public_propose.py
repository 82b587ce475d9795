"""The public proposal form: bad input gets a clear Chinese message and stores nothing; markup is
shown as text wherever a proposal appears; rate limits and the captcha; the switch for the bench."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from conftest import client_for
from projects.models import Attachment, Proposal

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n" + b"0" * 100


@pytest.fixture
def form_url(call):
    return reverse("projects_public:propose", args=[call.congress.code])


def post(client, url, place, files=(), **changes):
    client.get(url)
    data = {
        "title": "东湖路增设公交站",
        "description": "东湖路沿线没有公交站。",
        "subdistrict": place.pk,
        "location": "东湖路",
        "category": "transport",
        "name": "",
        "mobile": "13800138000",
        "captcha": str(client.session["captcha_answer"]),
    }
    data.update(changes)
    if files:
        data["files"] = list(files)
    return client.post(url, data)


def test_a_good_proposal_with_a_png_and_a_pdf_is_stored_with_a_tracking_code(citizen, form_url, subdistrict):
    response = post(
        citizen,
        form_url,
        subdistrict,
        files=[
            SimpleUploadedFile("a.png", PNG, "image/png"),
            SimpleUploadedFile("b.pdf", PDF, "application/pdf"),
        ],
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.tracking_code in response["Location"]
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


@pytest.mark.parametrize(
    "changes, files, message",
    [
        ({"title": ""}, [], "请填写标题。"),
        ({"title": "   "}, [], "请填写标题。"),
        ({"title": "长" * 10000}, [], "标题不能超过 100 字（现为 10000 字）。"),
        ({"description": "好<script>alert(1)</script>"}, [], "内容中不能包含网页代码"),
        ({"mobile": "12345"}, [], "手机号码格式不正确"),
        ({"mobile": "1380013800a"}, [], "手机号码格式不正确"),
        ({"mobile": ""}, [], "请填写手机号码。"),
        (
            {},
            [SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "image/png")],
            "超过 5 MB 的限制",
        ),
        (
            {},
            [SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", "image/png")],
            "不是 JPG、PNG 图片或 PDF 文件",
        ),
        (
            {},
            [SimpleUploadedFile("a.exe", b"MZ\x90\x00", "application/octet-stream")],
            "不是 JPG、PNG 图片或 PDF 文件",
        ),
        ({}, [SimpleUploadedFile(f"{n}.pdf", PDF, "application/pdf") for n in range(4)], "最多上传 3 个附件"),
        ({"subdistrict": "999999"}, [], "所选街道（乡镇）不存在"),
        ({"subdistrict": "abc"}, [], "所选街道（乡镇）不存在"),
        ({"category": "nope"}, [], "所选类别不存在"),
        ({"captcha": "999"}, [], "验证问题回答错误"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_stores_nothing(
    citizen, form_url, subdistrict, changes, files, message
):
    response = post(citizen, form_url, subdistrict, files=files, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists() and not Attachment.objects.exists()


def test_a_malformed_post_never_500s(citizen, form_url):
    citizen.get(form_url)
    response = citizen.post(form_url, {"title": ["a", "b"], "subdistrict": "", "files": "x"})
    assert response.status_code == 400


def test_markup_entered_from_a_paper_letter_is_shown_as_text_everywhere(call, clerk, subdistrict, citizen):
    text = "<script>alert('x')</script><b>粗</b>"
    response = client_for(clerk).post(
        reverse("projects:submit"),
        {
            "title": f"标题{text}",
            "description": text,
            "subdistrict": subdistrict.pk,
            "category": "other",
            "mobile": "13800138000",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.channel == Proposal.Channel.PAPER
    code = call.congress.code
    pages = [
        client_for(clerk).get(reverse("projects:proposal_detail", args=[proposal.pk])),
        client_for(clerk).get(reverse("projects:proposal_list", args=[call.pk])),
        citizen.get(reverse("projects_public:track_code", args=[code, proposal.tracking_code])),
        citizen.get(reverse("projects_public:proposals", args=[code, 2026])),
    ]
    for page in pages:
        body = page.content.decode()
        assert "<script>alert" not in body and "<b>粗</b>" not in body
        assert "&lt;script&gt;alert(" in body


def test_the_same_phone_may_send_five_proposals_a_day(citizen, form_url, subdistrict):
    for n in range(5):
        assert (
            post(citizen, form_url, subdistrict, title=f"建议{n}", description=f"内容{n}").status_code == 302
        )
    response = post(citizen, form_url, subdistrict, title="建议6", description="内容6")
    assert response.status_code == 429 and "每天最多提交 5 条" in response.content.decode()
    assert Proposal.objects.count() == 5


def test_one_address_may_post_twenty_times_an_hour(citizen, form_url, subdistrict):
    for n in range(20):
        post(citizen, form_url, subdistrict, title="", description=f"内容{n}")
    response = post(citizen, form_url, subdistrict, title="x", description="y")
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()


@override_settings(PUBLIC_FORM_GUARDS=False)
def test_guards_switched_off_for_the_bench_need_no_captcha_and_no_limit(citizen, form_url, subdistrict):
    for n in range(25):
        response = citizen.post(
            form_url,
            {
                "title": f"建议{n}",
                "description": "内容",
                "subdistrict": subdistrict.pk,
                "category": "other",
                "mobile": "13800138000",
            },
        )
        assert response.status_code == 302
    assert Proposal.objects.count() == 25


def test_the_form_says_so_when_no_call_is_open(congress, citizen):
    response = citizen.get(reverse("projects_public:propose", args=[congress.code]))
    assert "目前没有正在进行的民生实事项目征集" in response.content.decode()
