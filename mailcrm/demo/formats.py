"""Attachment formats: minimal but valid PDF, XLSX (a ZIP), PNG and JPEG files, deterministic bytes."""

from __future__ import annotations

import random
import struct
import zlib
from datetime import datetime, timezone
from functools import lru_cache


def _pdf_escape(s: str) -> str:
    s = s.encode("latin-1", "replace").decode("latin-1")
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    title: str,
    lines: list[str],
    created: datetime,
    *,
    image: tuple[int, int, bytes] | None = None,
    producer: str = "Microsoft Excel 2016",
) -> bytes:
    """A one-page PDF (Helvetica text, optional raw RGB image) with a correct xref table."""
    content = ["BT", "/F2 16 Tf", "50 790 Td", "(%s) Tj" % _pdf_escape(title), "/F1 9 Tf", "0 -26 Td", "12 TL"]
    if lines:
        content.append("(" + _pdf_escape("\n".join(lines)).replace("\n", ") '\n(") + ") '")
    content.append("ET")
    if image:
        content.append("q 240 0 0 160 300 60 cm /Im1 Do Q")
    stream = "\n".join(content).encode("latin-1")
    stamp = created.strftime("D:%Y%m%d%H%M%S") + "+08'00'"
    resources = "/Font << /F1 4 0 R /F2 5 0 R >>" + (" /XObject << /Im1 8 0 R >>" if image else "")
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents 6 0 R >>" % resources
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        (
            "<< /Title (%s) /Producer (%s) /Creator (%s) /CreationDate (%s) /ModDate (%s) >>"
            % (_pdf_escape(title), producer, producer, stamp, stamp)
        ).encode("latin-1"),
    ]
    if image:
        w, h, pixels = image
        objs.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (w, h, len(pixels)) + pixels + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


_XML_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _xml_escape(s: str) -> str:
    return s.translate(_XML_ESC)


def make_xlsx(rows: list[list], created: datetime) -> bytes:
    """A minimal valid .xlsx workbook (one sheet, inline strings), deterministic bytes."""

    def col(i: int) -> str:
        return chr(ord("A") + i)

    cells = []
    for r, row in enumerate(rows, 1):
        cs = []
        for c, v in enumerate(row):
            ref = "%s%d" % (col(c), r)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                cs.append('<c r="%s"><v>%s</v></c>' % (ref, repr(v) if isinstance(v, float) else v))
            else:
                cs.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, _xml_escape(str(v))))
        cells.append('<row r="%d">%s</row>' % (r, "".join(cs)))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>%s</sheetData></worksheet>" % "".join(cells)
    )
    files = [
        (
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>",
        ),
        (
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        ),
        (
            "docProps/core.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Purchase Order</dc:title>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created></cp:coreProperties>'
            % created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        ),
        (
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="PO" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
        (
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    return _zip([(name, text.encode("utf-8")) for name, text in files], created)


_ZIP_STATIC = frozenset(("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"))


@lru_cache(maxsize=16)
def _deflate(data: bytes) -> tuple[bytes, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data) & 0xFFFFFFFF


def _zip(files: list[tuple[str, bytes]], created: datetime) -> bytes:
    """A deflated ZIP archive (what :mod:`zipfile` writes, without its per-member overhead)."""
    dos_time = (created.hour << 11) | (created.minute << 5) | (created.second // 2)
    dos_date = ((created.year - 1980) << 9) | (created.month << 5) | created.day
    out = bytearray()
    central = bytearray()
    for name, data in files:
        if name in _ZIP_STATIC:
            comp, crc = _deflate(data)
        else:
            comp, crc = zlib.compress(data, 1, -15), zlib.crc32(data) & 0xFFFFFFFF
        fn = name.encode("utf-8")
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, dos_time, dos_date, crc, len(comp), len(data), len(fn), 0
        )
        out += fn + comp
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20 | (3 << 8),
                20,
                0,
                8,
                dos_time,
                dos_date,
                crc,
                len(comp),
                len(data),
                len(fn),
                0,
                0,
                0,
                0,
                0o100600 << 16,
                offset,
            )
            + fn
        )
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central), cd_offset, 0)
    return bytes(out)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_png(width: int, height: int, pixel) -> bytes:
    """A valid RGB PNG; ``pixel(x, y)`` returns an (r, g, b) tuple."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


# Standard JPEG DC luminance Huffman table (ITU T.81, Annex K.3).
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALS = list(range(12))


def _huff_codes(bits: list[int], vals: list[int]) -> dict[int, tuple[int, int]]:
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


_DC_CODES = _huff_codes(_DC_BITS, _DC_VALS)


def make_jpeg(blocks_w: int, blocks_h: int, rng: random.Random, pad_to: int = 0) -> bytes:
    """A valid baseline grayscale JPEG made of flat 8x8 blocks (DC coefficients only).

    ``pad_to`` appends APP1 segments of camera-like noise so the file has a realistic size.
    """
    bits: list[str] = []
    prev = 0
    level = rng.randrange(-40, 40)
    for _ in range(blocks_w * blocks_h):
        level = max(-120, min(120, level + rng.randrange(-12, 13)))
        diff = level - prev
        prev = level
        cat = abs(diff).bit_length()
        code, length = _DC_CODES[cat]
        bits.append(format(code, "0%db" % length))
        if cat:
            v = diff if diff > 0 else diff + (1 << cat) - 1
            bits.append(format(v, "0%db" % cat))
        bits.append("0")  # AC: end of block (the only code of the AC table)
    s = "".join(bits)
    s += "1" * (-len(s) % 8)
    scan = bytearray()
    for i in range(0, len(s), 8):
        b = int(s[i : i + 8], 2)
        scan.append(b)
        if b == 0xFF:
            scan.append(0)
    w, h = blocks_w * 8, blocks_h * 8
    seg = bytearray(b"\xff\xd8")
    seg += b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00"
    exif = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08" + b"\x00\x00" + b"\x00\x00\x00\x00"  # empty IFD0
    seg += b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    seg += b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([8] * 64)
    seg += b"\xff\xc0" + struct.pack(">HBHHBBBB", 11, 8, h, w, 1, 1, 0x11, 0)
    dht_dc = bytes([0x00]) + bytes(_DC_BITS) + bytes(_DC_VALS)
    dht_ac = bytes([0x10]) + bytes([1] + [0] * 15) + bytes([0x00])
    seg += b"\xff\xc4" + struct.pack(">H", 2 + len(dht_dc) + len(dht_ac)) + dht_dc + dht_ac
    while pad_to and len(seg) + len(scan) + 20 < pad_to:
        n = min(65000, pad_to - len(seg) - len(scan) - 20)
        noise = rng.randbytes(max(n, 16))
        seg += b"\xff\xfe" + struct.pack(">H", len(noise) + 2) + noise  # COM segment
    seg += b"\xff\xda" + struct.pack(">HBBBBBB", 8, 1, 1, 0x00, 0, 63, 0)
    seg += scan + b"\xff\xd9"
    return bytes(seg)
