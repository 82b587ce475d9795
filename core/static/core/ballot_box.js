// renda ballot box, the deputy's device side: encrypt a ballot with the vote's public key and prove
// it valid, byte for byte as core/ballot_box/crypto.py checks it (docs/secret-ballot.md).
// The choice never leaves the device in clear: only ciphertexts and proofs are sent.
import { ed25519, sha512 } from "../vendor/noble/noble-ed25519.min.js";

const Point = ed25519.Point;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const DOMAIN = new TextEncoder().encode("renda-ballot-box-v1");
const G = Point.BASE;

function mod(a) { const r = a % L; return r >= 0n ? r : r + L; }
function mul(k, P) { k = mod(k); return k === 0n ? Point.ZERO : P.multiply(k); }
function bytesToHex(b) { return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""); }
function hexToBytes(h) { const out = new Uint8Array(h.length / 2); for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(2 * i, 2), 16); return out; }
function leToBig(b) { let n = 0n; for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]); return n; }
function scalarHex(k) { k = mod(k); const out = new Uint8Array(32); for (let i = 0; i < 32; i++) { out[i] = Number(k & 255n); k >>= 8n; } return bytesToHex(out); }
function randomScalar() { const b = new Uint8Array(64); crypto.getRandomValues(b); return 1n + (leToBig(b) % (L - 1n)); }
const enc = (P) => P.toBytes();

function hashToScalar(parts) {
  const chunks = [DOMAIN];
  for (let part of parts) {
    if (typeof part === "number" || typeof part === "bigint") part = String(part);
    if (typeof part === "string") part = new TextEncoder().encode(part);
    const len = new Uint8Array(4); new DataView(len.buffer).setUint32(0, part.length, false);
    chunks.push(len, part);
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const all = new Uint8Array(total); let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return leToBig(sha512(all)) % L;
}

function commitment(Y, ct, value, c, z) {
  return [mul(z, G).subtract(mul(c, ct.a)),
          mul(z, Y).subtract(mul(c, ct.b.subtract(mul(BigInt(value), G))))];
}

function proveMembership(Y, ct, r, m, values, context) {
  const real = values.indexOf(m);
  const pairs = values.map(() => [0n, 0n]);
  const commitments = [];
  const w = randomScalar();
  values.forEach((value, i) => {
    if (i === real) { commitments.push([mul(w, G), mul(w, Y)]); return; }
    const c = randomScalar(), z = randomScalar();
    pairs[i] = [c, z];
    commitments.push(commitment(Y, ct, value, c, z));
  });
  const parts = ["membership", context, enc(Y), enc(ct.a), enc(ct.b), values.join(",")];
  for (const [a, b] of commitments) parts.push(enc(a), enc(b));
  const challenge = hashToScalar(parts);
  const cReal = mod(challenge - pairs.reduce((s, [c]) => s + c, 0n));
  pairs[real] = [cReal, mod(w + cReal * r)];
  return pairs.map(([c, z]) => [scalarHex(c), scalarHex(z)]);
}

/** The sealed ballot for `values` (one integer per slot) under the box's `params` (see box.device_parameters). */
export function sealBallot(params, values) {
  const Y = Point.fromHex(params.public_key);
  const spec = params.spec;
  if (values.length !== spec.slots.length) throw new Error("选择不符合选票规则");
  const rs = values.map(() => randomScalar());
  const cts = values.map((m, i) => ({ a: mul(rs[i], G), b: mul(BigInt(m), G).add(mul(rs[i], Y)) }));
  const slotProofs = cts.map((ct, i) => proveMembership(Y, ct, rs[i], values[i], spec.slots[i], `${params.context}|slot|${i}`));
  const sumProofs = spec.sums.map(([indices, totals], k) => {
    const ct = indices.reduce((acc, i) => ({ a: acc.a.add(cts[i].a), b: acc.b.add(cts[i].b) }), { a: Point.ZERO, b: Point.ZERO });
    const r = mod(indices.reduce((s, i) => s + rs[i], 0n));
    const m = indices.reduce((s, i) => s + values[i], 0);
    return proveMembership(Y, ct, r, m, totals, `${params.context}|sum|${k}`);
  });
  return {
    box: params.box,
    ballot: {
      ciphertexts: cts.map((ct) => [ct.a.toHex(), ct.b.toHex()]),
      slot_proofs: slotProofs,
      sum_proofs: sumProofs,
    },
  };
}

export const _test = { hashToScalar, scalarHex, hexToBytes };
