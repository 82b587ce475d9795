"""The ballot box's cryptography: exponential ElGamal with zero-knowledge proofs, threshold decryption.

Pure functions over bytes and integers; no Django. docs/secret-ballot.md explains the design.

Group. The prime-order subgroup (order L) of Edwards25519, through libsodium (PyNaCl). The
PyNaCl pinned in requirements.in (1.6) does not expose ristretto255, so every point that comes
from outside is checked with ``crypto_core_ed25519_is_valid_point``: canonical encoding, on the
curve, in the prime-order subgroup, not of small order. Inside that subgroup every element has
exactly one encoding, so a ciphertext's bytes (and its fingerprint) cannot be varied without
changing the ciphertext. The identity (0·G) is handled here, since libsodium refuses it.

Encryption. A choice ``m`` (a small integer) under the public key ``Y = x·G`` with a fresh
random ``r`` is ``(A, B) = (r·G, m·G + r·Y)``. Ciphertexts add: the sum of the ballots encrypts
the sum of the choices, so only totals are ever decrypted.

Proofs (Fiat–Shamir, SHA-512 over a domain-separated transcript that starts with the vote's
``context``). A disjunctive Chaum–Pedersen proof shows that ``(A, B)`` encrypts one of a list of
values without saying which; it also proves sums (a group of ciphertexts adds to one of the
allowed totals). The transcript holds the public key, the ciphertext and every commitment, so a
proof cannot be moved to another vote or re-used for a re-randomised ciphertext.

Keys. Tellers (监票人/计票人) run a Feldman/Pedersen key generation: each of n tellers deals a
random polynomial of degree t-1, publishes commitments to its coefficients with a Schnorr proof
of the constant term, and hands teller j the value at j. Teller j's key share is the sum of the
values it received; nobody ever holds the secret key. Any t tellers decrypt a total: each
publishes ``D_j = s_j·A`` with a Chaum–Pedersen proof against its verification key
``Y_j = s_j·G`` (computable by anyone from the commitments), so a wrong share is detected and
named before it is used.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nacl import _sodium
from nacl import bindings as _na

L = 2**252 + 27742317777372353535851937790883648493  # order of the prime-order subgroup
IDENTITY = b"\x01" + bytes(31)
G = _na.crypto_scalarmult_ed25519_base_noclamp((1).to_bytes(32, "little"))
DOMAIN = b"renda-ballot-box-v1"


class CryptoError(ValueError):
    """Input that is not a well-formed group element, scalar, ciphertext or proof.

    ``reason`` is a short Chinese phrase for the refusal message.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- group


def random_scalar() -> int:
    return 1 + secrets.randbelow(L - 1)


def _scalar_bytes(k: int) -> bytes:
    return (k % L).to_bytes(32, "little")


# The group operations call libsodium through PyNaCl's own cffi handle (the same library that
# nacl.bindings wraps) without the wrappers' per-call type checks and buffer juggling: a
# 20-candidate ballot makes about a thousand of these calls (docs/performance.md). Every input
# here is 32 bytes, checked once where it enters (``element``, ``scalar``); a non-zero return code
# (a point that is not on the curve or in the subgroup) is a CryptoError, never a crash.
_LIB, _FFI = _sodium.lib, _sodium.ffi


def _point(fn, *args) -> bytes:
    out = _FFI.new("unsigned char[32]")
    if fn(out, *args) != 0:
        raise CryptoError("密文不是有效的群元素")
    return _FFI.buffer(out, 32)[:]


_SMALL_MULTIPLES: dict[int, bytes] = {}  # m·G for the small plaintexts the proofs try again and again


def base_mul(k: int) -> bytes:
    k %= L
    if k == 0:
        return IDENTITY
    if k < 4096:
        point = _SMALL_MULTIPLES.get(k)
        if point is None:
            point = _SMALL_MULTIPLES[k] = _point(
                _LIB.crypto_scalarmult_ed25519_base_noclamp, _scalar_bytes(k)
            )
        return point
    return _point(_LIB.crypto_scalarmult_ed25519_base_noclamp, k.to_bytes(32, "little"))


