"""Recount an exported ballot box from files alone (``renda tally``, kind ``ballot_box``).

The export (core.ballot_box.export) holds everything the check needs and nothing that links a
ballot to a deputy: the vote's context, the ballot rules, the tellers' public commitments, every
ballot (ciphertexts, proofs, fingerprint) in random order, the list of deputies who took part
(sorted), the tellers' decryption shares and the announced totals. ``verify`` checks that

- every ballot's proofs hold and its fingerprint is the hash of its content, with no duplicate;
- each participant is listed once and there are exactly as many ballots as participants;
- the public key is the one the tellers' commitments give;
- every decryption share is proven against its teller's verification key;
- the shares decrypt the homomorphic sum of the ballots to exactly the announced totals.

Any failure raises RecountError naming the field, so a tampered export is refused, never counted.
"""

from __future__ import annotations

from . import crypto


class RecountError(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"字段 {field} {reason}")
        self.field = field
        self.reason = reason


FIELDS = {
    "kind",
    "context",
    "key_context",
    "spec",
    "labels",
    "threshold",
    "tellers",
    "public_key",
    "dealings",
    "ballots",
    "participants",
    "decryption_shares",
    "totals",
}


def _require(data: dict, key: str):
    if key not in data:
        raise RecountError(key, "缺失")
    return data[key]


def verify(data: object) -> dict:
    """The verified totals of an export, or RecountError."""
    if not isinstance(data, dict):
        raise RecountError("（根）", "必须是对象")
    unknown = set(data) - FIELDS
    if unknown:
        raise RecountError(sorted(unknown)[0], "不是此类输入的字段（拼写有误？）")
    context = _require(data, "context")
    if not isinstance(context, str) or not context:
        raise RecountError("context", "必须是非空字符串")
    try:
        spec = crypto.BallotSpec.from_json(_require(data, "spec"))
    except crypto.CryptoError as error:
        raise RecountError("spec", error.reason) from None
    key_context = _require(data, "key_context")
    if not isinstance(key_context, str) or not key_context:
        raise RecountError("key_context", "必须是非空字符串")
    threshold, tellers = _require(data, "threshold"), _require(data, "tellers")
    if not (isinstance(threshold, int) and isinstance(tellers, int) and 1 <= threshold <= tellers <= 20):
        raise RecountError("threshold", "应为 1 至 tellers 之间的整数")

    dealings = _require(data, "dealings")
    if not isinstance(dealings, list) or len(dealings) != tellers:
        raise RecountError("dealings", f"应有 {tellers} 位计票人的密钥承诺")
    commitments: dict[int, tuple[bytes, ...]] = {}
    for index, public in enumerate(dealings):
        try:
            dealer, points = crypto.check_dealing(public, threshold, key_context)
        except crypto.CryptoError as error:
            raise RecountError(f"dealings[{index}]", error.reason) from None
        if not 1 <= dealer <= tellers or dealer in commitments:
            raise RecountError(f"dealings[{index}].dealer", "编号有误或重复")
        commitments[dealer] = points
    public_key = crypto.public_key_of(commitments.values())
    if _require(data, "public_key") != public_key.hex():
        raise RecountError("public_key", "与计票人的密钥承诺不符")

    ballots = _require(data, "ballots")
    if not isinstance(ballots, list):
        raise RecountError("ballots", "必须是列表")
    parsed, seen = [], set()
    for index, entry in enumerate(ballots):
        path = f"ballots[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"fingerprint", "ballot"}:
            raise RecountError(path, '必须形如 {"fingerprint": ..., "ballot": ...}')
        try:
            ballot = crypto.EncryptedBallot.from_json(entry["ballot"])
            crypto.verify_ballot(spec, public_key, ballot, context)
        except crypto.CryptoError as error:
            raise RecountError(path, error.reason) from None
        fingerprint = ballot.fingerprint()
        if entry["fingerprint"] != fingerprint:
            raise RecountError(f"{path}.fingerprint", "与选票内容不符")
        if fingerprint in seen:
            raise RecountError(f"{path}.fingerprint", "重复：同一张选票出现了两次")
        seen.add(fingerprint)
        parsed.append(ballot)

    participants = _require(data, "participants")
    if not isinstance(participants, list) or not all(isinstance(p, str) and p for p in participants):
        raise RecountError("participants", "必须是参加投票者的列表")
    if len(set(participants)) != len(participants):
        raise RecountError("participants", "中有人出现了两次")
    if len(participants) != len(parsed):
        raise RecountError(
            "ballots", f"共 {len(parsed)} 张，与参加投票的 {len(participants)} 人不符（每人应恰好一张）"
        )

    aggregate = crypto.aggregate(spec, parsed)
    shares_data = _require(data, "decryption_shares")
    if not isinstance(shares_data, list) or len(shares_data) < threshold:
        raise RecountError("decryption_shares", f"至少需要 {threshold} 位计票人的解密份额")
    shares = []
    for index, value in enumerate(shares_data):
        try:
            share = crypto.DecryptionShare.from_json(value)
        except crypto.CryptoError as error:
            raise RecountError(f"decryption_shares[{index}]", error.reason) from None
        if share.teller not in commitments:
            raise RecountError(f"decryption_shares[{index}].teller", "不是本票箱的计票人")
        verification = crypto.verification_key(share.teller, commitments.values())
        if not crypto.verify_decryption_share(share, verification, aggregate, context):
            raise RecountError(
                f"decryption_shares[{index}]", "未通过验证（与该计票人的密钥不符，或与选票之和不符）"
            )
        shares.append(share)
    try:
        totals = crypto.combine(aggregate, shares[:threshold], max(len(parsed), 1))
    except crypto.CryptoError as error:
        raise RecountError("decryption_shares", error.reason) from None

    announced = _require(data, "totals")
    if announced != totals:
        raise RecountError("totals", f"与选票之和不符（选票之和为 {totals}）")
    labels = data.get("labels")
    result = {
        "kind": "ballot_box",
        "verified": True,
        "ballots": len(parsed),
        "participants": len(participants),
        "totals": totals,
    }
    if isinstance(labels, list) and len(labels) == len(totals):
        result["totals_by_label"] = dict(zip(map(str, labels), totals, strict=True))
    return result
