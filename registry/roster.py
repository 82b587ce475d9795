"""The deputy roster as an .xlsx file: read, check every row, import all or nothing; export; template.

Congress offices keep their roster (代表名册) in Excel. An import reads the whole file into
plain values first, then checks every row against the file itself and against this
congress's records, collecting every problem. Only a file without a single problem is
written, in one transaction, with one audit entry per created or changed deputy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.db import IntegrityError, transaction
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import audit, cn, dates, spreadsheets, uploads
from registry.models import Congress, Constituency, Delegation, Deputy, Station, Term, mobile_validator
from registry.rules import id_number_check_digit, id_number_problem

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 5000
SHEET_TITLE = "代表名册"
HELP_SHEET_TITLE = "填写说明"
# The template's example row carries this in 代表证号; the import skips such rows.
EXAMPLE_MARK = "示例"
# Export-only column: status changes need dates and reasons, so they go through the deputy page.
STATUS_HEADER = "状态"

TEXT, DATE, GENDER, ID_NUMBER, PHONE, LOOKUP = "text", "date", "gender", "id_number", "phone", "lookup"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str
    required: bool
    width: int
    help: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "number", "代表证号", TEXT, True, 12, "同一届内不能重复，例如 T0001。", ("代表编号", "代表证编号")
    ),
    Column("name", "姓名", TEXT, True, 10, "与身份证一致。"),
    Column("gender", "性别", GENDER, True, 8, "填“男”或“女”（可从下拉列表选择）。", ("性别(男/女)",)),
    Column("ethnicity", "民族", TEXT, False, 8, "例如 汉族、回族。留空时新增代表记为“汉族”。"),
    Column(
        "birth_date",
        "出生日期",
        DATE,
        True,
        12,
        "日期格式的单元格，或 1975-01-02、1975/1/2、1975年1月2日、1975.1.2；须与身份证号一致。",
    ),
    Column(
        "party", "政治面貌", TEXT, False, 12, "例如 中共党员、群众、民盟盟员。留空时新增代表记为“中共党员”。"
    ),
    Column("occupation", "职业", TEXT, False, 14, "例如 公务员、教师、个体工商户。"),
    Column(
        "workplace",
        "工作单位及职务",
        TEXT,
        False,
        30,
        "例如 示范区第一中学校长。",
        ("工作单位和职务", "单位及职务"),
    ),
    Column(
        "id_number",
        "身份证号",
        ID_NUMBER,
        True,
        22,
        "18位居民身份证号，最后一位可以是X。请把单元格设为文本格式，数字格式会丢失末几位。"
        "与本届已有代表相同时，更新该代表的信息；往届代表连任时新增本届席位。",
        ("身份证号码", "公民身份号码"),
    ),
    Column("phone", "手机号码", PHONE, True, 14, "11位手机号码，不能与其他代表重复。", ("手机号", "手机")),
    Column(
        "delegation",
        "代表团（组）",
        LOOKUP,
        False,
        16,
        "填写系统中已有的代表团或代表小组名称。",
        ("代表团", "代表小组"),
    ),
    Column("constituency", "选区", LOOKUP, False, 14, "填写系统中已有的选区名称。"),
    Column(
        "station",
        "进站联络站",
        LOOKUP,
        False,
        26,
        "填写系统中已有的代表联络站名称。",
        ("联络站", "所在联络站"),
    ),
    Column("elected_on", "当选日期", DATE, True, 12, "日期格式同“出生日期”。"),
)
LOOKUP_MODELS = {"delegation": Delegation, "constituency": Constituency, "station": Station}
LOOKUP_LABELS = {"delegation": "代表团（组）", "constituency": "选区", "station": "代表联络站"}
# Optional text fields left blank: a new deputy gets the model default, an existing one keeps its value.
FIELD_DEFAULTS = {"ethnicity": "汉族", "party": "中共党员", "occupation": "", "workplace": ""}
GENDERS = {
    "男": Deputy.Gender.MALE,
    "男性": Deputy.Gender.MALE,
    "女": Deputy.Gender.FEMALE,
    "女性": Deputy.Gender.FEMALE,
}
PHONE_RE = re.compile(mobile_validator.regex.pattern)
# 1975-01-02, 1975/1/2, 1975.1.2, 1975年1月2日, optionally followed by a time of day.
DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)


class RosterFileError(Exception):
    """The upload as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class RowError:
    row: int | None  # Excel row number (header = 1); None for a problem with the whole file
    column: str
    value: str
    message: str


