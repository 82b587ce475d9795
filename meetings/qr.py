"""A deputy's sign-in QR code: a signed token of the deputy id, drawn as a PNG.

The `qrcode` package makes the matrix; the PNG is written here with zlib, so no imaging
library (Pillow, pypng) is needed on an air-gapped server.
"""

from __future__ import annotations

import struct
import zlib

import qrcode
from django.core import signing

SALT = "meetings.sign_in_qr"


def token_for(deputy) -> str:
    return signing.dumps(deputy.pk, salt=SALT, compress=True)


def deputy_id_from(token: str) -> int | None:
    """The deputy id in a scanned token, or None if it is not one of ours (or was tampered with)."""
    try:
        value = signing.loads((token or "").strip(), salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def png(data: str, scale: int = 8, border: int = 4) -> bytes:
    code = qrcode.QRCode(border=border, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * scale
    raw = bytearray()
    for row in matrix:
        line = bytearray([0])  # filter type: none
        for dark in row:
            line.extend((b"\x00" if dark else b"\xff") * scale)
        raw.extend(bytes(line) * scale)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )
