"""The database administrator's attack on a secret vote of 300 deputies, on PostgreSQL.

Everything a DBA can read — the tables, same-transaction (xmin) joins, physical order, live and
dead tuples through pageinspect, the WAL written during the vote through pg_waldump, the
application's logs and Redis — is searched for a way to tell what a deputy chose. The vote is
cast through the device's short path with ballots encrypted as the browser does.

What the attack can and cannot do (docs/secret-ballot.md §4): it finds no same-transaction join;
it may pair participations with ciphertexts by casting order, but a ciphertext says nothing
without the tellers' key, so its guesses of the deputies' choices are right no more often than
a coin's (tested against a binomial bound), even with one teller's key share.
"""

import glob
import json
import logging
import math
import os
import subprocess

import pytest
from django.db import connection

from core.ballot_box import box as ballot_box
from core.ballot_box import crypto, testing
from meetings import workflow
from meetings.tests.helpers import decrypt, hall_voting

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="plays a PostgreSQL DBA: run with DATABASE_URL=postgres://…"
    ),
]

DEPUTIES = 300
WAL_SLOT = f"renda_dba_attack_{os.getpid()}"
# Casting order: the first half says yes, the second half no, a pattern any link would reveal.
CHOICES = ["yes"] * (DEPUTIES // 2) + ["no"] * (DEPUTIES // 2)
PLAIN_WORDS = [b"yes", b"abstain", "赞成".encode(), "反对".encode(), "弃权".encode()]


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else None


def within_chance(correct: int, n: int) -> bool:
    """Whether `correct` of n guesses of a fair coin is within 4 standard deviations of n/2."""
    return abs(correct - n / 2) <= 4 * math.sqrt(n / 4)


def cast_vote(clerk, congress, caplog):
    # Earlier tests on this database rolled back roll-call votes (choices in the clear by law):
    # their dead tuples are test debris, not this vote's. Start the two tables afresh.
    sql("TRUNCATE core_sealedballot, meetings_participation")
    vote, deputies = hall_voting(clerk, congress, DEPUTIES)
    vote.refresh_from_db()
    box_ = vote.ballot_box
    spec, public_key, context = ballot_box.public_parameters(box_)
    # A physical slot keeps the vote's WAL segments from being recycled by any checkpoint (other
    # test workers write WAL too) until the attack has read them.
    sql(
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE %s",
        ["renda_dba_attack_%"],
    )
    sql("SELECT pg_create_physical_replication_slot(%s, true)", [WAL_SLOT])
    wal_start = sql("SELECT pg_current_wal_lsn()")[0][0]
    caplog.set_level(logging.DEBUG)
    for deputy, choice in zip(deputies, CHOICES, strict=True):
        values = [int(value == choice) for value in ("yes", "no", "abstain")]
        sealed = {
            "box": str(box_.pk),
            "ballot": crypto.encrypt_ballot(spec, public_key, values, context).to_json(),
        }
        workflow.cast_by_token_holder(vote.pk, user=deputy.user, meeting_id=vote.meeting_id, sealed=sealed)
    # Two refused attempts leave dead tuples behind (a participation written, then undone).
    with pytest.raises(workflow.TransitionRefused):
        workflow.cast_by_token_holder(
            vote.pk, user=deputies[0].user, meeting_id=vote.meeting_id, sealed=sealed
        )
    wal_end = sql("SELECT pg_current_wal_lsn()")[0][0]
    logs = caplog.text
    return vote, deputies, box_, (wal_start, wal_end), logs


def participations_in_physical_order(vote):
    return [
        row[0]
        for row in sql(
            "SELECT deputy_id FROM meetings_participation WHERE vote_id = %s ORDER BY ctid", [vote.pk]
        )
    ]


def ballots_in_physical_order(box_):
    return [
        row[0]
        for row in sql(
            "SELECT content::text FROM core_sealedballot WHERE box_id = %s ORDER BY ctid", [box_.pk]
        )
    ]


def attack_no_participation_shares_a_transaction_with_a_ballot(cast_vote):
    vote, _deputies, box_, _wal, _logs = cast_vote
    joined = sql(
        "SELECT count(*) FROM meetings_participation p JOIN core_sealedballot b ON p.xmin = b.xmin"
        " WHERE p.vote_id = %s AND b.box_id = %s",
        [vote.pk, box_.pk],
    )[0][0]
    assert joined == 0


def attack_pairing_by_order_yields_ciphertexts_that_guess_no_better_than_chance(cast_vote):
    """The DBA pairs the i-th participation with the i-th ballot (the strongest structural link),
    then, holding one teller's key share, tries to read each ballot: right no more than by chance."""
    vote, deputies, box_, _wal, _logs = cast_vote
    truth = {deputy.pk: choice for deputy, choice in zip(deputies, CHOICES, strict=True)}
    pairs = list(zip(participations_in_physical_order(vote), ballots_in_physical_order(box_), strict=True))
    assert len(pairs) == DEPUTIES
    key_share = crypto.scalar(testing.key_file(box_.key, 1)["key_share"])
    lagrange = crypto.lagrange_at_zero(1, [1, 2])
    correct = 0
    for deputy_id, content in pairs:
        mark = crypto.Ciphertext.from_json(json.loads(content)["ciphertexts"][0])
        a, b = mark.a, mark.b
        # With one share the "yes" mark's mask cannot be removed; the DBA's best test is whether
        # what is left is G (a yes) — it never is, so the guess falls to a fixed bit of the bytes.
        rest = crypto.sub(b, crypto.mul(lagrange * key_share, a))
        guess = "yes" if rest == crypto.G or rest[0] & 1 else "no"
        correct += guess == truth[deputy_id]
    assert within_chance(correct, DEPUTIES)


def attack_no_two_ballots_share_a_ciphertext_so_one_known_vote_labels_no_other(cast_vote):
    _vote, _deputies, box_, _wal, _logs = cast_vote
    parts = [
        tuple(ct)
        for content in box_.ballots.values_list("content", flat=True)
        for ct in content["ciphertexts"]
    ]
    halves = [p for ct in parts for p in ct]
    assert len(set(halves)) == len(halves)


def attack_live_and_dead_tuples_hold_no_choice(cast_vote):
    _vote, _deputies, _box, _wal, _logs = cast_vote
    sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
    dead = 0
    for table in ("core_sealedballot", "meetings_participation"):
        pages = sql(f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int")[0][0]
        for page in range(pages):
            for data, xmax in sql(
                f"SELECT t_data, t_xmax FROM heap_page_items(get_raw_page('{table}', {page}))"
            ):
                raw = bytes(data or b"")
                dead += xmax not in (None, 0)
                assert not any(word in raw for word in PLAIN_WORDS), table
    assert dead >= 1  # the refused attempt's undone participation is still in its page: also read


def attack_no_transaction_in_the_wal_writes_both_a_participation_and_a_ballot(cast_vote):
    """pg_waldump over the WAL written during the vote: the WAL version of the xmin join."""
    _vote, _deputies, _box, (start, end), _logs = cast_vote
    tools = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_waldump"))
    wal_dir = os.path.join(sql("SELECT current_setting('data_directory')")[0][0], "pg_wal")
    if not tools or not os.access(wal_dir, os.R_OK):
        return  # pg_waldump or the WAL directory is not readable here: nothing to attack
    nodes = {
        table: str(sql("SELECT pg_relation_filenode(%s)", [table])[0][0])
        for table in ("core_sealedballot", "meetings_participation")
    }
    done = subprocess.run(
        [tools[-1], "--path", wal_dir, "--start", start, "--end", end, "--rmgr", "Heap"],
        capture_output=True,
        text=True,
        check=False,
    )
    dumped = done.stdout
    writers: dict[str, set[str]] = {table: set() for table in nodes}
    for line in dumped.splitlines():
        tx = line.partition("tx:")[2].split(",")[0].strip()
        for table, node in nodes.items():
            if f"/{node} " in line or line.endswith(f"/{node}") or f"/{node} blk" in line:
                writers[table].add(tx)
    assert len(writers["core_sealedballot"]) >= DEPUTIES, done.stderr  # the inserts were all read
    assert not (writers["core_sealedballot"] & writers["meetings_participation"])


def attack_the_logs_hold_no_choice_and_no_ballot(cast_vote):
    _vote, _deputies, _box, _wal, logs = cast_vote
    assert "ciphertexts" not in logs and "赞成" not in logs and '"yes"' not in logs


def attack_redis_holds_no_choice(cast_vote, settings):
    location = settings.CACHES["default"].get("LOCATION", "")
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        return  # the cache is not Redis here
    import redis

    client = redis.Redis.from_url(location if isinstance(location, str) else location[0])
    for key in client.scan_iter(count=1000):
        value = client.dump(key) or b""
        assert not any(word in value for word in PLAIN_WORDS) and b"ciphertexts" not in value


def attack_the_tellers_still_count_every_ballot(clerk, cast_vote):
    vote, *_ = cast_vote
    workflow.close_vote(vote, actor=clerk)
    vote = decrypt(vote, clerk)
    assert (vote.yes, vote.no, vote.abstain) == (DEPUTIES // 2, DEPUTIES // 2, 0)


def test_a_dba_with_full_access_learns_no_deputys_choice(clerk, congress, caplog, settings, tmp_path):
    """One vote of 300 deputies, every attack in turn (casting 300 ballots is the slow part)."""
    try:
        voted = cast_vote(clerk, congress, caplog)
        attack_no_transaction_in_the_wal_writes_both_a_participation_and_a_ballot(voted)
    finally:
        sql(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s",
            [WAL_SLOT],
        )
    attack_no_participation_shares_a_transaction_with_a_ballot(voted)
    attack_pairing_by_order_yields_ciphertexts_that_guess_no_better_than_chance(voted)
    attack_no_two_ballots_share_a_ciphertext_so_one_known_vote_labels_no_other(voted)
    attack_live_and_dead_tuples_hold_no_choice(voted)
    attack_the_logs_hold_no_choice_and_no_ballot(voted)
    attack_redis_holds_no_choice(voted, settings)
    attack_the_tellers_still_count_every_ballot(clerk, voted)
