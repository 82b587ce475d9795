"""core.ballot_box.crypto: ballots are encrypted, proven valid, added up and only totals decrypted."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from core.ballot_box import crypto
from core.ballot_box.crypto import CryptoError

CONTEXT = "renda|test|vote-1"


def tellers(threshold=2, n=3, context=CONTEXT):
    """A key ceremony of n tellers: the public key, and each teller's key share."""
    dealings = [crypto.deal(i, threshold, n, context) for i in range(1, n + 1)]
    for d in dealings:
        crypto.check_dealing(d.public_json(), threshold, context)
        for j in range(1, n + 1):
            assert crypto.check_dealt_value(j, d.values[j], d.commitments)
    commitments = [d.commitments for d in dealings]
    shares = {j: sum(d.values[j] for d in dealings) % crypto.L for j in range(1, n + 1)}
    return crypto.public_key_of(commitments), commitments, shares


@pytest.fixture(scope="module")
def ceremony():
    return tellers()


@pytest.fixture(scope="module")
def public_key(ceremony):
    return ceremony[0]


def decrypt(ceremony, totals, group=(1, 2), maximum=100):
    _y, commitments, shares = ceremony
    parts = [crypto.decryption_share(j, shares[j], totals, CONTEXT) for j in group]
    for part in parts:
        assert crypto.verify_decryption_share(
            part, crypto.verification_key(part.teller, commitments), totals, CONTEXT
        )
    return crypto.combine(totals, parts, maximum)


def test_an_honest_ballot_verifies(public_key):
    spec = crypto.one_of(3)
    ballot = crypto.encrypt_ballot(spec, public_key, [0, 1, 0], CONTEXT)
    crypto.verify_ballot(spec, public_key, ballot, CONTEXT)


def test_the_device_cannot_encrypt_an_invalid_choice(public_key):
    with pytest.raises(CryptoError):
        crypto.encrypt_ballot(crypto.one_of(3), public_key, [1, 1, 0], CONTEXT)


def test_two_marks_on_a_resolution_fail_the_proof(public_key):
    spec = crypto.one_of(3)
    # A cheating device proves each slot 0/1 honestly but cannot prove that they add up to 1.
    lax = crypto.BallotSpec(spec.slots, ((spec.sums[0][0], (2,)),))
    ballot = crypto.encrypt_ballot(lax, public_key, [1, 1, 0], CONTEXT)
    with pytest.raises(CryptoError, match="证明未通过"):
        crypto.verify_ballot(spec, public_key, ballot, CONTEXT)


def test_a_mark_worth_five_fails_the_proof(public_key):
    spec = crypto.one_of(3)
    lax = crypto.BallotSpec(((0, 1, 5), (0, 1), (0, 1)), ((spec.sums[0][0], (5,)),))
    ballot = crypto.encrypt_ballot(lax, public_key, [5, 0, 0], CONTEXT)
    forged = crypto.EncryptedBallot(
        ballot.ciphertexts, tuple(p[:2] for p in ballot.slot_proofs), ballot.sum_proofs
    )
    with pytest.raises(CryptoError):
        crypto.verify_ballot(spec, public_key, forged, CONTEXT)


def test_a_proof_made_for_another_vote_fails(public_key):
    spec = crypto.one_of(3)
    ballot = crypto.encrypt_ballot(spec, public_key, [1, 0, 0], "renda|test|vote-2")
    with pytest.raises(CryptoError, match="证明未通过"):
        crypto.verify_ballot(spec, public_key, ballot, CONTEXT)


def test_a_rerandomised_ciphertext_keeps_no_valid_proof(public_key):
    spec = crypto.one_of(3)
    ballot = crypto.encrypt_ballot(spec, public_key, [1, 0, 0], CONTEXT)
    zero, _r = crypto.encrypt(public_key, 0)
    moved = (ballot.ciphertexts[0] + zero, *ballot.ciphertexts[1:])
    with pytest.raises(CryptoError):
        crypto.verify_ballot(
            spec, public_key, crypto.EncryptedBallot(moved, ballot.slot_proofs, ballot.sum_proofs), CONTEXT
        )


def test_a_flipped_proof_byte_is_refused(public_key):
    spec = crypto.one_of(3)
    data = crypto.encrypt_ballot(spec, public_key, [0, 0, 1], CONTEXT).to_json()
    c = data["slot_proofs"][1][0][0]
    data["slot_proofs"][1][0][0] = ("1" if c[0] != "1" else "2") + c[1:]
    with pytest.raises(CryptoError):
        crypto.verify_ballot(spec, public_key, crypto.EncryptedBallot.from_json(data), CONTEXT)


