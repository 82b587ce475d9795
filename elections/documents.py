"""Word documents: the announcement of results (公告) and the printable paper ballot (选票)."""

from __future__ import annotations

from core import cn
from core import documents as word
from elections.models import Election, OfficeGroup, Round
from elections.workflow import group_outcome


def _session_name(election: Election) -> str:
    session = election.meeting.session
    return str(session) if session else str(election.congress)


def announcement(election: Election) -> bytes:
    """公告 (DOMAIN §2 step 8): for every office group and every counted round, ballots issued /
    returned / valid / void, each person's for / against / abstain / write-in votes, the
    scrutineers, and the elected."""
    doc = word.new_document()
    word.title(doc, f"{_session_name(election)}")
    word.title(doc, "选举结果公告")
    word.paragraph(doc, "")
    for group in election.office_groups.all():
        outcome = group_outcome(group)
        word.heading(doc, f"{cn.chinese_number(group.order)}、{group.post}（应选 {group.seats} 名）")
        for round_ in group.rounds.filter(status=Round.Status.CLOSED).order_by("number"):
            result = round_.result
            word.paragraph(
                doc,
                f"第{cn.chinese_number(round_.number)}轮（{round_.get_kind_display()}，应选 {round_.seats} 名）："
                f"发出选票 {round_.ballots_issued} 张，收回选票 {round_.ballots_returned} 张，"
                f"有效票 {result['valid_ballots']} 张，无效票 {result['void_ballots']} 张。"
                f"全体代表 {round_.body_size} 名，出席 {round_.present} 名。",
            )
            if not result["round_valid"]:
                word.paragraph(doc, "收回选票多于发出选票，本轮选举无效，已重新选举。")
            names = set(round_.candidate_names)
            word.table(
                doc,
                ["姓名", "赞成票", "反对票", "弃权票", "另选他人票"],
                [
                    (name, c["for"], c["against"], c["abstain"], "—")
                    if name in names
                    else (name, "—", "—", "—", c["for"])
                    for name, c in result["counts"].items()
                ],
            )
            scrutineers = "、".join(d.name for d in round_.scrutineers.all()) or "—"
            word.paragraph(doc, f"监票人：{scrutineers}。")
            if result["elected"]:
                word.paragraph(doc, f"获得全体代表过半数选票当选：{'、'.join(result['elected'])}。")
            if result["revote"]:
                word.paragraph(
                    doc,
                    f"{'、'.join(result['revote']['candidates'])}得票相等，"
                    f"对其再次投票，确定 {result['revote']['seats']} 名。",
                )
            if result["supplementary_seats"]:
                word.paragraph(
                    doc, f"当选人数不足应选名额，不足的 {result['supplementary_seats']} 名另行选举。"
                )
        elected = "、".join(outcome["elected"]) or "无"
        word.paragraph(doc, f"{group.post}当选人：{elected}。", bold=True)
        if outcome["vacant"]:
            word.paragraph(doc, f"尚缺 {outcome['vacant']} 名，暂作缺额处理。")
    word.signature(doc, f"{_session_name(election)}主席团", election.announced_at)
    return word.save(doc)


def printable_ballot(group: OfficeGroup, round_: Round | None = None) -> bytes:
    """A paper ballot for one office group (DOMAIN §2: ○ for, × against, blank abstain)."""
    round_ = round_ or group.rounds.exclude(status=Round.Status.CANCELLED).order_by("-number").first()
    names = round_.candidate_names if round_ else [c.name for c in group.candidates.all()]
    seats = round_.seats if round_ else group.seats
    revote = round_ is not None and round_.counting_kind == Round.Kind.REVOTE
    doc = word.new_document()
    word.title(doc, _session_name(group.election))
    kind = f"（{round_.get_kind_display()}）" if round_ and round_.kind != Round.Kind.REGULAR else ""
    word.title(doc, f"{group.post}选举票{kind}")
    word.centred(doc, f"应选 {seats} 名，候选人 {len(names)} 名")
    cols = len(names) + (0 if revote else seats)
    table = word.empty_table(doc, rows=2, cols=cols)
    for cell, name in zip(table.rows[0].cells, names):
        word.cell(cell, name, size=14)
    for cell in table.rows[0].cells[len(names) :]:
        word.cell(cell, "另选他人")
    for cell in table.rows[1].cells:
        word.cell(cell, " \n ")
    word.paragraph(doc, "")
    word.centred(doc, "说明", font=word.HEADING_FONT, size=14)
    lines = [
        "一、对候选人可以投赞成票，可以投反对票，也可以弃权。",
        "二、赞成的，在候选人姓名下方的空格内划“〇”；反对的，划“×”；弃权的，不划任何符号。",
    ]
    if revote:
        lines.append("三、本次为对票数相等的候选人再次投票，不能另选他人。")
    else:
        lines.append(
            "三、投反对票的，可以另选他人：在“另选他人”栏内写上其姓名，并在姓名下方空格内划“〇”。"
            + (
                "另选的人须为本级人民代表大会代表。"
                if group.write_in_rule == OfficeGroup.WriteInRule.DEPUTY
                else ""
            )
        )
    lines += [
        f"四、所投赞成票（含另选他人）多于应选名额 {seats} 名的，选票作废；等于或少于的有效。",
        "五、书写请用规定的笔，符号要准确、清楚；无法辨认的符号视为弃权。",
    ]
    for line in lines:
        word.paragraph(doc, line, size=14)
    return word.save(doc)
