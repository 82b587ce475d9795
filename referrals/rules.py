"""Pure rules of cross-level referral (DOMAIN §11): deadlines and overdue. No ORM."""

from __future__ import annotations

import datetime as dt

from core import dates
from core.congress_settings import Section, Setting, register

SETTINGS = register(
    Section(
        "referrals",
        "跨级转交",
        (
            Setting(
                "accept_working_days",
                5,
                "签收期限（工作日）",
                "其他人大转交来的群众留言或代表建议，本机构应在转交之日起多少个工作日内签收或说明理由退回。",
                min_value=1,
                max_value=30,
            ),
            Setting(
                "reply_days",
                30,
                "办理答复期限（日）",
                "其他人大转交来的事项，本机构应在转交之日起多少日内答复转交机构（期限末日遇节假日顺延）。",
                min_value=5,
                max_value=180,
            ),
        ),
    )
)


def due_dates(
    referred_on: dt.date,
    accept_working_days: int,
    reply_days: int,
    calendar: dates.WorkCalendar = dates.WEEKENDS_ONLY,
) -> tuple[dt.date, dt.date]:
    """(accept due, reply due): the start day is not counted; a last day on a holiday moves on (DOMAIN §4)."""
    return (
        dates.add_working_days(referred_on, accept_working_days, calendar),
        dates.due_in_days(referred_on, reply_days, calendar),
    )


def overdue(status: str, accept_due: dt.date, reply_due: dt.date, today: dt.date) -> str:
    """ "" when on time; else which deadline has passed (the receiving body's, watched by both sides)."""
    if status == "referred" and today > accept_due:
        return "逾期未签收"
    if status in ("referred", "accepted") and today > reply_due:
        return "逾期未答复"
    return ""


# A suggestion is referred once registered and before its own office assigns it to a unit: the
# other body's office then assigns it to that body's units (DOMAIN §4 交办 is by the handling body).
SUGGESTION_REFERABLE = ("registered",)
