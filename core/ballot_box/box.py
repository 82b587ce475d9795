"""The one ballot box: every secret ballot (meeting votes, election rounds, project ballots and
evaluations, satisfaction votes) is cast, closed, decrypted and exported through these functions.

The owner (e.g. meetings.workflow) checks who may vote and keeps its own participation table
(who took part, one row per deputy, unique); this module checks and stores what was chosen —
encrypted on the deputy's device — and never learns it. docs/secret-ballot.md has the design.

Casting uses two transactions, participation first, then the ballot:
  the participation's unique key is what refuses a second ballot, and if the ballot is then
  refused (a replay raced it in, the box closed in between) the participation is removed again.
  One transaction would give both rows the same xmin, a join anyone with the database can make.
  Two transactions still follow each other (their transaction ids are close), so the layout of
  the tables is not what keeps the ballot secret: the encryption is (a ballot is only readable
  with the key shares of `threshold` tellers, which never reach the server).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, connection, models, transaction

from core import audit
from core.workflow import AlreadyVoted

from . import crypto, export
from .models import BallotBox, SealedBallot, TellerKey

MAX_BALLOT_BYTES = 200_000


class BallotRefused(Exception):
    """A ballot or a share that is not accepted; the Chinese message names the reason."""


def refusal_note(reason: str) -> str:
    return f"拒收：{reason}"


def audit_refusal(*, actor, box: BallotBox | None, reason: str, action: str = "refuse_ballot", request=None):
    """Record a refused attempt: who and why, never the ballot's content."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=action,
            congress=box.congress_id if box else None,
            object_type="core.ballotbox",
            object_id=str(box.pk) if box else "",
            object_repr=str(box) if box else "",
            note=refusal_note(reason),
            request=request,
        )


def uploaded_document(request, field: str = "document") -> object:
    """A JSON file the staff upload (a key ceremony's public.json, a teller's share); None if not JSON."""
    upload = request.FILES.get(field)
    raw = upload.read(1_000_000) if upload is not None else request.POST.get(field, "").encode()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None


# --------------------------------------------------------------------------- keys


def register_key(*, congress_id: int, owner: str, document: object, actor, request=None) -> TellerKey:
    """Store the public part of a key ceremony (core/ballot_box/ceremony.py) after checking it."""
    if not isinstance(document, dict):
        raise BallotRefused("密钥文件格式有误。")
    try:
        threshold = int(document["threshold"])
        tellers = [str(name) for name in document["tellers"]]
        context = str(document["context"])
        if not (context.startswith("renda|key|") and 1 <= threshold <= len(tellers) <= 20):
            raise ValueError
        commitments = []
        for index, public in enumerate(document["dealings"]):
            dealer, points = crypto.check_dealing(public, threshold, context)
            if dealer != index + 1:
                raise ValueError
            commitments.append(points)
        if len(commitments) != len(tellers):
            raise ValueError
    except crypto.CryptoError as error:
        raise BallotRefused(f"计票人密钥未通过验证：{error.reason}。") from None
    except (KeyError, TypeError, ValueError):
        raise BallotRefused("密钥文件格式有误。") from None
    public_key = crypto.public_key_of(commitments).hex()
    if document.get("public_key") != public_key:
        raise BallotRefused("计票人密钥未通过验证：公钥与承诺不符。")
    with transaction.atomic():
        if TellerKey.objects.filter(owner=owner).exists():
            raise BallotRefused("已经登记过计票人密钥。")
        key = TellerKey.objects.create(
            congress_id=congress_id,
            owner=owner,
            context=context,
            threshold=threshold,
            tellers=tellers,
            dealings=document["dealings"],
            public_key=public_key,
        )
        audit.record(
            actor=actor,
            action="register_teller_key",
            obj=key,
            congress=congress_id,
            request=request,
            changes={"threshold": threshold, "tellers": tellers, "public_key": public_key},
        )
    return key


def key_for(owner: str) -> TellerKey | None:
    return TellerKey.objects.filter(owner=owner).first()


# --------------------------------------------------------------------------- boxes


