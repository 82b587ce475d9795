"""The published, recountable form of a closed ballot box (see recount.py for what is checked)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from . import crypto


def document(
    *,
    context: str,
    spec: crypto.BallotSpec,
    labels: Sequence[str],
    threshold: int,
    key_context: str,
    dealings: Sequence[dict],
    ballots: Iterable[dict],
    participants: Iterable[str],
    decryption_shares: Sequence[dict],
    totals: Sequence[int],
) -> dict:
    """The export: ballots in a fresh random order, participants sorted, so neither order says anything."""
    ballots = list(ballots)
    secrets.SystemRandom().shuffle(ballots)
    return {
        "kind": "ballot_box",
        "context": context,
        "spec": spec.to_json(),
        "labels": list(labels),
        "key_context": key_context,
        "threshold": threshold,
        "tellers": len(dealings),
        "public_key": crypto.public_key_of(
            crypto.check_dealing(d, threshold, key_context)[1] for d in dealings
        ).hex(),
        "dealings": list(dealings),
        "ballots": [{"fingerprint": b["fingerprint"], "ballot": b["ballot"]} for b in ballots],
        "participants": sorted(participants),
        "decryption_shares": list(decryption_shares),
        "totals": list(totals),
    }