@dataclass
class RosterRow:
    row: int
    values: dict[str, Any]  # field → cleaned value; absent when the cell was blank
    deputy: Deputy | None = None  # the existing deputy this row updates


@dataclass
class RosterCheck:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    examples_skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int | None, column: str, value: Any, message: str) -> None:
        self.errors.append(RowError(row, column, display(value), message))

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})


@dataclass
class ImportResult:
    check: RosterCheck
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deputies: list[Deputy] = field(default_factory=list)  # every deputy of the file's rows
    logins: list[tuple] = field(default_factory=list)  # (deputy, user, initial password) created now

    @property
    def ok(self) -> bool:
        return self.check.ok

    @property
    def errors(self) -> list[RowError]:
        return self.check.errors

    @property
    def summary(self) -> str:
        text = f"新增 {self.created} 人，更新 {self.updated} 人，未变化 {self.unchanged} 人"
        return text + (f"；开通账户 {len(self.logins)} 个" if self.logins else "")


# --- Reading -------------------------------------------------------------------------------


def file_problem(name: str, size: int | None) -> str | None:
    """A Chinese message when the upload is plainly not an acceptable roster file."""
    if not (name or "").lower().endswith(".xlsx"):
        return "只能导入 .xlsx 格式的 Excel 文件。如果是 .xls、.et 或 .csv 文件，请用 Excel 或 WPS 另存为 .xlsx 后再上传。"
    if size is not None and size > MAX_FILE_SIZE:
        return f"文件超过 {MAX_FILE_SIZE // (1024 * 1024)} MB，请删除无关的工作表、图片后再上传，或分批导入。"
    if size == 0:
        return "上传的文件是空的。"
    return None


def normalise_header(value: Any) -> str:
    """Header text as compared: no spaces, no required-marks, half-width parentheses."""
    text = "" if value is None else str(value)
    text = text.replace("（", "(").replace("）", ")").replace("＊", "*")
    return re.sub(r"[\s*]+", "", text)


HEADER_INDEX = {normalise_header(alias): col for col in COLUMNS for alias in (col.header, *col.aliases)}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value: Any) -> str:
    """A cell value as the user would recognise it in the error table."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheet(upload) -> list[tuple[int, tuple]]:
    """(Excel row number, cell values) for every non-blank row of the roster sheet, header first.

    Raises RosterFileError for anything that is not a readable .xlsx workbook.
    """
    problem = file_problem(getattr(upload, "name", ""), getattr(upload, "size", None))
    # Size, zip bomb and row count, before openpyxl inflates anything (core/uploads.py).
    problem = problem or uploads.workbook_problem(upload, max_rows=MAX_ROWS, max_size=MAX_FILE_SIZE)
    if problem:
        raise RosterFileError(problem)
    with contextlib.suppress(AttributeError, OSError):
        upload.seek(0)
    rows: list[tuple[int, tuple]] = []
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    # A malformed upload can fail in zipfile, XML parsing or openpyxl's own reader with
    # almost any exception type; each means the same thing to the user.
    except Exception as exc:
        logger.info("roster upload %r is not a readable workbook", getattr(upload, "name", ""), exc_info=True)
        raise RosterFileError(
            "无法读取该文件：它不是有效的 .xlsx 文件，或文件已损坏。"
            "请用 Excel 或 WPS 打开确认后另存为 .xlsx 再上传。"
        ) from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise RosterFileError("工作簿中没有工作表。")
        sheet = next((s for s in sheets if s.title == SHEET_TITLE), sheets[0])
        # Some programs write a wrong <dimension>; read what is actually there.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if all(is_blank(v) for v in values):
                continue
            rows.append((number, tuple(values)))
            if len(rows) > MAX_ROWS + 1:
                raise RosterFileError(f"一次最多导入 {MAX_ROWS} 行代表数据，请分批导入。")
    except RosterFileError:
        raise
    except Exception as exc:
        logger.warning("roster upload %r could not be read", getattr(upload, "name", ""), exc_info=True)
        raise RosterFileError(
            "文件内容无法读取，可能已损坏。请用 Excel 或 WPS 打开确认后另存为 .xlsx 再上传。"
        ) from exc
    finally:
        workbook.close()
    if not rows:
        raise RosterFileError("文件中没有任何内容。请下载导入模板，按表头填写后再上传。")
    return rows


# --- Cleaning single cells -------------------------------------------------------------------


class CellError(ValueError):
    pass


def clean_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = display(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def clean_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:  # 19750102 typed as a number
            return clean_date(str(int(value)))
        raise CellError("日期格式无法识别，请填写如 1975-01-02 的日期")
    text = str(value).strip()
    digits = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    match = digits or DATE_RE.match(text)
    if not match:
        raise CellError("日期格式无法识别，请填写如 1975-01-02、1975/1/2 或 1975年1月2日")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise CellError("不是有效的日期（月份或日期超出范围）") from None


def clean_phone(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s\-－]", "", str(value))
    text = re.sub(r"^(\+?86)(?=1\d{10}$)", "", text)
    if not PHONE_RE.match(text):
        raise CellError(mobile_validator.message)
    return text


def clean_id_number(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # 18 digits do not fit in Excel's 15 significant digits: the last ones are already lost.
        raise CellError("身份证号被存成了数字，末几位已丢失。请把该列设为文本格式后重新填写")
    text = re.sub(r"\s", "", str(value)).upper()
    problem = id_number_problem(text)
    if problem:
        raise CellError(problem)
    return text


def clean_gender(value: Any) -> str:
    text = clean_text(value)
    if text not in GENDERS:
        raise CellError("性别只能填“男”或“女”")
    return GENDERS[text]


def birth_date_in_id(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


MAX_LENGTHS = {c.field: Deputy._meta.get_field(c.field).max_length for c in COLUMNS if c.kind == TEXT}


# --- Checking a whole file --------------------------------------------------------------------


def current_term(congress: Congress) -> Term | None:
    """The term deputies are imported into: the congress's latest (highest-numbered) one."""
    return Term.objects.filter(congress=congress).order_by("-number").first()


