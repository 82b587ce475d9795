"""The database administrator's attack on an election round of 300 deputies, on PostgreSQL.

The same attack as test_ballot_box_dba.py (meeting votes), on the other kind of ballot that goes
through the one ballot box: an election round's device ballots, one 赞成 and one 反对 column per
candidate with the at-most-S proof (elections.workflow.cast → core.ballot_box.box.cast). Same
transaction joins, physical order, live and dead tuples, the WAL, the logs: no link tells a
deputy's marks better than chance.
"""

import glob
import json
import logging
import os
import subprocess

import pytest
from django.db import connection

from core.ballot_box import box as ballot_box
from core.ballot_box import crypto, testing
from core.tests.test_ballot_box_dba import PLAIN_WORDS, sql, within_chance
from elections import workflow
from elections.models import Nomination
from meetings.tests.helpers import give_accounts, open_meeting_with, register_teller_key, sign_in_all

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="plays a PostgreSQL DBA: run with DATABASE_URL=postgres://…"
    ),
]

DEPUTIES = 300
CANDIDATES = ["甲候选", "乙候选", "丙候选"]
WAL_SLOT = f"renda_dba_election_{os.getpid()}"
# Casting order: the first half votes for 甲候选, the second half against, a pattern any link reveals.
MARKS = [[1, 0, 0, 0, 0, 0]] * (DEPUTIES // 2) + [[0, 1, 0, 0, 0, 0]] * (DEPUTIES // 2)


def cast_round(clerk, congress, caplog):
    sql("TRUNCATE core_sealedballot, elections_participation")
    meeting = open_meeting_with(clerk, congress, DEPUTIES)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    register_teller_key(meeting)
    election = workflow.create_election(actor=clerk, congress=congress, meeting=meeting, title="补选")
    group = workflow.add_office_group(
        election,
        actor=clerk,
        office="vice_head",
        post="常委会副主任",
        seats=2,
        extra=None,
        write_in_rule="deputy",
    )
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=CANDIDATES[:2])
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=CANDIDATES[2:])
    round_ = workflow.fix_candidates(group, actor=clerk)
    workflow.set_up_round(round_, actor=clerk, method="electronic", scrutineers=[deputies[0]], tellers=[])
    round_ = workflow.open_round(round_, actor=clerk)
    box_ = round_.ballot_box
    spec, public_key, context = ballot_box.public_parameters(box_)
    sql(
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE %s",
        ["renda_dba_election_%"],
    )
    sql("SELECT pg_create_physical_replication_slot(%s, true)", [WAL_SLOT])
    wal_start = sql("SELECT pg_current_wal_lsn()")[0][0]
    caplog.set_level(logging.DEBUG)
    for deputy, values in zip(deputies, MARKS, strict=True):
        ballot = crypto.encrypt_ballot(spec, public_key, values, context).to_json()
        workflow.cast(round_, deputy=deputy, sealed={"box": str(box_.pk), "ballot": ballot})
    with pytest.raises(workflow.TransitionRefused):  # a second ballot leaves an undone participation
        workflow.cast(round_, deputy=deputies[0], sealed={"box": str(box_.pk), "ballot": ballot})
    wal_end = sql("SELECT pg_current_wal_lsn()")[0][0]
    return round_, deputies, box_, (wal_start, wal_end), caplog.text


def test_a_dba_learns_no_deputys_marks_on_an_election_round(clerk, congress, caplog):
    try:
        round_, deputies, box_, (start, end), logs = cast_round(clerk, congress, caplog)
        tools = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_waldump"))
        wal_dir = os.path.join(sql("SELECT current_setting('data_directory')")[0][0], "pg_wal")
        dumped = ""
        if tools and os.access(wal_dir, os.R_OK):
            dumped = subprocess.run(
                [tools[-1], "--path", wal_dir, "--start", start, "--end", end, "--rmgr", "Heap"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
    finally:
        sql(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s",
            [WAL_SLOT],
        )

    # No participation shares a transaction (xmin) with a sealed ballot.
    joined = sql(
        "SELECT count(*) FROM elections_participation p JOIN core_sealedballot b ON p.xmin = b.xmin"
        " WHERE p.round_id = %s AND b.box_id = %s",
        [round_.pk, box_.pk],
    )[0][0]
    assert joined == 0

    # The WAL: no transaction writes both a participation and a ballot.
    if dumped:
        nodes = {
            table: str(sql("SELECT pg_relation_filenode(%s)", [table])[0][0])
            for table in ("core_sealedballot", "elections_participation")
        }
        writers: dict[str, set[str]] = {table: set() for table in nodes}
        for line in dumped.splitlines():
            tx = line.partition("tx:")[2].split(",")[0].strip()
            for table, node in nodes.items():
                if f"/{node} " in line or line.endswith(f"/{node}") or f"/{node} blk" in line:
                    writers[table].add(tx)
        assert len(writers["core_sealedballot"]) >= DEPUTIES
        assert not (writers["core_sealedballot"] & writers["elections_participation"])

    # Pair by physical order (the strongest structural link) and read the 甲候选·赞成 column with one
    # teller's key share: right no more often than a coin.
    truth = {d.pk: values[0] for d, values in zip(deputies, MARKS, strict=True)}
    participations = [
        r[0]
        for r in sql(
            "SELECT deputy_id FROM elections_participation WHERE round_id = %s ORDER BY ctid", [round_.pk]
        )
    ]
    ballots = [
        r[0]
        for r in sql("SELECT content::text FROM core_sealedballot WHERE box_id = %s ORDER BY ctid", [box_.pk])
    ]
    assert len(participations) == len(ballots) == DEPUTIES
    key_share = crypto.scalar(testing.key_file(box_.key, 1)["key_share"])
    lagrange = crypto.lagrange_at_zero(1, [1, 2])
    correct = 0
    for deputy_id, content in zip(participations, ballots, strict=True):
        mark = crypto.Ciphertext.from_json(json.loads(content)["ciphertexts"][0])
        rest = crypto.sub(mark.b, crypto.mul(lagrange * key_share, mark.a))
        guess = 1 if rest == crypto.G or rest[0] & 1 else 0
        correct += guess == truth[deputy_id]
    assert within_chance(correct, DEPUTIES)

    # Live and dead tuples (pageinspect) hold no name and no mark in clear.
    sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
    words = [*PLAIN_WORDS, *(name.encode() for name in CANDIDATES), b"against"]
    for table in ("core_sealedballot", "elections_participation"):
        pages = sql(f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int")[0][0]
        for page in range(pages):
            for (data,) in sql(f"SELECT t_data FROM heap_page_items(get_raw_page('{table}', {page}))"):
                assert not any(word in bytes(data or b"") for word in words), table

    # The logs hold no ballot; the tellers still count every ballot.
    assert "ciphertexts" not in logs and "甲候选" not in logs
    round_ = workflow.close_round(round_, actor=clerk)
    for share in testing.decryption_shares(round_.ballot_box, (1, 2)):
        round_ = workflow.submit_decryption_share(round_, actor=clerk, document=share)
    round_.refresh_from_db()
    assert round_.result["counts"]["甲候选"] == {"for": DEPUTIES // 2, "against": DEPUTIES // 2, "abstain": 0}