@pytest.mark.parametrize(
    "bad",
    [
        "zz" * 32,  # not hex
        "00" * 31,  # too short
        "ff" * 32,  # not on the curve / not canonical
        crypto.IDENTITY.hex(),  # the identity
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # of order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  # of order 8
        None,
        12,
    ],
)
def test_a_malformed_ciphertext_is_refused(public_key, bad):
    data = crypto.encrypt_ballot(crypto.one_of(3), public_key, [1, 0, 0], CONTEXT).to_json()
    data["ciphertexts"][0][1] = bad
    with pytest.raises(CryptoError, match="群元素"):
        crypto.EncryptedBallot.from_json(data)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d.pop("sum_proofs"),
        lambda d: d.update(extra=1),
        lambda d: d.update(ciphertexts="x"),
        lambda d: d.update(slot_proofs=[["x"]]),
        lambda d: d["slot_proofs"][0].append(["00" * 32, "ff" * 32]),  # a scalar above L
    ],
)
def test_a_malformed_ballot_is_refused(public_key, mangle):
    data = crypto.encrypt_ballot(crypto.one_of(3), public_key, [1, 0, 0], CONTEXT).to_json()
    mangle(data)
    with pytest.raises(CryptoError):
        crypto.verify_ballot(crypto.one_of(3), public_key, crypto.EncryptedBallot.from_json(data), CONTEXT)


def test_a_ballot_with_missing_slots_is_refused(public_key):
    ballot = crypto.encrypt_ballot(crypto.one_of(2), public_key, [1, 0], CONTEXT)
    with pytest.raises(CryptoError, match="项数"):
        crypto.verify_ballot(crypto.one_of(3), public_key, ballot, CONTEXT)


def test_the_fingerprint_changes_with_any_byte_and_the_receipt_is_short(public_key):
    ballot = crypto.encrypt_ballot(crypto.one_of(3), public_key, [1, 0, 0], CONTEXT)
    again = crypto.EncryptedBallot.from_json(ballot.to_json())
    assert again.fingerprint() == ballot.fingerprint()
    other = crypto.encrypt_ballot(crypto.one_of(3), public_key, [1, 0, 0], CONTEXT)
    assert other.fingerprint() != ballot.fingerprint()
    assert len(crypto.receipt(ballot.fingerprint())) == 19


def test_totals_are_the_homomorphic_sum_and_no_ballot_is_decrypted(ceremony):
    public_key = ceremony[0]
    spec = crypto.one_of(3)
    choices = [[1, 0, 0]] * 7 + [[0, 1, 0]] * 4 + [[0, 0, 1]] * 2
    ballots = [crypto.encrypt_ballot(spec, public_key, c, CONTEXT) for c in choices]
    assert decrypt(ceremony, crypto.aggregate(spec, ballots)) == [7, 4, 2]


def test_the_close_adds_the_stored_ballots_to_the_same_totals(ceremony):
    public_key = ceremony[0]
    spec = crypto.one_of(3)
    ballots = [crypto.encrypt_ballot(spec, public_key, c, CONTEXT) for c in [[1, 0, 0], [0, 0, 1], [1, 0, 0]]]
    totals, count = crypto.stored_sum([b.to_json() for b in ballots], 3)
    assert count == 3
    assert totals == crypto.aggregate(spec, ballots)
    assert decrypt(ceremony, totals) == [2, 0, 1]


ORDER_8 = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"


@pytest.mark.parametrize(
    "alter",
    [
        lambda cts: cts[0].__setitem__(1, "zz" * 32),  # not hex
        lambda cts: cts[0].__setitem__(1, "00" * 31),  # too short
        lambda cts: cts[0].__setitem__(1, crypto.IDENTITY.hex()),
        lambda cts: cts[0].__setitem__(1, crypto.add(bytes.fromhex(cts[0][1]), bytes.fromhex(ORDER_8)).hex()),
        lambda cts: cts.pop(),  # a slot missing
        lambda cts: cts.__setitem__(0, None),
    ],
)
def test_a_stored_ballot_altered_in_the_database_stops_the_close(public_key, alter):
    spec = crypto.one_of(3)
    rows = [crypto.encrypt_ballot(spec, public_key, [0, 1, 0], CONTEXT).to_json() for _ in range(2)]
    alter(rows[1]["ciphertexts"])
    with pytest.raises(CryptoError):
        crypto.stored_sum(rows, 3)


def test_any_two_of_three_tellers_decrypt_the_same_totals(ceremony):
    public_key = ceremony[0]
    spec = crypto.one_of(3)
    ballots = [crypto.encrypt_ballot(spec, public_key, [0, 0, 1], CONTEXT) for _ in range(3)]
    totals = crypto.aggregate(spec, ballots)
    assert (
        decrypt(ceremony, totals, (1, 2))
        == decrypt(ceremony, totals, (2, 3))
        == decrypt(ceremony, totals, (1, 3))
        == [0, 0, 3]
    )


def test_one_teller_alone_decrypts_nothing(ceremony):
    spec = crypto.one_of(3)
    totals = crypto.aggregate(spec, [crypto.encrypt_ballot(spec, ceremony[0], [1, 0, 0], CONTEXT)])
    with pytest.raises(CryptoError):
        decrypt(ceremony, totals, (1,), maximum=50)


