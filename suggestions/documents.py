"""Files for suggestions: the reply letter (.docx from the office's template), the ledger and unit statistics (.xlsx)."""

from __future__ import annotations

import re

from core import cn, dates, spreadsheets
from core import documents as word
from suggestions import rules
from suggestions.models import Feedback, LetterTemplate

DEFAULT_LETTER_TEMPLATE = """关于{{区人大}}{{年度}}年{{编号}}代表建议的答复

{{领衔代表}}代表：
您提出的《{{标题}}》收悉。现答复如下：

{{答复内容}}

（答复分类：{{答复分类}}）

感谢您对我们工作的关心和支持。

{{承办单位}}
{{日期}}
（签发人：{{签发人}}        联系人：        联系电话：        ）"""

PLACEHOLDERS = (
    "区人大",
    "年度",
    "编号",
    "领衔代表",
    "标题",
    "答复内容",
    "答复分类",
    "承办单位",
    "日期",
    "签发人",
)

_NAMED = ("建议", "意见", "批评", "议案")


def letter_title(title: str) -> str:
    """The suggestion as a letter names it inside 《》: 《关于加强老旧小区改造的建议》 — the title when it
    already ends in 建议/意见/议案, else completed to 关于…的建议 (so no “…的建议》的建议”)."""
    t = (title or "").strip().strip("《》")
    if t.endswith(_NAMED):
        return t
    return f"{t}的建议" if t.startswith("关于") else f"关于{t}的建议"


def fill_template(body: str, values: dict) -> str:
    def sub(m):
        return str(values.get(m.group(1).strip(), m.group(0)))

    return re.sub(r"\{\{\s*([^{}]+?)\s*\}\}", sub, body)


def reply_letter(s, *, unit=None, content: str = "", category: str = "", reply=None) -> bytes:
    """The 答复函 from the office's template: blank for the unit to fill in, or, given the unit's online
    ``reply``, the final letter filled from it (its unit, content, category, signer and date)."""
    from suggestions.workflow import setting

    if reply is not None:
        unit = reply.assignment.unit
        content, category = reply.content, reply.category

    template = LetterTemplate.objects.filter(congress_id=s.congress_id).first()
    body = template.body if template else DEFAULT_LETTER_TEMPLATE
    scheme = setting(s.congress, "reply_category_scheme")
    text = fill_template(
        body,
        {
            "区人大": s.congress.display_short_name,
            "年度": s.year,
            "编号": s.number_label,
            "领衔代表": s.lead_deputy.name,
            "标题": letter_title(s.title),
            "答复内容": content or "（在此填写答复内容）",
            "答复分类": rules.category_label(scheme, category) if category else "（A/B/C/D）",
            "承办单位": unit.name if unit else "（承办单位）",
            "日期": cn.date_cn(reply.replied_on if reply is not None else dates.today()),
            "签发人": reply.signed_by if reply is not None else "",
        },
    )
    # An office template written as 《{{标题}}》的建议收悉 would say 建议 twice now that 标题 ends in it.
    text = re.sub(r"》的建议收悉", "》收悉", text)
    doc = word.new_document()
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if i == 0:
            word.title(doc, line)
        else:
            # The salutation (…代表：) and the closing lines (unit, date, signer) are not indented.
            indent = bool(line) and not line.endswith("：") and i < len(lines) - 3
            word.paragraph(doc, line, indent=indent)
    return word.save(doc)


PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
LANDLINE_RE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def redact(text: str) -> str:
    """Personal data removed for publication: phone numbers, ID numbers, e-mail addresses."""
    text = ID_RE.sub("［身份证号已隐去］", text or "")
    text = PHONE_RE.sub("［电话已隐去］", text)
    text = LANDLINE_RE.sub("［电话已隐去］", text)
    return EMAIL_RE.sub("［邮箱已隐去］", text)


def _sheet(wb, title, headers, rows, widths=None):
    ws = spreadsheets.add_sheet(wb, title, headers, rows)
    spreadsheets.widths(ws, [(widths or {}).get(i, 14) for i in range(1, len(headers) + 1)])
    return ws


