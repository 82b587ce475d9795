"""A small text PDF in Chinese for the demo and the tests, with no font files: Adobe's standard
CJK font STSong-Light (UniGB-UCS2-H), which every PDF reader (pdf.js included) maps to a Song face."""

from __future__ import annotations

A4 = (595, 842)
MARGIN_X, TOP, BOTTOM = 79, 737, 99  # about GB/T 9704's 28 mm / 37 mm / 35 mm
SIZE, LEADING, PER_LINE = 16, 28.95, 28


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text if ord(c) < 0x10000)


def _lines(paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        text = "　　" + p.strip()
        out += [text[i : i + PER_LINE] for i in range(0, len(text), PER_LINE)] or [""]
    return out


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    per_page = int((TOP - BOTTOM) // LEADING)
    lines = _lines(paragraphs)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # filled below
    pages_id = add("")
    font = add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        "/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
        "/StemV 93 >> >>] >>"
    )
    # The page objects come together before the page contents: pdf.js walks every page object of
    # a flat page tree when it opens a file (it checks the last page), so together they are read
    # in one range request instead of the whole file.
    kids = [add("") for _ in pages]
    for n, page_lines in enumerate(pages):
        ops = ["BT", f"/F1 {SIZE} Tf"]
        y = TOP
        if n == 0:
            width = len(title) * 22
            ops += [
                f"/F1 22 Tf 1 0 0 1 {(A4[0] - width) / 2:.1f} {y} Tm <{_hex(title)}> Tj",
                f"/F1 {SIZE} Tf",
            ]
            y -= LEADING * 2
        for line in page_lines:
            ops.append(f"1 0 0 1 {MARGIN_X} {y:.2f} Tm <{_hex(line)}> Tj")
            y -= LEADING
        number = f"— {n + 1} —"
        ops.append(f"/F1 14 Tf 1 0 0 1 {A4[0] / 2 - 28} 60 Tm <{_hex(number)}> Tj")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects[kids[n] - 1] = (
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
        ).encode()
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objects[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    ).encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)
