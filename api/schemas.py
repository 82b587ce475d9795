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


class MessageIn(CleanIn):
    station_id: int
    topic: str = Field(description="留言类别（见 /api/v1/public/{code}/topics）")
    content: str = Field(min_length=5, max_length=2000)
    phone: str = Field(pattern=r"^1\d{10}$", description="11 位手机号")
    name: str = Field(default="", max_length=30)


class MessageReceipt(Schema):
    tracking_code: str
    created: bool = Field(description="false 表示相同留言已提交过，返回原查询码")


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


class TopicOut(Schema):
    value: str
    label: str


class FigureOut(Schema):
    key: str
    area: str
    label: str
    unit: str
    value: str = Field(description="数值；比率为百分数")
    numerator: int | None = None
    denominator: int | None = None