def ledger_job(progress, congress_id: int, user_id: int, query: str):
    """The ledger of the suggestions ``user`` sees with the list's filters (``query``), as a job
    (core.progress): the list page hands over at once, the job page shows how far it is."""
    from django.http import QueryDict

    from accounts.models import User
    from core.progress import Outcome
    from registry.models import Congress
    from suggestions import queries

    congress, user = Congress.objects.get(pk=congress_id), User.objects.get(pk=user_id)
    params = QueryDict(query)
    qs = queries.filter_list(queries.visible(user, congress), params, user, congress)
    qs = qs.select_related("lead_deputy", "session", "term").order_by("-year", "kind", "number", "-id")
    progress.set_total(qs.count())
    data = ledger_xlsx(congress, qs, progress)
    return Outcome(
        f"代表建议台账已生成，共 {progress.done} 件。",
        file_name=f"代表建议台账-{dates.today():%Y%m%d}.xlsx",
        content=data,
    )


def ledger_xlsx(congress, qs, progress=None) -> bytes:
    """台账: one row per suggestion with its units, deadlines, replies and feedback."""
    from suggestions.workflow import setting

    scheme = setting(congress, "reply_category_scheme")
    ratings = dict(Feedback.Rating.choices)
    wb = spreadsheets.new_workbook()
    rows = []
    qs = qs.prefetch_related("assignments__unit", "co_signatures__deputy")
    for s in qs:
        if progress is not None:
            progress.advance()
        assignments = [a for a in s.assignments.all() if a.is_current]
        lead = "、".join(a.unit.short_name or a.unit.name for a in assignments if a.role != "assisting")
        assisting = "、".join(a.unit.short_name or a.unit.name for a in assignments if a.role == "assisting")
        rows.append(
            [
                s.year,
                s.number_label,
                s.get_kind_display(),
                s.title,
                s.lead_deputy.name,
                "、".join(c.deputy.name for c in s.co_signatures.all() if c.status == "confirmed"),
                str(s.session) if s.session_id else "闭会期间",
                s.category,
                s.get_status_display(),
                s.get_mode_display() if s.mode else "",
                lead,
                assisting,
                s.assigned_on,
                s.due_on,
                s.replied_on,
                rules.short_category(scheme, s.reply_category) if s.reply_category else "",
                ratings.get(s.first_rating, ""),
                ratings.get(s.final_rating, ""),
                s.round,
                "是" if s.is_priority else "",
                str(s.supervising_leader or ""),
                "是" if s.published_at else "",
            ]
        )
    _sheet(
        wb,
        "建议台账",
        [
            "年度",
            "编号",
            "类型",
            "标题",
            "领衔代表",
            "附议代表",
            "提出时间",
            "类别",
            "状态",
            "办理方式",
            "主办/独办/分办单位",
            "协办单位",
            "交办日期",
            "答复期限",
            "答复日期",
            "答复分类",
            "首次评价",
            "最终评价",
            "办理轮次",
            "重点督办",
            "督办领导",
            "已公开",
        ],
        rows,
        {4: 40, 6: 24, 11: 24, 12: 20},
    )
    return spreadsheets.workbook_bytes(wb)


def unit_statistics_xlsx(congress, by_unit, overall, period_label: str) -> bytes:
    wb = spreadsheets.new_workbook()
    headers = [
        "承办单位",
        "交办件数",
        "已答复",
        "办复率",
        "按期答复率",
        "满意率（首次）",
        "满意率（含基本满意，首次）",
        "满意率（最终）",
        "满意率（含基本满意，最终）",
        "解决率（A类）",
        "解决率（A+B类）",
        "超期件数",
    ]

    def line(label, r, replied):
        rates = r["rates"]
        return [
            label,
            r["referred"],
            replied,
            str(rates["reply_rate"]),
            str(rates["on_time_rate"]),
            str(rates["satisfaction_rate_first"]),
            str(rates["satisfaction_rate_incl_basic_first"]),
            str(rates["satisfaction_rate_final"]),
            str(rates["satisfaction_rate_incl_basic_final"]),
            str(rates["resolution_rate_a"]),
            str(rates["resolution_rate_ab"]),
            r["overdue"],
        ]

    rows = [line(r["label"], r, r["replied"]) for r in by_unit]
    rows.append(line("全部建议（按件）", overall, overall["rates"]["reply_rate"].numerator))
    ws = _sheet(wb, f"{period_label}承办单位统计", headers, rows, {1: 26})
    spreadsheets.write(
        ws,
        ws.max_row + 2,  # after an empty row
        1,
        "说明：办复率＝已答复/交办；按期答复率＝按期答复/交办；满意率＝满意/已反馈；"
        "满意率（含基本满意）＝（满意＋基本满意）/已反馈；解决率＝A类/总数 或 （A＋B类）/总数。",
    )
    return spreadsheets.workbook_bytes(wb)