def map_header(header: tuple, check: RosterCheck) -> dict[int, Column] | None:
    """Column position → Column; None (with one message) when required columns are missing."""
    positions: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for position, value in enumerate(header):
        if is_blank(value):
            continue
        column = HEADER_INDEX.get(normalise_header(value))
        if column is None:
            if normalise_header(value) != STATUS_HEADER:
                check.ignored_headers.append(display(value))
            continue
        if column.field in seen:
            check.add(
                1,
                column.header,
                value,
                f"表头“{column.header}”出现了两次（第{seen[column.field] + 1}列和第{position + 1}列），请删除其中一列",
            )
            continue
        seen[column.field] = position
        positions[position] = column
    missing = [c.header for c in COLUMNS if c.required and c.field not in seen]
    if missing:
        check.add(
            None, "", "", f"缺少必填列：{'、'.join(missing)}。请下载导入模板，第1行须是表头，列名与模板一致。"
        )
    return None if check.errors else positions


def check_roster(congress: Congress, sheet_rows: list[tuple[int, tuple]], progress=None) -> RosterCheck:
    """Every problem of every row, against the file itself and this congress's records.

    ``progress`` (core.progress.Progress) is told of each data row checked.
    """
    check = RosterCheck()
    term = current_term(congress)
    if term is None:
        check.add(None, "", "", "本人大还没有设置届次，无法导入代表。请先在“届次”中添加本届。")
        return check
    header_number, header = sheet_rows[0]
    if header_number != 1:
        check.add(1, "", "", "第1行是空行。第1行须是表头，请删除表头上方的空行或标题行。")
        return check
    positions = map_header(header, check)
    if positions is None:
        return check
    data_rows = sheet_rows[1:]
    if not data_rows:
        check.add(None, "", "", "文件中只有表头，没有代表数据。")
        return check

    lookups = {
        name: {obj.name.strip(): obj for obj in model.objects.filter(congress=congress)}
        for name, model in LOOKUP_MODELS.items()
    }
    # One row per seat. A row updates the person's seat in the term imported into, or the earlier
    # seat it was exported from (same 代表证号); a person re-elected under a new 代表证号 gets a new
    # seat in this term (a term's seats end at 换届, 代表法).
    existing = list(Deputy.objects.filter(congress=congress).select_related("term"))
    by_id_number = {d.id_number.upper(): d for d in existing if d.term_id == term.pk}
    by_earlier_seat = {(d.id_number.upper(), d.number): d for d in existing if d.term_id != term.pk}
    by_phone = {(d.term_id, d.phone): d for d in existing}
    by_number = {(d.term_id, d.number): d for d in existing}
    first_row: dict[tuple, int] = {}  # (kind, value) → first row in this file using it

    if progress is not None:
        progress.set_total(len(data_rows))
    for number, values in data_rows:
        if progress is not None:
            progress.advance()
        cells = {col.field: values[pos] if pos < len(values) else None for pos, col in positions.items()}
        if clean_text(cells.get("number") or "") == EXAMPLE_MARK:
            check.examples_skipped += 1
            continue
        row = RosterRow(number, {})
        before = len(check.errors)
        for column in COLUMNS:
            if column.field not in cells:
                continue
            raw = cells[column.field]
            if is_blank(raw):
                if column.required:
                    check.add(number, column.header, "", f"“{column.header}”是必填项")
                continue
            try:
                row.values[column.field] = clean_cell(column, raw, lookups)
            except CellError as exc:
                check.add(number, column.header, raw, str(exc))

        cleaned = row.values
        if "id_number" in cleaned and "birth_date" in cleaned:
            from_id = birth_date_in_id(cleaned["id_number"])
            if from_id != cleaned["birth_date"]:
                check.add(
                    number,
                    "出生日期",
                    cells["birth_date"],
                    f"与身份证号中的出生日期（{cn.date_cn(from_id)}）不一致",
                )
        if "id_number" in cleaned:
            row.deputy = by_id_number.get(cleaned["id_number"]) or by_earlier_seat.get(
                (cleaned["id_number"], cleaned.get("number"))
            )
        target_term_id = row.deputy.term_id if row.deputy else term.pk

        for key, header, value in (
            ("id_number", "身份证号", cleaned.get("id_number")),
            ("phone", "手机号码", cleaned.get("phone")),
            ("number", "代表证号", (target_term_id, cleaned["number"]) if "number" in cleaned else None),
        ):
            if value is None:
                continue
            shown = value[1] if key == "number" else value
            # Within one term: a re-elected person's earlier seat may share the ID number and phone.
            seen = (key, value) if key == "number" else (key, target_term_id, value)
            if seen in first_row:
                check.add(number, header, shown, f"与第{first_row[seen]}行的{header}重复")
            else:
                first_row[seen] = number
            lookup_key = (target_term_id, value) if key == "phone" else value
            holder = {"phone": by_phone, "number": by_number}.get(key, {}).get(lookup_key)
            if holder is not None and holder != row.deputy:
                check.add(
                    number,
                    header,
                    shown,
                    f"已登记在代表 {holder.name}（代表证号 {holder.number}）名下，不能重复",
                )
        if len(check.errors) == before:
            check.rows.append(row)
    if not check.rows and not check.errors:
        check.add(None, "", "", "文件中没有可导入的代表数据（示例行不会导入）。")
    return check


