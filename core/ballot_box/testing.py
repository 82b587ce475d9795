"""Test helpers: a key ceremony whose teller key files the tests keep, and their decryption shares.

Only tests import this module: in production the key files never leave the tellers' hands.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import box, ceremony
from .models import BallotBox, TellerKey

_KEY_FILES: dict[str, list[dict]] = {}


def register_key(owner: str, congress_id: int, *, actor=None, threshold: int = 2) -> TellerKey:
    public, key_files = ceremony.run_ceremony(["计票人甲", "计票人乙", "计票人丙"], threshold)
    _KEY_FILES[public["context"]] = key_files
    return box.register_key(congress_id=congress_id, owner=owner, document=public, actor=actor)


def key_file(key: TellerKey, teller: int) -> dict:
    return _KEY_FILES[key.context][teller - 1]


def decryption_shares(ballot_box: BallotBox, tellers: Sequence[int] = (1, 2)) -> list[dict]:
    """What tellers `tellers` upload for a closed box (each computed from their own key file)."""
    ballot_box = BallotBox.objects.select_related("key").get(pk=ballot_box.pk)
    document = box.teller_document(ballot_box)
    return [ceremony.decryption_share(key_file(ballot_box.key, j), document) for j in tellers]