def test_a_wrong_key_share_is_detected(ceremony):
    public_key, commitments, shares = ceremony
    spec = crypto.one_of(3)
    totals = crypto.aggregate(spec, [crypto.encrypt_ballot(spec, public_key, [1, 0, 0], CONTEXT)])
    wrong = crypto.decryption_share(2, shares[2] + 1, totals, CONTEXT)
    assert not crypto.verify_decryption_share(wrong, crypto.verification_key(2, commitments), totals, CONTEXT)
    honest = crypto.decryption_share(2, shares[2], totals, CONTEXT)
    swapped = crypto.DecryptionShare(2, (honest.points[1], *honest.points[1:]), honest.proofs)
    assert not crypto.verify_decryption_share(
        swapped, crypto.verification_key(2, commitments), totals, CONTEXT
    )
    # Teller 3 cannot pass off its own share as teller 2's.
    stolen = crypto.decryption_share(2, shares[3], totals, CONTEXT)
    assert not crypto.verify_decryption_share(
        stolen, crypto.verification_key(2, commitments), totals, CONTEXT
    )


def test_a_dealer_value_not_matching_its_commitments_is_detected():
    dealing = crypto.deal(1, 2, 3, CONTEXT)
    assert not crypto.check_dealt_value(2, dealing.values[2] + 1, dealing.commitments)


def test_a_dealing_without_proof_of_its_secret_is_refused():
    public = crypto.deal(1, 2, 3, CONTEXT).public_json()
    public["proof"] = crypto.deal(1, 2, 3, CONTEXT).public_json()["proof"]
    with pytest.raises(CryptoError, match="未通过"):
        crypto.check_dealing(public, 2, CONTEXT)


def test_n_of_n_also_works():
    ceremony = tellers(threshold=3, n=3)
    spec = crypto.one_of(2)
    ballots = [crypto.encrypt_ballot(spec, ceremony[0], [1, 0], CONTEXT) for _ in range(2)]
    assert decrypt(ceremony, crypto.aggregate(spec, ballots), (1, 2, 3)) == [2, 0]


def test_an_election_ballot_may_mark_at_most_the_seats(public_key):
    spec = crypto.per_line(4, 2, max_first=2)  # 4 candidates, for/against each, 2 seats
    honest = crypto.encrypt_ballot(spec, public_key, [1, 0, 1, 0, 0, 1, 0, 0], CONTEXT)
    crypto.verify_ballot(spec, public_key, honest, CONTEXT)
    lax = crypto.per_line(4, 2, max_first=3)
    greedy = crypto.encrypt_ballot(lax, public_key, [1, 0, 1, 0, 1, 0, 0, 0], CONTEXT)
    with pytest.raises(CryptoError):
        crypto.verify_ballot(spec, public_key, greedy, CONTEXT)


def test_discrete_logs_are_recovered_up_to_five_thousand():
    for m in (0, 1, 71, 4999, 5000):
        assert crypto.discrete_log(crypto.base_mul(m), 5000) == m
    with pytest.raises(CryptoError):
        crypto.discrete_log(crypto.base_mul(5001), 5000)


def test_an_empty_ballot_box_decrypts_to_zero(ceremony):
    totals = crypto.aggregate(crypto.one_of(3), [])
    assert decrypt(ceremony, totals) == [0, 0, 0]


NODE_SEAL = """
import { sealBallot } from "%s";
const [params, values] = JSON.parse(process.argv[2]);
process.stdout.write(JSON.stringify(sealBallot(params, values)));
"""


@pytest.mark.skipif(not shutil.which("node"), reason="needs node to run the browser's module")
@pytest.mark.parametrize(
    ("spec", "values"),
    [(crypto.one_of(3), [0, 0, 1]), (crypto.per_line(4, 2, max_first=2), [1, 0, 0, 1, 1, 0, 0, 0])],
)
def test_the_browsers_module_makes_ballots_the_server_accepts(public_key, spec, values, tmp_path):
    module = Path(__file__).resolve().parents[1] / "static" / "core" / "ballot_box.js"
    script = tmp_path / "seal.mjs"
    script.write_text(NODE_SEAL % module.as_uri())
    params = {"box": "b", "context": CONTEXT, "public_key": public_key.hex(), "spec": spec.to_json()}
    out = subprocess.run(
        ["node", str(script), json.dumps([params, values])], capture_output=True, text=True, check=True
    )
    ballot = crypto.EncryptedBallot.from_json(json.loads(out.stdout)["ballot"])
    crypto.verify_ballot(spec, public_key, ballot, CONTEXT)


def test_the_key_fingerprint_is_short_and_names_the_key(public_key):
    other = crypto.base_mul(crypto.random_scalar())
    assert len(crypto.key_fingerprint(public_key.hex())) == 19
    assert crypto.key_fingerprint(public_key.hex()) != crypto.key_fingerprint(other.hex())