def mul(k: int, point: bytes) -> bytes:
    k %= L
    if k == 0 or point == IDENTITY:
        return IDENTITY
    return _point(_LIB.crypto_scalarmult_ed25519_noclamp, k.to_bytes(32, "little"), point)


def add(p: bytes, q: bytes) -> bytes:
    if p == IDENTITY:
        return q
    if q == IDENTITY:
        return p
    return _point(_LIB.crypto_core_ed25519_add, p, q)


def sub(p: bytes, q: bytes) -> bytes:
    if q == IDENTITY:
        return p
    return _point(_LIB.crypto_core_ed25519_sub, p, q)


def is_element(point: object, *, identity_ok: bool = False) -> bool:
    """Whether ``point`` is the canonical encoding of an element of the prime-order subgroup."""
    if not isinstance(point, bytes) or len(point) != 32:
        return False
    if point == IDENTITY:
        return identity_ok
    return _LIB.crypto_core_ed25519_is_valid_point(point) == 1


def element(value: object, *, identity_ok: bool = False) -> bytes:
    """A group element from its hex encoding; CryptoError for anything else."""
    try:
        point = bytes.fromhex(value) if isinstance(value, str) and len(value) == 64 else None
    except ValueError:
        point = None
    if point is None or not is_element(point, identity_ok=identity_ok):
        raise CryptoError("密文不是有效的群元素")
    return point


def scalar(value: object) -> int:
    """A scalar from its hex encoding (32 bytes, little-endian, below L)."""
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) and len(value) == 64 else None
    except ValueError:
        raw = None
    k = int.from_bytes(raw, "little") if raw is not None else L
    if k >= L:
        raise CryptoError("证明中的数值格式有误")
    return k


def scalar_hex(k: int) -> str:
    return _scalar_bytes(k).hex()


def hash_to_scalar(*parts: bytes | str | int) -> int:
    digest = hashlib.sha512(DOMAIN)
    for part in parts:
        if isinstance(part, int):
            part = str(part)
        if isinstance(part, str):
            part = part.encode()
        digest.update(len(part).to_bytes(4, "big"))
        digest.update(part)
    return int.from_bytes(digest.digest(), "little") % L


# --------------------------------------------------------------------------- ElGamal


@dataclass(frozen=True)
class Ciphertext:
    a: bytes
    b: bytes

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(add(self.a, other.a), add(self.b, other.b))

    def to_json(self) -> list[str]:
        return [self.a.hex(), self.b.hex()]

    @classmethod
    def from_json(cls, value: object) -> Ciphertext:
        if not (isinstance(value, list) and len(value) == 2):
            raise CryptoError("密文格式有误")
        return cls(element(value[0]), element(value[1]))

    @classmethod
    def from_json_sum(cls, value: object) -> Ciphertext:
        """A sum of ciphertexts, whose parts may be the identity (no ballots)."""
        if not (isinstance(value, list) and len(value) == 2):
            raise CryptoError("密文格式有误")
        return cls(element(value[0], identity_ok=True), element(value[1], identity_ok=True))


ZERO = Ciphertext(IDENTITY, IDENTITY)