def open_box(*, key: TellerKey, owner: str, spec: crypto.BallotSpec, labels: Sequence[str]) -> BallotBox:
    """A new, open box for one poll (in the caller's transaction, which audits the poll's opening)."""
    return BallotBox.objects.create(
        congress_id=key.congress_id, owner=owner, key=key, spec=spec.to_json(), labels=list(labels)
    )


_PUBLIC: dict = {}


def public_parameters(box: BallotBox) -> tuple[crypto.BallotSpec, bytes, str]:
    """(spec, public key, context) of a box; they never change once it is open."""
    cached = _PUBLIC.get(box.pk)
    if cached is None:
        cached = (crypto.BallotSpec.from_json(box.spec), bytes.fromhex(box.key.public_key), box.context)
        _PUBLIC[box.pk] = cached
    return cached


def device_parameters(box: BallotBox) -> dict:
    """What the deputy's device needs to encrypt a ballot (shown in the device page)."""
    spec, public_key, context = public_parameters(box)
    return {
        "box": str(box.pk),
        "context": context,
        "public_key": public_key.hex(),
        "key_fingerprint": crypto.key_fingerprint(public_key.hex()),
        "spec": spec.to_json(),
    }


def read_ballot(box: BallotBox, payload: object) -> crypto.EncryptedBallot:
    """Parse and verify a device's ballot (JSON text or parsed); BallotRefused names the reason."""
    if isinstance(payload, (str, bytes)):
        if len(payload) > MAX_BALLOT_BYTES:
            raise BallotRefused("选票格式有误：内容过长。")
        try:
            payload = json.loads(payload)
        except ValueError:
            raise BallotRefused("选票格式有误：不是有效的 JSON。") from None
    spec, public_key, context = public_parameters(box)
    try:
        ballot = crypto.EncryptedBallot.from_json(payload)
        crypto.verify_ballot(spec, public_key, ballot, context)
    except crypto.CryptoError as error:
        raise BallotRefused(f"选票未被接受：{error.reason}。") from None
    return ballot


def read_sealed(box: BallotBox, sealed: object) -> crypto.EncryptedBallot:
    """A device's {"box": ..., "ballot": ...} (JSON text or parsed): verified against this box,
    refused with its own message if it names another box."""
    if isinstance(sealed, (str, bytes)):
        if len(sealed) > MAX_BALLOT_BYTES:
            raise BallotRefused("选票格式有误：内容过长。")
        try:
            sealed = json.loads(sealed)
        except ValueError:
            raise BallotRefused("选票格式有误：不是有效的 JSON。") from None
    if not isinstance(sealed, dict) or "ballot" not in sealed:
        raise BallotRefused("选票格式有误。")
    if sealed.get("box") != str(box.pk):
        raise BallotRefused("该选票不属于本项表决（可能是其他表决的选票），请刷新页面。")
    return read_ballot(box, sealed["ballot"])


def seal_on_server(box: BallotBox, values: Sequence[int]) -> crypto.EncryptedBallot:
    """Encrypt a choice that arrived in clear (a device without JavaScript, a form post).

    Weaker than encrypting on the device: the server sees this one choice in memory while it
    encrypts it (docs/secret-ballot.md); it is never stored or logged in clear.
    """
    spec, public_key, context = public_parameters(box)
    try:
        return crypto.encrypt_ballot(spec, public_key, values, context)
    except crypto.CryptoError as error:
        raise BallotRefused(f"选票未被接受：{error.reason}。") from None


