"""Every bulk export goes out through core.downloads.export and leaves exactly one audit entry: who,
what and how many rows (等保三级 安全审计: exports of personal data). One row per export kind, on the
demo congress, as the role that may take it; the kinds the demo has no data for are tested in their apps
(meetings/tests/test_exports_audited.py: the tellers' sum and the ballot box; elections/tests/
test_exports_audited.py: a round's ballots; the audit log itself: accounts/tests/test_separation_of_duties.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core import downloads
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _first(model, **where):
    obj = model.objects.filter(**where).order_by("pk").first()
    assert obj is not None, f"演示数据中没有{model._meta.verbose_name}（{where}）"
    return obj


def call_pk(status=None):
    from projects.models import Call

    return _first(Call, **({"status": status} if status else {})).pk


def closed(app_model: str, **where):
    from django.apps import apps

    model = apps.get_model(app_model)
    return _first(model, status="closed", **where).pk


def evaluation_pk():
    from projects.models import Evaluation

    return _first(Evaluation, status=Evaluation.Status.CLOSED).pk


def year():
    from core import dates

    return dates.today().year


# (export kind, username, URL builder, query string)
EXPORTS = [
    ("在任人员名册", "staff", lambda: reverse("registry:register_export", args=["office_holders"]), {}),
    ("承办单位办理情况统计", "staff", lambda: reverse("suggestions:statistics"), {"format": "xlsx"}),
    ("联络站统计", "staff", lambda: reverse("stations:statistics_export"), {}),
    ("代表履职积分", "staff", lambda: reverse("performance:ranking_export"), {}),
    ("任免名册", "staff", lambda: reverse("oversight:appointment_export"), {}),
    ("统计数据", "staff", lambda: reverse("reports:xlsx", args=[year()]), {}),
    ("群众建议", "staff", lambda: reverse("projects:proposal_list", args=[call_pk()]), {"format": "xlsx"}),
    ("民生实事项目", "staff", lambda: reverse("projects:call_export", args=[call_pk(), "projects.xlsx"]), {}),
    (
        "民生实事项目票决选票",
        "staff",
        lambda: reverse("projects:ballot_export", args=[closed("projects.ProjectBallot")]),
        {},
    ),
    (
        "满意度测评计票数据",
        "staff",
        lambda: reverse("projects:evaluation_export", args=[evaluation_pk()]),
        {},
    ),
    ("表决结果", "staff", lambda: reverse("meetings:vote_export", args=[closed("meetings.Vote")]), {}),
]


@pytest.mark.parametrize(("what", "username", "url", "query"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_each_export_kind_leaves_one_audit_entry(demo, what, username, url, query):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    before = AuditEntry.objects.filter(action="export").count()
    response = client.get(url(), query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment;")
    entries = AuditEntry.objects.filter(action="export").order_by("-seq")
    assert entries.count() == before + 1
    entry = entries.first()
    assert entry.actor_id == user.pk and entry.congress_id == demo.congress.pk
    assert what in entry.object_repr and what in entry.note
    rows = entry.changes.get("rows")
    assert rows is None or (isinstance(rows, int) and f"共 {rows} 条" in entry.note)


def test_a_refused_export_leaves_no_entry(demo):
    client = Client()
    client.force_login(User.objects.get(username="deputy"))
    assert client.get(reverse("registry:roster_export")).status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_export_helper_records_who_what_and_how_many(rf, clerk, congress):
    request = rf.get("/x/")
    request.user, request.congress = clerk, congress
    response = downloads.export(request, b"PK", "代表建议台账.xlsx", what="代表建议台账", rows=42)
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="export")
    assert (entry.actor_id, entry.object_repr, entry.changes) == (clerk.pk, "代表建议台账", {"rows": 42})
    assert "共 42 条" in entry.note


# A blank import template carries no records; it is the one workbook handed out by plain download().
NOT_EXPORTS = {"代表名册导入模板.xlsx", "roster-template.xlsx"}


def _file_names(call) -> list[str]:
    import ast

    names = []
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            names.append(arg.value)
        elif isinstance(arg, ast.JoinedStr):
            names.append("".join(v.value for v in arg.values if isinstance(v, ast.Constant)))
    return names


def test_no_view_hands_out_a_workbook_or_data_file_without_the_audited_export():
    import ast
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in sorted(Path(settings.BASE_DIR).glob("*/*views*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name != "download":
                continue
            for file_name in _file_names(node):
                if file_name.endswith((".xlsx", ".json")) and file_name not in NOT_EXPORTS:
                    offenders.append(f"{path.name}:{node.lineno} {file_name}")
    assert offenders == []