def clean_cell(column: Column, raw: Any, lookups: dict) -> Any:
    if column.kind == DATE:
        value = clean_date(raw)
        if not dt.date(1900, 1, 1) <= value <= dates.today():
            raise CellError("日期不在合理范围内（1900年至今天）")
        return value
    if column.kind == GENDER:
        return clean_gender(raw)
    if column.kind == PHONE:
        return clean_phone(raw)
    if column.kind == ID_NUMBER:
        return clean_id_number(raw)
    text = clean_text(raw)
    if column.kind == LOOKUP:
        found = lookups[column.field].get(text)
        if found is None:
            raise CellError(
                f"系统中没有名为“{text}”的{LOOKUP_LABELS[column.field]}，"
                f"请核对名称，或先在“{LOOKUP_LABELS[column.field]}”中添加"
            )
        return found
    limit = MAX_LENGTHS.get(column.field)
    if limit and len(text) > limit:
        raise CellError(f"不能超过 {limit} 个字")
    return text


# --- Importing -----------------------------------------------------------------------------


def import_roster(
    congress: Congress, upload, *, actor, request=None, progress=None, send_passwords: bool = False
) -> ImportResult:
    """Check the uploaded roster; when every row is good, create or update all its deputies and
    open a login for each of them who has none (accounts.workflow.create_deputy_logins).

    Nothing is stored unless the whole file is good: a file-level problem, any row error or a
    conflict at save time leaves the database as it was. A re-import opens no second login. With
    ``send_passwords`` each new login's initial password goes to the deputy's mobile by SMS
    (after the import commits) instead of being shown to the office.
    """
    from accounts import workflow as accounts_workflow

    filename = getattr(upload, "name", "") or ""
    try:
        sheet_rows = read_sheet(upload)
    except RosterFileError as exc:
        check = RosterCheck()
        check.add(None, "", "", str(exc))
        return ImportResult(check)
    try:
        with transaction.atomic():
            # Checked inside the transaction so that no one changes a deputy between check and write.
            result = ImportResult(check_roster(congress, sheet_rows, progress))
            if not result.ok:
                return result
            term = current_term(congress)
            entries = save_rows(congress, term, result.check.rows, result)
            # A re-elected person's login follows them to the new seat at 换届 (workflow.change_term).
            has_login = set(
                Deputy.objects.filter(congress=congress, user__isnull=False).values_list(
                    "id_number", flat=True
                )
            )
            without_login = [d for d in result.deputies if d.user_id is None and d.id_number not in has_login]
            if progress is not None:
                progress.set_total(progress.total + len(without_login))
            result.logins = accounts_workflow.create_deputy_logins(
                actor=actor,
                congress=congress,
                deputies=without_login,
                request=request,
                send_passwords=send_passwords,
                progress=progress,
            )
            skipped = result.check.examples_skipped
            entries.append(
                {
                    "action": "import_roster",
                    "object_type": "registry.deputy",
                    "object_repr": filename[:300],
                    "note": f"导入代表名册《{filename}》：{result.summary}"
                    + (f"；跳过示例行 {skipped} 行" if skipped else ""),
                }
            )
            # One audit entry per created or changed deputy, appended in one go.
            audit.record_many(entries, actor=actor, congress=congress, request=request)
            return result
    except IntegrityError:
        check = RosterCheck()
        check.add(None, "", "", "保存时发现代表信息与他人刚刚所做的修改冲突，没有导入任何数据。请重新上传。")
        return ImportResult(check)
    except accounts_workflow.UserRefused as exc:
        check = RosterCheck()
        check.add(None, "", "", f"开通代表账户时遇到问题，没有导入任何数据：{exc}")
        return ImportResult(check)


