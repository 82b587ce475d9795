"""The tellers' side, run offline (``renda ballot_keys``, ``renda decryption_share``): no Django, no server.

The key ceremony runs once per meeting on an offline computer in front of the tellers: each
teller's dealing is made, every dealt value is checked against its dealer's commitments, and
each teller takes away one key file (their key share). Only the public part — commitments and
proofs — is uploaded. Afterwards the computer is wiped; at the end of the meeting, once the
totals are published, the tellers destroy their key files, so nobody can ever decrypt a single
ballot, whatever copies of the database exist (docs/secret-ballot.md).

Decrypting is the reverse: a teller downloads the box's homomorphic sum, computes a decryption
share with a proof on their own computer, and uploads the share. Never a key share.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from . import crypto


def run_ceremony(tellers: Sequence[str], threshold: int) -> tuple[dict, list[dict]]:
    """(public document to upload, one key file per teller)."""
    n = len(tellers)
    if not 1 <= threshold <= n:
        raise crypto.CryptoError("解密所需计票人数应在 1 至计票人总数之间")
    context = f"renda|key|{secrets.token_hex(16)}"
    dealings = [crypto.deal(i, threshold, n, context) for i in range(1, n + 1)]
    for dealing in dealings:
        for j in range(1, n + 1):
            if not crypto.check_dealt_value(j, dealing.values[j], dealing.commitments):
                raise crypto.CryptoError("计票人密钥分发未通过验证")
    commitments = [d.commitments for d in dealings]
    public = {
        "context": context,
        "threshold": threshold,
        "tellers": list(tellers),
        "dealings": [d.public_json() for d in dealings],
        "public_key": crypto.public_key_of(commitments).hex(),
    }
    key_files = [
        {
            "context": context,
            "teller": j,
            "name": tellers[j - 1],
            "key_share": crypto.scalar_hex(sum(d.values[j] for d in dealings)),
            "verification_key": crypto.verification_key(j, commitments).hex(),
        }
        for j in range(1, n + 1)
    ]
    return public, key_files


def decryption_share(key_file: dict, box: dict) -> dict:
    """A teller's decryption share of a closed box's sum (``box`` as the server exports it)."""
    try:
        key_share = crypto.scalar(key_file["key_share"])
        teller = int(key_file["teller"])
        context = str(box["context"])
        aggregate = [crypto.Ciphertext.from_json_sum(ct) for ct in box["aggregate"]]
    except (KeyError, TypeError, ValueError):
        raise crypto.CryptoError("密钥文件或票箱文件格式有误") from None
    if key_file.get("context") != box.get("key_context"):
        raise crypto.CryptoError("密钥文件不属于本票箱的计票人密钥")
    if crypto.base_mul(key_share).hex() != key_file.get("verification_key"):
        raise crypto.CryptoError("密钥文件已损坏")
    return crypto.decryption_share(teller, key_share, aggregate, context).to_json()
