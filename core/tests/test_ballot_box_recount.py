"""renda tally recounts an exported ballot box: the totals are the sum of the ballots, one per participant."""

import copy
import io
import json

import pytest

from core.ballot_box import crypto, export
from meetings import tally

CONTEXT = "renda|test|vote-7"
KEY_CONTEXT = "renda|key|test"
SPEC = crypto.one_of(3)


@pytest.fixture(scope="module")
def published():
    dealings = [crypto.deal(i, 2, 3, KEY_CONTEXT) for i in (1, 2, 3)]
    public_key = crypto.public_key_of(d.commitments for d in dealings)
    shares = {j: sum(d.values[j] for d in dealings) % crypto.L for j in (1, 2, 3)}
    choices = [[1, 0, 0]] * 5 + [[0, 1, 0]] * 3 + [[0, 0, 1]]
    ballots = [crypto.encrypt_ballot(SPEC, public_key, c, CONTEXT) for c in choices]
    aggregate = crypto.aggregate(SPEC, ballots)
    decryption = [crypto.decryption_share(j, shares[j], aggregate, CONTEXT) for j in (1, 3)]
    return export.document(
        context=CONTEXT,
        spec=SPEC,
        labels=["赞成", "反对", "弃权"],
        threshold=2,
        key_context=KEY_CONTEXT,
        dealings=[d.public_json() for d in dealings],
        ballots=[{"fingerprint": b.fingerprint(), "ballot": b.to_json()} for b in ballots],
        participants=[f"代表{i:03d}" for i in range(9)],
        decryption_shares=[s.to_json() for s in decryption],
        totals=[5, 3, 1],
    )


def run(document):
    out, err = io.StringIO(), io.StringIO()
    status = tally.main(["-"], io.StringIO(json.dumps(document, ensure_ascii=False)), out, err)
    return status, out.getvalue(), err.getvalue()


def test_an_honest_export_is_verified_with_its_totals(published):
    status, out, err = run(published)
    assert status == 0, err
    result = json.loads(out)
    assert result["verified"] is True
    assert result["totals_by_label"] == {"赞成": 5, "反对": 3, "弃权": 1}
    assert result["ballots"] == result["participants"] == 9


def tampered(published, change):
    document = copy.deepcopy(published)
    change(document)
    return run(document)


def _swap_a_ballot_for_a_forged_one(d):
    # A fresh "赞成" ballot in place of one ballot: its proofs hold, but the totals no longer decrypt.
    forged = crypto.encrypt_ballot(SPEC, bytes.fromhex(d["public_key"]), [1, 0, 0], CONTEXT)
    d["ballots"][0] = {"fingerprint": forged.fingerprint(), "ballot": forged.to_json()}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.update(totals=[6, 2, 1]), "totals"),
        (lambda d: d["ballots"].pop(), "ballots"),
        (lambda d: d["ballots"].append(d["ballots"][0]), "ballots[9].fingerprint"),
        (lambda d: d["participants"].append("代表999"), "ballots"),
        (lambda d: d["participants"].__setitem__(1, d["participants"][0]), "participants"),
        (lambda d: d["ballots"][2].update(fingerprint="0" * 64), "ballots[2].fingerprint"),
        (lambda d: d["ballots"][3]["ballot"]["ciphertexts"][0].reverse(), "ballots[3]"),
        (lambda d: d["decryption_shares"][0]["points"].reverse(), "decryption_shares[0]"),
        (lambda d: d["decryption_shares"].pop(), "decryption_shares"),
        (lambda d: d.update(public_key=d["dealings"][0]["commitments"][0]), "public_key"),
        (lambda d: d.update(key_context="renda|key|other"), "dealings[0]"),
        (lambda d: d.update(context="renda|test|vote-8"), "ballots[0]"),
        (_swap_a_ballot_for_a_forged_one, "decryption_shares[0]"),
    ],
)
def test_a_tampered_export_is_detected(published, change, named):
    status, out, err = tampered(published, change)
    assert status == 2
    assert out == ""
    assert f"字段 {named}" in err