def save_rows(congress: Congress, term: Term, rows: list[RosterRow], result: ImportResult) -> list[dict]:
    """Create and update the rows' deputies in bulk; return their audit items (core.audit.record_many).

    Thousands of rows in a handful of statements: one INSERT per 500 new deputies, one UPDATE
    per changed deputy (re-imports change few), instead of several queries per row.
    """
    new: list[Deputy] = []
    entries: list[dict] = []
    for row in rows:
        deputy = row.deputy
        if deputy is not None:
            result.deputies.append(deputy)
        if deputy is None:
            values = {**FIELD_DEFAULTS, **row.values}
            new.append(Deputy(congress=congress, term=term, status=Deputy.Status.SERVING, **values))
            continue
        before = audit.snapshot(deputy)
        for name, value in row.values.items():
            setattr(deputy, name, value)
        changes = audit.diff(before, audit.snapshot(deputy))
        if not changes:
            result.unchanged += 1
            continue
        deputy.save(update_fields=[f for f in row.values if f + "_id" in changes or f in changes])
        entries.append({"action": "import_update", "obj": deputy, "changes": changes})
        result.updated += 1
    for deputy in Deputy.objects.bulk_create(new, batch_size=500):
        result.deputies.append(deputy)
        entries.append(
            {"action": "import_create", "obj": deputy, "changes": audit.diff({}, audit.snapshot(deputy))}
        )
    result.created += len(new)
    return entries


# --- As jobs with progress (core.progress) ---------------------------------------------------


