"""Request and response shapes of the API (field names in English, values and messages in Chinese)."""

from __future__ import annotations

import datetime as dt
import re

from ninja import Field, Schema
from pydantic import field_validator

from api.rules import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from core.middleware import strip_control_characters

# Halves of surrogate pairs arrive alone in malformed JSON; PostgreSQL cannot store them.
LONE_SURROGATES = re.compile("[\ud800-\udfff]")


class CleanIn(Schema):
    """Input whose text is cleaned as forms' text is: no control characters, no lone surrogates."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean(cls, value):
        if isinstance(value, str):
            return LONE_SURROGATES.sub("", strip_control_characters(value))
        return value


class Error(Schema):
    detail: str = Field(description="中文说明")
    errors: list[dict] = Field(default_factory=list, description="逐项说明：field 与 message")


class Me(Schema):
    username: str
    name: str
    congress: str | None
    congress_id: int | None
    roles: list[str] = Field(description="角色（中文）")


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100000, description="第几页，从 1 开始")
    size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数")


class Page(Schema):
    page: int
    size: int
    total: int


class SuggestionOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    number: str
    title: str
    lead_deputy: str
    year: int
    submitted_on: dt.date | None = None


class SuggestionDetail(SuggestionOut):
    content: str
    category: str
    actions: list[str] = Field(description="当前用户现在可做的操作")


class SuggestionPage(Page):
    items: list[SuggestionOut]


class DraftIn(CleanIn):
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    category: str = Field(default="", max_length=30)


class FeedbackIn(CleanIn):
    rating: str = Field(description="satisfied 满意 / basically_satisfied 基本满意 / dissatisfied 不满意")
    comment: str = Field(default="", max_length=2000)


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read: bool


class NotificationPage(Page):
    items: list[NotificationOut]


class VoteOut(Schema):
    id: int
    title: str
    secret: bool
    may_vote: bool
    ballot_token: str = Field(
        description="可投票时的表决凭证：POST /meetings/api/votes/{id}/cast/，请求头 X-Ballot-Token"
    )
    cast_url: str


class MeetingOut(Schema):
    id: int
    title: str
    votes: list[VoteOut]


class MessageOut(Schema):
    id: int
    tracking_code: str
    topic: str
    status: str
    status_label: str
    station: str
    created_at: dt.datetime


class MessagePage(Page):
    items: list[MessageOut]


SMS_OPT_IN = (
    "短信通知我办理进展：为 true 时，查询码和此后每次办理状态的变化以短信发送到所填手机号码"
    "（与页面上的勾选项相同；手机号码必填）"
)


class MessageIn(CleanIn):
    station_id: int
    topic: str = Field(description="留言类别（见 /api/v1/public/{code}/topics）")
    content: str = Field(min_length=5, max_length=2000)
    phone: str = Field(
        max_length=30,
        description="11 位手机号码，必填（与页面相同的校验：可带 +86、空格或连字符）；仅供工作人员联系，不公开",
    )
    name: str = Field(default="", max_length=30)
    sms_opt_in: bool = Field(default=False, description=SMS_OPT_IN)


class MessageReceipt(Schema):
    tracking_code: str
    created: bool = Field(description="false 表示相同留言已提交过，返回原查询码")


class TopicOut(Schema):
    value: str
    label: str


class ProposalIn(CleanIn):
    """A livelihood-project proposal, checked as the public form checks it (projects.forms.ProposalForm)."""

    title: str = Field(max_length=1000, description="标题，必填，不超过 100 字")
    description: str = Field(max_length=10000, description="内容，必填，不超过 2000 字")
    subdistrict_id: int | None = Field(
        default=None, description="所在街道（乡镇），必填（见 /api/v1/public/{code}/proposals/options）"
    )
    location: str = Field(default="", max_length=1000, description="具体位置，可不填")
    category: str = Field(default="", max_length=30, description="类别，必填（见 …/proposals/options）")
    name: str = Field(default="", max_length=1000, description="姓名，可不填")
    mobile: str = Field(
        default="", max_length=30, description="11 位手机号码，必填；仅供工作人员联系，不公开"
    )
    sms_opt_in: bool = Field(default=False, description=SMS_OPT_IN)


class ProposalReceipt(Schema):
    tracking_code: str
    created: bool = Field(description="false 表示相同建议已提交过（记为附议），返回原查询码")


class CallOut(Schema):
    year: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    accepting: bool = Field(description="今天是否接受群众建议")


class SubdistrictOut(Schema):
    id: int
    name: str


class ProposalOptions(Schema):
    call: CallOut | None = Field(description="征集中的项目征集；没有时为 null")
    categories: list[TopicOut]
    subdistricts: list[SubdistrictOut]


class TrackOut(Schema):
    tracking_code: str
    topic: str
    status_label: str
    created_at: dt.datetime
    reply: str


class StationOut(Schema):
    id: int
    name: str
    address: str


class FigureOut(Schema):
    key: str
    area: str
    label: str
    unit: str
    value: str = Field(description="数值；比率为百分数")
    numerator: int | None = None
    denominator: int | None = None