def cast(
    box: BallotBox,
    ballot: crypto.EncryptedBallot,
    *,
    poll: models.Model,
    participation: models.Model,
    check: Callable[[Any], object] | None = None,
    already_voted: str = "",
) -> str:
    """The one cast path of every secret ballot: record who takes part, then store what they chose.

    ``poll`` is the vote, round, project ballot or evaluation; ``participation`` its unsaved
    participation row (unique per poll and deputy); ``check(locked_poll)`` raises (e.g.
    TransitionRefused) when the poll is not open to this deputy. Returns the ballot's fingerprint
    (the deputy's receipt).

    Locking, the same for every kind: the participation's transaction holds the poll's row
    FOR KEY SHARE (ballots do not wait for each other; the closing transition's FOR UPDATE waits
    for them, and a ballot arriving during the close reads "closed"), and its unique key refuses a
    second ballot. The sealed ballot follows in a second transaction that share-locks the open box;
    if it is refused after all (a replay raced it in, the box closed in between) the participation
    is deleted again. One transaction would give both rows the same xmin (docs/secret-ballot.md).
    """
    fingerprint = ballot.fingerprint()
    if SealedBallot.objects.filter(box=box, fingerprint=fingerprint).exists():
        raise BallotRefused("该选票已经投入票箱，不能重复投入（重放的选票）。")
    with transaction.atomic():
        locked = share_lock(poll)
        if check is not None:
            check(locked)
        try:
            with transaction.atomic():
                participation.save(force_insert=True)
        except IntegrityError:
            raise (AlreadyVoted(already_voted) if already_voted else AlreadyVoted()) from None
    try:
        with transaction.atomic():
            if not _share_lock_if_open(box.pk):
                raise BallotRefused("投票已经结束。")
            SealedBallot.objects.create(box=box, fingerprint=fingerprint, content=ballot.to_json())
    except (IntegrityError, BallotRefused) as error:
        with transaction.atomic():
            type(participation)._default_manager.filter(pk=participation.pk).delete()
        if isinstance(error, BallotRefused):
            raise
        raise BallotRefused("该选票已经投入票箱，不能重复投入（重放的选票）。") from None
    return fingerprint


def take_paper_ballot(
    poll: models.Model,
    participation: models.Model,
    *,
    check: Callable[[Any], object] | None = None,
    already_voted: str = "",
) -> Any:
    """A deputy takes a paper ballot instead of casting on the device (发给纸质选票), for every
    ballot kind that counts paper sheets with the box's totals (election rounds, project ballots,
    evaluations). It is recorded as the deputy's participation, under the same lock and unique key
    as a cast: the device refuses them afterwards, a deputy who has cast gets no paper ballot, and
    each deputy is counted once. Who took a paper ballot is as public as who voted. Runs in the
    caller's transaction; returns the poll's row, share-locked."""
    with transaction.atomic():
        locked = share_lock(poll)
        if check is not None:
            check(locked)
        try:
            with transaction.atomic():
                participation.save(force_insert=True)
        except IntegrityError:
            raise (AlreadyVoted(already_voted) if already_voted else AlreadyVoted()) from None
    return locked


def share_lock(poll: models.Model) -> Any:
    """The poll's row, re-read and held FOR KEY SHARE until the transaction ends (PostgreSQL);
    SQLite runs one writer at a time, so a plain read is enough there."""
    model = type(poll)
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        table, column = quote(model._meta.db_table), quote(str(model._meta.pk.column))
        rows = model._default_manager.raw(
            f"SELECT * FROM {table} WHERE {column} = %s FOR KEY SHARE", [poll.pk]
        )
        return next(iter(rows))
    return model._default_manager.get(pk=poll.pk)