def import_job(
    progress, congress_id: int, actor_id: int, filename: str, content: bytes, send_passwords: bool
):
    """import_roster in the job queue: the job page shows how far it is, then every problem or the
    summary, and the initial passwords once (on the page and in one download), unless texted."""
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from accounts.models import User
    from core.progress import Outcome

    congress, actor = Congress.objects.get(pk=congress_id), User.objects.get(pk=actor_id)
    result = import_roster(
        congress,
        ContentFile(content, name=filename),
        actor=actor,
        progress=progress,
        send_passwords=send_passwords,
    )
    if not result.ok:
        bad_rows = result.check.bad_rows
        return Outcome(
            f"没有导入任何数据：共有 {len(bad_rows)} 行、{len(result.errors)} 处问题。"
            "请在 Excel 中按下表逐行改正后重新上传；全部行都没有问题才会导入。"
            if bad_rows
            else "没有导入任何数据。",
            ok=False,
            errors=[
                {"row": e.row, "column": e.column, "value": e.value, "message": e.message}
                for e in result.errors
            ],
        )
    ignored = result.check.ignored_headers
    message = f"代表名册已导入：{result.summary}。" + (
        f"未识别的列未导入：{'、'.join(ignored)}。" if ignored else ""
    )
    shown = [] if send_passwords else [(d, u, p) for d, u, p in result.logins]
    texted = [u for _d, u, _p in result.logins if send_passwords and u.mobile]
    if texted:
        message += f"初始密码已以短信发送 {len(texted)} 人。"
    missed = [(d, u, p) for d, u, p in result.logins if send_passwords and not u.mobile]
    shown += missed  # no usable mobile number: the office hands these over
    once = [{"name": u.full_name, "username": u.username, "password": p} for _d, u, p in shown]
    return Outcome(
        message,
        next_url=reverse("registry:deputy_list"),
        once=once,
        once_file=(f"代表初始密码-{dates.today().isoformat()}.xlsx", passwords_workbook(once))
        if once
        else None,
    )


def passwords_workbook(rows: list[dict]) -> bytes:
    workbook = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(workbook, "初始密码", [("姓名", 12), ("用户名", 20), ("初始密码", 18)])
    for number, row in enumerate(rows, start=2):
        for column, key in enumerate(("name", "username", "password"), start=1):
            spreadsheets.write(sheet, number, column, row[key], number_format="@")
    return spreadsheets.workbook_bytes(workbook)


def export_job(progress, congress_id: int, actor_id: int):
    """export_roster in the job queue, audited like the direct download was."""
    from accounts.models import User
    from core.progress import Outcome

    congress, actor = Congress.objects.get(pk=congress_id), User.objects.get(pk=actor_id)
    content, count = export_roster(congress, progress)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="export_roster",
            congress=congress,
            object_type="registry.deputy",
            note=f"导出代表名册 {count} 人（含身份证号、手机号码）",
        )
    return Outcome(
        f"代表名册已导出，共 {count} 人。",
        file_name=f"代表名册-{dates.today().isoformat()}.xlsx",
        content=content,
    )


# --- Writing workbooks ---------------------------------------------------------------------


REQUIRED_FONT = Font(bold=True, color="C00000")
EXAMPLE_FONT = Font(italic=True, color="808080")


def cell_value(deputy: Deputy, column: Column) -> Any:
    if column.kind == GENDER:
        return deputy.get_gender_display()
    if column.kind == LOOKUP:
        related = getattr(deputy, column.field)
        return related.name if related else None
    return getattr(deputy, column.field) or None


def number_format(column: Column) -> str | None:
    if column.kind == DATE:
        return "yyyy-mm-dd"
    if column.kind in (ID_NUMBER, PHONE) or column.field == "number":
        return "@"  # text: Excel keeps all 18 digits and leading zeros
    return None


def export_roster(congress: Congress, progress=None) -> tuple[bytes, int]:
    """The congress's deputies of every status, with full ID and phone numbers (staff only)."""
    deputies = list(
        Deputy.objects.filter(congress=congress)
        .select_related("term", "delegation", "constituency", "station")
        .order_by("-term__number", "number", "pk")
    )
    workbook = spreadsheets.new_workbook()
    headers = [(c.header, c.width) for c in COLUMNS] + [(STATUS_HEADER, 18)]
    sheet = spreadsheets.add_sheet(workbook, SHEET_TITLE, headers)
    if progress is not None:
        progress.set_total(len(deputies))
    for row, deputy in enumerate(deputies, start=2):
        if progress is not None:
            progress.advance()
        for index, column in enumerate(COLUMNS, start=1):
            value = cell_value(deputy, column)
            spreadsheets.write(sheet, row, index, value, number_format=number_format(column))
        spreadsheets.write(sheet, row, len(COLUMNS) + 1, deputy.get_status_display())
    spreadsheets.auto_filter(sheet, len(headers))
    return spreadsheets.workbook_bytes(workbook), len(deputies)