def ciphertext_sum(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    total = ZERO
    for ciphertext in ciphertexts:
        total = total + ciphertext
    return total


def encrypt(public_key: bytes, m: int, r: int | None = None) -> tuple[Ciphertext, int]:
    r = random_scalar() if r is None else r
    return Ciphertext(base_mul(r), add(base_mul(m), mul(r, public_key))), r


# --------------------------------------------------------------------------- proofs


def _membership_challenge(context: str, public_key: bytes, ct: Ciphertext, values, commitments) -> int:
    parts: list[bytes | str | int] = [
        "membership",
        context,
        public_key,
        ct.a,
        ct.b,
        ",".join(map(str, values)),
    ]
    for a, b in commitments:
        parts += [a, b]
    return hash_to_scalar(*parts)


def prove_membership(
    public_key: bytes, ct: Ciphertext, r: int, m: int, values: Sequence[int], context: str
) -> list[tuple[int, int]]:
    """A disjunctive Chaum–Pedersen proof that ``ct`` (randomness ``r``) encrypts one of ``values``.

    The proof is one (challenge, response) pair per value; the verifier recomputes the
    commitments, so they need not be sent.
    """
    real = list(values).index(m)
    pairs: list[tuple[int, int]] = [(0, 0)] * len(values)
    commitments: list[tuple[bytes, bytes]] = []
    w = random_scalar()
    for index, value in enumerate(values):
        if index == real:
            commitments.append((base_mul(w), mul(w, public_key)))
            continue
        c, z = random_scalar(), random_scalar()
        pairs[index] = (c, z)
        commitments.append(_commitment(public_key, ct, value, c, z))
    challenge = _membership_challenge(context, public_key, ct, values, commitments)
    c_real = (challenge - sum(c for c, _z in pairs)) % L
    pairs[real] = (c_real, (w + c_real * r) % L)
    return pairs


def _commitment(public_key: bytes, ct: Ciphertext, value: int, c: int, z: int) -> tuple[bytes, bytes]:
    # z·G − c·A and z·Y − c·(B − value·G): equal to w·G and w·Y for the real branch.
    return (
        sub(base_mul(z), mul(c, ct.a)),
        sub(mul(z, public_key), mul(c, sub(ct.b, base_mul(value)))),
    )


def verify_membership(
    public_key: bytes, ct: Ciphertext, values: Sequence[int], proof: Sequence[tuple[int, int]], context: str
) -> bool:
    if len(proof) != len(values):
        return False
    commitments = [
        _commitment(public_key, ct, value, c, z) for value, (c, z) in zip(values, proof, strict=True)
    ]
    challenge = _membership_challenge(context, public_key, ct, values, commitments)
    return sum(c for c, _z in proof) % L == challenge


def prove_equal_logs(secret: int, g2: bytes, context: str, label: str) -> tuple[int, int]:
    """Chaum–Pedersen: log_G(secret·G) == log_g2(secret·g2), as (challenge, response)."""
    h1, h2 = base_mul(secret), mul(secret, g2)
    w = random_scalar()
    c = hash_to_scalar("equal-logs", label, context, g2, h1, h2, base_mul(w), mul(w, g2))
    return c, (w + c * secret) % L


def verify_equal_logs(
    h1: bytes, g2: bytes, h2: bytes, proof: tuple[int, int], context: str, label: str
) -> bool:
    c, z = proof
    t1 = sub(base_mul(z), mul(c, h1))
    t2 = sub(mul(z, g2), mul(c, h2))
    return c == hash_to_scalar("equal-logs", label, context, g2, h1, h2, t1, t2)


def prove_knowledge(secret: int, context: str, label: str) -> tuple[int, int]:
    """Schnorr proof of knowledge of log_G(secret·G)."""
    h, w = base_mul(secret), random_scalar()
    c = hash_to_scalar("knowledge", label, context, h, base_mul(w))
    return c, (w + c * secret) % L


def verify_knowledge(h: bytes, proof: tuple[int, int], context: str, label: str) -> bool:
    c, z = proof
    return c == hash_to_scalar("knowledge", label, context, h, sub(base_mul(z), mul(c, h)))


# --------------------------------------------------------------------------- ballots


@dataclass(frozen=True)
class BallotSpec:
    """What a valid ballot of one kind is: its slots and the sums its slots may take.

    ``slots[i]`` lists the plaintexts slot i may hold (usually (0, 1): this mark or not);
    each ``(indices, totals)`` in ``sums`` says that the slots at ``indices`` add up to one of
    ``totals`` (exactly one of yes/no/abstain: ((0, 1, 2), (1,)); at most S "for" marks in an
    election: (for-slots, range(S + 1))).
    """

    slots: tuple[tuple[int, ...], ...]
    sums: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()

    def to_json(self) -> dict:
        return {"slots": [list(s) for s in self.slots], "sums": [[list(i), list(t)] for i, t in self.sums]}

    @classmethod
    def from_json(cls, value: object) -> BallotSpec:
        try:
            slots = tuple(tuple(int(v) for v in s) for s in value["slots"])  # type: ignore[index]
            sums = tuple((tuple(int(i) for i in a), tuple(int(t) for t in b)) for a, b in value["sums"])  # type: ignore[index]
        except (TypeError, KeyError, ValueError):
            raise CryptoError("选票规格格式有误") from None
        spec = cls(slots, sums)
        spec.check()
        return spec

    def check(self) -> None:
        if not self.slots or any(not s for s in self.slots):
            raise CryptoError("选票规格格式有误")
        for indices, totals in self.sums:
            if not indices or not totals or any(not 0 <= i < len(self.slots) for i in indices):
                raise CryptoError("选票规格格式有误")

    def is_valid_plaintext(self, values: Sequence[int]) -> bool:
        return (
            len(values) == len(self.slots)
            and all(v in s for v, s in zip(values, self.slots, strict=True))
            and all(sum(values[i] for i in indices) in totals for indices, totals in self.sums)
        )


def one_of(options: int) -> BallotSpec:
    """Exactly one mark among ``options`` (yes/no/abstain; satisfied/basically/dissatisfied)."""
    return BallotSpec(((0, 1),) * options, ((tuple(range(options)), (1,)),))


def per_line(lines: int, marks: int, *, max_first: int | None = None) -> BallotSpec:
    """``lines`` lines of ``marks`` slots with at most one mark each (none = abstain on that line).

    ``max_first`` caps the number of lines whose first mark (赞成/"for") is set: an election
    with S seats, a project ballot adopting S projects.
    """
    slots = ((0, 1),) * (lines * marks)
    sums: list[tuple[tuple[int, ...], tuple[int, ...]]] = [
        (tuple(range(line * marks, line * marks + marks)), (0, 1)) for line in range(lines)
    ]
    if max_first is not None:
        sums.append((tuple(line * marks for line in range(lines)), tuple(range(max_first + 1))))
    return BallotSpec(slots, tuple(sums))


@dataclass(frozen=True)
class EncryptedBallot:
    ciphertexts: tuple[Ciphertext, ...]
    slot_proofs: tuple[tuple[tuple[int, int], ...], ...]
    sum_proofs: tuple[tuple[tuple[int, int], ...], ...]

    def to_json(self) -> dict:
        def pairs(proof):
            return [[scalar_hex(c), scalar_hex(z)] for c, z in proof]

        return {
            "ciphertexts": [ct.to_json() for ct in self.ciphertexts],
            "slot_proofs": [pairs(p) for p in self.slot_proofs],
            "sum_proofs": [pairs(p) for p in self.sum_proofs],
        }

    @classmethod
    def from_json(cls, value: object) -> EncryptedBallot:
        if not isinstance(value, dict) or set(value) != {"ciphertexts", "slot_proofs", "sum_proofs"}:
            raise CryptoError("选票格式有误")

        def proofs(items) -> tuple:
            if not isinstance(items, list):
                raise CryptoError("证明格式有误")
            out = []
            for proof in items:
                if not isinstance(proof, list) or not all(isinstance(p, list) and len(p) == 2 for p in proof):
                    raise CryptoError("证明格式有误")
                out.append(tuple((scalar(c), scalar(z)) for c, z in proof))
            return tuple(out)

        cts = value["ciphertexts"]
        if not isinstance(cts, list) or len(cts) > 512:
            raise CryptoError("密文格式有误")
        return cls(
            tuple(Ciphertext.from_json(ct) for ct in cts),
            proofs(value["slot_proofs"]),
            proofs(value["sum_proofs"]),
        )

    def fingerprint(self) -> str:
        """SHA-256 of the canonical bytes of the ciphertexts and proofs (选票指纹), hex."""
        digest = hashlib.sha256(b"renda-ballot-fingerprint-v1")
        for ct in self.ciphertexts:
            digest.update(ct.a + ct.b)
        for proof in (*self.slot_proofs, *self.sum_proofs):
            digest.update(len(proof).to_bytes(2, "big"))
            for c, z in proof:
                digest.update(_scalar_bytes(c) + _scalar_bytes(z))
        return digest.hexdigest()


def receipt(fingerprint: str) -> str:
    """The short receipt shown to the deputy: the fingerprint's first 16 hex digits in groups of four."""
    head = fingerprint[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def key_fingerprint(public_key_hex: str) -> str:
    """The public key's short fingerprint, announced by the tellers and shown on every device page,
    so that a key swapped on the server (which could then read ballots) is noticed."""
    return receipt(hashlib.sha256(b"renda-public-key-v1" + bytes.fromhex(public_key_hex)).hexdigest())


def encrypt_ballot(
    spec: BallotSpec, public_key: bytes, values: Sequence[int], context: str
) -> EncryptedBallot:
    """What the deputy's device does (static/core/ballot_box.js is the browser's copy)."""
    if not spec.is_valid_plaintext(values):
        raise CryptoError("选择不符合选票规则")
    encrypted = [encrypt(public_key, m) for m in values]
    cts = tuple(ct for ct, _r in encrypted)
    slot_proofs = tuple(
        tuple(prove_membership(public_key, ct, r, m, spec.slots[i], f"{context}|slot|{i}"))
        for i, ((ct, r), m) in enumerate(zip(encrypted, values, strict=True))
    )
    sum_proofs = []
    for k, (indices, totals) in enumerate(spec.sums):
        ct = ciphertext_sum(cts[i] for i in indices)
        r = sum(encrypted[i][1] for i in indices) % L
        m = sum(values[i] for i in indices)
        sum_proofs.append(tuple(prove_membership(public_key, ct, r, m, totals, f"{context}|sum|{k}")))
    return EncryptedBallot(cts, slot_proofs, tuple(sum_proofs))


def verify_ballot(spec: BallotSpec, public_key: bytes, ballot: EncryptedBallot, context: str) -> None:
    """Raise CryptoError unless every proof of ``ballot`` holds under ``spec``, ``public_key`` and ``context``."""
    if len(ballot.ciphertexts) != len(spec.slots) or len(ballot.slot_proofs) != len(spec.slots):
        raise CryptoError("选票的项数与本次表决不符")
    if len(ballot.sum_proofs) != len(spec.sums):
        raise CryptoError("选票的项数与本次表决不符")
    for i, (ct, proof) in enumerate(zip(ballot.ciphertexts, ballot.slot_proofs, strict=True)):
        if not verify_membership(public_key, ct, spec.slots[i], proof, f"{context}|slot|{i}"):
            raise CryptoError("选票的有效性证明未通过验证")
    for k, ((indices, totals), proof) in enumerate(zip(spec.sums, ballot.sum_proofs, strict=True)):
        ct = ciphertext_sum(ballot.ciphertexts[i] for i in indices)
        if not verify_membership(public_key, ct, totals, proof, f"{context}|sum|{k}"):
            raise CryptoError("选票的有效性证明未通过验证")


def stored_sum(contents: Iterable[object], slots: int) -> tuple[tuple[Ciphertext, ...], int]:
    """The slot-wise sum of stored ballots (their JSON, proofs already checked at the cast) and
    their number; CryptoError if one is malformed.

    Cheaper than parsing every point with ``element`` (a subgroup check costs a scalar
    multiplication): libsodium's addition refuses a point that is not on the curve, and each
    total is then checked to lie in the prime-order subgroup, so a stored row altered into
    garbage or given a small-order component is noticed here. Two altered rows whose small-order
    components cancel would not be; ``renda tally`` checks every point and proof again.
    """
    a, b, count = [IDENTITY] * slots, [IDENTITY] * slots, 0
    for content in contents:
        try:
            cts = content["ciphertexts"]  # type: ignore[index]
            if not isinstance(cts, list) or len(cts) != slots:
                raise ValueError
            for i, (pa, pb) in enumerate(cts):
                pa, pb = bytes.fromhex(pa), bytes.fromhex(pb)
                if len(pa) != 32 or len(pb) != 32 or pa == IDENTITY or pb == IDENTITY:
                    raise ValueError
                a[i], b[i] = add(a[i], pa), add(b[i], pb)
        except (KeyError, TypeError, ValueError):
            raise CryptoError("密文格式有误") from None
        count += 1
    if not all(is_element(p, identity_ok=True) for p in (*a, *b)):
        raise CryptoError("密文不是有效的群元素")
    return tuple(Ciphertext(pa, pb) for pa, pb in zip(a, b, strict=True)), count


def aggregate(spec: BallotSpec, ballots: Iterable[EncryptedBallot]) -> tuple[Ciphertext, ...]:
    """The slot-wise homomorphic sum of the ballots."""
    totals = [ZERO] * len(spec.slots)
    for ballot in ballots:
        totals = [t + ct for t, ct in zip(totals, ballot.ciphertexts, strict=True)]
    return tuple(totals)


# --------------------------------------------------------------------------- tellers' keys


@dataclass(frozen=True)
class Dealing:
    """One teller's contribution to the key: public commitments, plus private values for each teller."""

    dealer: int  # 1..n
    commitments: tuple[bytes, ...]  # a_k·G for k = 0..t-1
    proof: tuple[int, int]  # knowledge of a_0
    values: dict[int, int]  # f(j) for teller j — sent to teller j only, never stored by the server

    def public_json(self) -> dict:
        return {
            "dealer": self.dealer,
            "commitments": [c.hex() for c in self.commitments],
            "proof": [scalar_hex(self.proof[0]), scalar_hex(self.proof[1])],
        }


def deal(dealer: int, threshold: int, tellers: int, context: str) -> Dealing:
    if not 1 <= threshold <= tellers or not 1 <= dealer <= tellers:
        raise CryptoError("门限参数有误")
    coefficients = [random_scalar() for _ in range(threshold)]
    values = {j: sum(a * pow(j, k, L) for k, a in enumerate(coefficients)) % L for j in range(1, tellers + 1)}
    return Dealing(
        dealer,
        tuple(base_mul(a) for a in coefficients),
        prove_knowledge(coefficients[0], context, f"dealer-{dealer}"),
        values,
    )


def check_dealing(public: dict, threshold: int, context: str) -> tuple[int, tuple[bytes, ...]]:
    """Parse and check a dealing's public part: (dealer, commitments); CryptoError if it does not hold."""
    try:
        dealer = int(public["dealer"])
        commitments = tuple(element(c) for c in public["commitments"])
        proof = (scalar(public["proof"][0]), scalar(public["proof"][1]))
    except (TypeError, KeyError, IndexError, ValueError):
        raise CryptoError("计票人密钥承诺格式有误") from None
    if len(commitments) != threshold or not verify_knowledge(
        commitments[0], proof, context, f"dealer-{dealer}"
    ):
        raise CryptoError("计票人密钥承诺未通过验证")
    return dealer, commitments


def _evaluate_commitments(commitments: Sequence[bytes], j: int) -> bytes:
    point = IDENTITY
    for k, c in enumerate(commitments):
        point = add(point, mul(pow(j, k, L), c))
    return point


def check_dealt_value(j: int, value: int, commitments: Sequence[bytes]) -> bool:
    """Whether f(j) handed to teller j matches the dealer's published commitments (Feldman)."""
    return base_mul(value) == _evaluate_commitments(commitments, j)


def public_key_of(dealings: Iterable[Sequence[bytes]]) -> bytes:
    point = IDENTITY
    for commitments in dealings:
        point = add(point, commitments[0])
    return point


def verification_key(j: int, dealings: Iterable[Sequence[bytes]]) -> bytes:
    """Y_j = s_j·G, computed from the public commitments alone."""
    point = IDENTITY
    for commitments in dealings:
        point = add(point, _evaluate_commitments(commitments, j))
    return point


def lagrange_at_zero(j: int, group: Iterable[int]) -> int:
    numerator, denominator = 1, 1
    for k in group:
        if k != j:
            numerator = numerator * k % L
            denominator = denominator * (k - j) % L
    return numerator * pow(denominator, -1, L) % L


@dataclass(frozen=True)
class DecryptionShare:
    teller: int
    points: tuple[bytes, ...]  # s_j·A for each total
    proofs: tuple[tuple[int, int], ...]

    def to_json(self) -> dict:
        return {
            "teller": self.teller,
            "points": [p.hex() for p in self.points],
            "proofs": [[scalar_hex(c), scalar_hex(z)] for c, z in self.proofs],
        }

    @classmethod
    def from_json(cls, value: object) -> DecryptionShare:
        try:
            return cls(
                int(value["teller"]),  # type: ignore[index]
                tuple(element(p, identity_ok=True) for p in value["points"]),  # type: ignore[index]
                tuple((scalar(c), scalar(z)) for c, z in value["proofs"]),  # type: ignore[index]
            )
        except (TypeError, KeyError, ValueError):
            raise CryptoError("解密份额格式有误") from None


def decryption_share(
    teller: int, key_share: int, totals: Sequence[Ciphertext], context: str
) -> DecryptionShare:
    return DecryptionShare(
        teller,
        tuple(mul(key_share, ct.a) for ct in totals),
        tuple(
            prove_equal_logs(key_share, ct.a, context, f"share-{teller}-{i}") for i, ct in enumerate(totals)
        ),
    )


def verify_decryption_share(
    share: DecryptionShare, verification: bytes, totals: Sequence[Ciphertext], context: str
) -> bool:
    if len(share.points) != len(totals) or len(share.proofs) != len(totals):
        return False
    for i, (ct, point, proof) in enumerate(zip(totals, share.points, share.proofs, strict=True)):
        if ct.a == IDENTITY:  # no ballots: nothing to prove
            if point != IDENTITY:
                return False
            continue
        if not verify_equal_logs(verification, ct.a, point, proof, context, f"share-{share.teller}-{i}"):
            return False
    return True


def combine(totals: Sequence[Ciphertext], shares: Sequence[DecryptionShare], maximum: int) -> list[int]:
    """The decrypted totals from t verified shares (discrete logs up to ``maximum``)."""
    group = [share.teller for share in shares]
    if len(set(group)) != len(group):
        raise CryptoError("同一计票人的解密份额重复")
    results = []
    for i, ct in enumerate(totals):
        mask = IDENTITY
        for share in shares:
            mask = add(mask, mul(lagrange_at_zero(share.teller, group), share.points[i]))
        results.append(discrete_log(sub(ct.b, mask), maximum))
    return results


_BABY_STEPS: dict[int, dict[bytes, int]] = {}


def discrete_log(point: bytes, maximum: int) -> int:
    """m with m·G == point for 0 <= m <= maximum (baby-step giant-step); CryptoError if none."""
    size = max(1, math.isqrt(maximum) + 1)
    table = _BABY_STEPS.get(size)
    if table is None:
        table, current = {}, IDENTITY
        for step in range(size):
            table[current] = step
            current = add(current, G)
        _BABY_STEPS[size] = table
    giant = base_mul(size)
    current = point
    for j in range(size + 1):
        i = table.get(current)
        if i is not None and j * size + i <= maximum:
            return j * size + i
        current = sub(current, giant)
    raise CryptoError("解密结果超出可能的票数范围")
