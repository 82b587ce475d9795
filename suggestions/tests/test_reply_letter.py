"""The 答复函: blank for the unit before it replies; the final letter filled from the unit's online reply
after (its content, category, signer and date); 《关于…的建议》收悉 said once."""

from __future__ import annotations

import pytest

from conftest import client_for
from core.documents import text_of
from suggestions import documents
from suggestions.tests import factories as f

pytestmark = pytest.mark.django_db


def _letter(response) -> str:
    assert response.status_code == 200
    return text_of(b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_final_letter_is_filled_from_the_units_online_reply(congress, clerk, deputy, unit, unit_handler):
    s = f.replied(congress, deputy, clerk, unit, unit_handler)
    reply = s.replies.get()
    for user in (unit_handler, clerk):
        text = _letter(client_for(user).get(f"/suggestions/{s.pk}/letter.docx?reply={reply.pk}"))
        assert "您提出的《关于增设小区停车位的建议》收悉。现答复如下：" in text
        assert "已安排增设停车位120个。" in text
        assert "签发人：刘局长" in text
        assert unit.name in text
        assert "在此填写答复内容" not in text and "（A/B/C/D）" not in text
    # the unit's own latest reply, without naming it
    assert "已安排增设停车位120个。" in _letter(
        client_for(unit_handler).get(f"/suggestions/{s.pk}/letter.docx")
    )


def test_before_the_reply_the_letter_is_the_blank_template(congress, clerk, deputy, unit, unit_handler):
    s = f.accepted(congress, deputy, clerk, unit, unit_handler)
    text = _letter(client_for(unit_handler).get(f"/suggestions/{s.pk}/letter.docx"))
    assert "（在此填写答复内容）" in text
    assert "《关于增设小区停车位的建议》收悉" in text and "的建议》的建议" not in text


def test_a_reply_of_another_suggestion_is_not_found(congress, clerk, deputy, unit, unit_handler):
    s = f.replied(congress, deputy, clerk, unit, unit_handler)
    other = f.replied(congress, deputy, clerk, unit, unit_handler, title="关于增设路灯的建议")
    response = client_for(clerk).get(f"/suggestions/{s.pk}/letter.docx?reply={other.replies.get().pk}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("关于增设小区停车位的建议", "关于增设小区停车位的建议"),
        ("关于加强校园周边交通管理", "关于加强校园周边交通管理的建议"),
        ("加强校园周边交通管理", "关于加强校园周边交通管理的建议"),
        ("《关于老旧小区加装电梯的意见》", "关于老旧小区加装电梯的意见"),
    ],
)
def test_the_letter_names_the_suggestion_once(title, named):
    assert documents.letter_title(title) == named


def test_an_office_template_saying_de_jianyi_shouxi_is_mended(congress, clerk, deputy, unit, unit_handler):
    from suggestions.models import LetterTemplate

    LetterTemplate.objects.create(
        congress=congress, body="答复\n您提出的《{{标题}}》的建议收悉。\n{{答复内容}}"
    )
    s = f.replied(congress, deputy, clerk, unit, unit_handler)
    text = text_of(documents.reply_letter(s, reply=s.replies.get()))
    assert "您提出的《关于增设小区停车位的建议》收悉。" in text