def example_row(congress: Congress) -> dict[str, Any]:
    """A fictional deputy; region code 990000 does not exist, so the ID number belongs to no one."""
    first = {
        name: model.objects.filter(congress=congress).order_by("pk").first()
        for name, model in LOOKUP_MODELS.items()
    }
    first17 = "99000019750102001"
    return {
        "number": EXAMPLE_MARK,
        "name": "张某某",
        "gender": "男",
        "ethnicity": "汉族",
        "birth_date": dt.date(1975, 1, 2),
        "party": "中共党员",
        "occupation": "教师",
        "workplace": "示范区第一中学校长",
        "id_number": first17 + id_number_check_digit(first17),
        "phone": "13800138000",
        **{name: obj.name if obj else None for name, obj in first.items()},
        "elected_on": dt.date(2021, 12, 1),
    }


def roster_template(congress: Congress) -> bytes:
    """An empty roster with headers, a 性别 dropdown, one grey example row and a 填写说明 sheet."""
    workbook = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(
        workbook, SHEET_TITLE, [("*" + c.header if c.required else c.header, c.width) for c in COLUMNS]
    )
    example = example_row(congress)
    for index, column in enumerate(COLUMNS, start=1):
        header = sheet.cell(row=1, column=index)
        if column.required:
            header.font = REQUIRED_FONT
        header.comment = Comment(("必填。" if column.required else "选填。") + column.help, "renda")
        spreadsheets.write(
            sheet, 2, index, example[column.field], number_format=number_format(column), font=EXAMPLE_FONT
        )
        if number_format(column):
            # A column style, so that what the clerk types later is formatted too.
            sheet.column_dimensions[get_column_letter(index)].number_format = number_format(column)
    gender_column = get_column_letter(next(i for i, c in enumerate(COLUMNS, start=1) if c.kind == GENDER))
    gender = DataValidation(
        type="list",
        formula1='"男,女"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="性别",
        error="请填“男”或“女”。",
    )
    gender.add(f"{gender_column}2:{gender_column}{MAX_ROWS + 1}")
    sheet.add_data_validation(gender)

    notes = spreadsheets.add_sheet(workbook, HELP_SHEET_TITLE, freeze=None)
    spreadsheets.widths(notes, (18, 8, 80))
    lines = [
        ("代表名册导入说明", None, None),
        (
            "1. 在“代表名册”工作表中填写，每位代表一行；第1行是表头，请勿修改或删除，列的顺序可以调整。",
            None,
            None,
        ),
        ("2. 带 * 的红色列为必填列；其他列可以留空。", None, None),
        (f"3. 第2行是灰色斜体的示例，代表证号为“{EXAMPLE_MARK}”的行不会导入，可以保留或删除。", None, None),
        (
            "4. 系统逐行校验，全部行都没有问题才会导入；只要有一行有问题，就不导入任何数据，并列出每一行的问题。",
            None,
            None,
        ),
        (
            "5. 身份证号与系统中已有代表相同的行，更新该代表的信息；选填列留空时保留原有信息。新代表计入本届，状态为“在任”。",
            None,
            None,
        ),
        (
            f"6. 一次最多导入 {MAX_ROWS} 行，文件不超过 {MAX_FILE_SIZE // (1024 * 1024)} MB，格式须为 .xlsx。",
            None,
            None,
        ),
        ("", None, None),
    ]
    table_header = len(lines) + 1
    lines += [("列名", "是否必填", "填写要求")]
    lines += [(c.header, "必填" if c.required else "选填", c.help) for c in COLUMNS]
    lines.append(("", None, None))
    for name, model in LOOKUP_MODELS.items():
        names = list(model.objects.filter(congress=congress).order_by("pk").values_list("name", flat=True))
        lines.append((f"现有{LOOKUP_LABELS[name]}", None, "、".join(names) if names else "（尚未添加）"))
    for row, values in enumerate(lines, start=1):
        for index, value in enumerate(values, start=1):
            if value is not None:
                bold = row in (1, table_header) or (index == 1 and row > table_header)
                spreadsheets.write(
                    notes,
                    row,
                    index,
                    value,
                    alignment=spreadsheets.WRAP_TOP,
                    font=spreadsheets.HEADER_FONT if bold else None,
                )
    workbook.active = 0
    return spreadsheets.workbook_bytes(workbook)