def _share_lock_if_open(box_id) -> bool:
    """Whether the box is open, holding a shared lock until the ballot commits (close() waits for it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM core_ballotbox WHERE id = %s AND status = 'open' FOR KEY SHARE", [box_id]
            )
            return cursor.fetchone() is not None
    return BallotBox.objects.filter(pk=box_id, status=BallotBox.Status.OPEN).exists()


def close(box: BallotBox) -> BallotBox:
    """Close the box (in the caller's transaction): no more ballots; the homomorphic sum is stored."""
    locked = BallotBox.objects.select_for_update().select_related("key").get(pk=box.pk)
    if locked.status != BallotBox.Status.OPEN:
        raise BallotRefused("票箱已经关闭。")
    spec, _public_key, _context = public_parameters(locked)
    # Only the ciphertexts are read and added (their proofs were checked when each ballot was
    # cast); the points are checked on the way (crypto.stored_sum), so a row altered in the
    # database into something that is not a ciphertext does not poison the sum unnoticed.
    try:
        totals, ballots = crypto.stored_sum(
            locked.ballots.values_list("content", flat=True).iterator(chunk_size=1000), len(spec.slots)
        )
    except crypto.CryptoError:
        raise BallotRefused("票箱中有格式错误的选票，请用 renda tally 核查导出的票箱。") from None
    locked.aggregate = [ct.to_json() for ct in totals]
    locked.ballots_count = ballots
    locked.status = BallotBox.Status.CLOSED
    if not ballots:
        # Nothing to decrypt: an empty box holds zero for every slot.
        locked.totals = [0] * len(spec.slots)
        locked.status = BallotBox.Status.COUNTED
    locked.save(update_fields=["aggregate", "ballots_count", "status", "totals"])
    return locked


def teller_document(box: BallotBox) -> dict:
    """What a teller downloads to compute a decryption share offline."""
    return {
        "box": str(box.pk),
        "context": box.context,
        "key_context": box.key.context,
        "labels": box.labels,
        "ballots": box.ballots_count,
        "aggregate": box.aggregate,
    }


def submit_decryption_share(box: BallotBox, document: object, *, actor, request=None) -> list[int] | None:
    """Check one teller's share and, with enough of them, decrypt the totals (caller's transaction).

    Returns the totals once decrypted, None while shares are missing; BallotRefused (and an
    audit row) for a share that does not verify.
    """
    locked = BallotBox.objects.select_for_update().select_related("key").get(pk=box.pk)
    if locked.status != BallotBox.Status.CLOSED:
        raise BallotRefused("票箱不在待解密状态。")
    aggregate = [crypto.Ciphertext.from_json_sum(ct) for ct in locked.aggregate or []]
    commitments = [
        crypto.check_dealing(d, locked.key.threshold, locked.key.context)[1] for d in locked.key.dealings
    ]
    try:
        share = crypto.DecryptionShare.from_json(document)
    except crypto.CryptoError as error:
        raise BallotRefused(f"解密份额未被接受：{error.reason}。") from None
    if not 1 <= share.teller <= len(commitments):
        raise BallotRefused("解密份额未被接受：不是本票箱的计票人。")
    if any(s["teller"] == share.teller for s in locked.decryption_shares):
        raise BallotRefused("该计票人的解密份额已经提交。")
    verification = crypto.verification_key(share.teller, commitments)
    if not crypto.verify_decryption_share(share, verification, aggregate, locked.context):
        raise BallotRefused("解密份额未被接受：与该计票人的密钥不符（密钥文件有误或份额被篡改）。")
    locked.decryption_shares = [*locked.decryption_shares, share.to_json()]
    fields = ["decryption_shares"]
    if len(locked.decryption_shares) >= locked.key.threshold:
        shares = [
            crypto.DecryptionShare.from_json(s) for s in locked.decryption_shares[: locked.key.threshold]
        ]
        try:
            locked.totals = crypto.combine(aggregate, shares, max(locked.ballots_count or 0, 1))
        except crypto.CryptoError as error:
            raise BallotRefused(f"解密失败：{error.reason}。") from None
        locked.status = BallotBox.Status.COUNTED
        fields += ["totals", "status"]
    locked.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="submit_decryption_share",
        obj=locked,
        congress=locked.congress_id,
        request=request,
        note=f"计票人 {locked.key.tellers[share.teller - 1]}",
    )
    return locked.totals if locked.status == BallotBox.Status.COUNTED else None


def export_document(box: BallotBox, participants: Sequence[str]) -> dict:
    """The published, recountable box (``renda tally``), once counted."""
    spec, _public_key, context = public_parameters(box)
    doc = export.document(
        context=context,
        spec=spec,
        labels=box.labels,
        threshold=box.key.threshold,
        dealings=box.key.dealings,
        key_context=box.key.context,
        ballots=[
            {"fingerprint": f, "ballot": c} for f, c in box.ballots.values_list("fingerprint", "content")
        ],
        participants=participants,
        decryption_shares=box.decryption_shares[: box.key.threshold],
        totals=box.totals or [],
    )
    return doc
