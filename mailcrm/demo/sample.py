"""A deterministic generator of a realistic export-trade sample mailbox.

The mailbox belongs to a salesperson of **Ningbo Hengtai Valve Co., Ltd.** (``hengtai-valve.com``),
a valve and pipe-fittings manufacturer. It is used by the demo (a few hundred messages), the
tests, and the benchmarks (20,000 - 100,000 messages).

* The first messages (about 330, see :func:`curated_count`) tell a curated story: 23 customers
  in 22 countries (see :data:`CURATED_CUSTOMERS`), each at a stage of the export trade
  (inquiry -> quotation -> sample -> negotiation -> PO/PI -> shipment -> after-sales), with
  stalled deals, customers gone quiet,
  complaints, preference signals (eco-friendly, certifications, OEM, MOQ, fast delivery, price,
  payment terms) and negative phrases a rule engine must not match. Around them: a colleague,
  the manager, a Chinese foundry writing GBK labelled ``gb2312``, a freight forwarder,
  newsletters, a bounce, out-of-office replies, Alibaba / Made-in-China notifications, big5,
  iso-2022-jp and koi8-r mail, HTML-only and multipart/alternative mail, inline images, a
  forwarded ``message/rfc822``, messages without a Message-ID and messages in two folders.
  The curated part is in arrival order (internal date), so any prefix keeps replies after what
  they answer. Orders (sales records) come with the mailbox: one per PO mail, ABC-skewed.
* Past the curated part, synthetic customers are added one block (a customer's whole history
  plus some surrounding noise mail) at a time, with the same mix. Each block is a pure
  function of ``(seed, block number, today)``, so :func:`iter_messages` streams in constant
  memory and ``iter_messages(n)`` is a prefix of ``iter_messages(m)`` for ``n < m``.

Everything is a pure function of ``(n_messages, seed, today)``: the same inputs give
byte-identical output. A message stored in two folders counts as two :class:`SampleMessage`
entries with identical ``raw`` bytes; every other Message-ID is unique.

Per customer the ground truth the rest of mailcrm should find is in :data:`CURATED_CUSTOMERS`
(country, language, story) and in the orders returned with the mailbox.
"""

from __future__ import annotations

import base64
import binascii
import csv
import html as _html
import os
import random
import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

__all__ = [
    "SampleMessage",
    "SampleOrder",
    "SampleMailbox",
    "CURATED_CUSTOMERS",
    "OWN_DOMAIN",
    "generate_mailbox",
    "iter_messages",
    "curated_count",
    "write_maildir",
    "write_mbox",
    "write_orders_csv",
]

OWN_DOMAIN = "hengtai-valve.com"
OWN_COMPANY = "Ningbo Hengtai Valve Co., Ltd."
CRLF = "\r\n"


# --------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleMessage:
    folder: str  # "INBOX" | "Sent" | "Archive"
    raw: bytes  # RFC 5322 bytes, CRLF line endings
    flags: tuple[str, ...]  # e.g. ("\\Seen",), ("\\Seen", "\\Answered")
    internaldate: datetime  # tz-aware


@dataclass(frozen=True)
class SampleOrder:
    date: date
    customer_domain: str
    amount: float
    currency: str
    product: str
    quantity: int
    paid: float


@dataclass(frozen=True)
class SampleMailbox:
    account_email: str
    messages: list[SampleMessage]
    orders: list[SampleOrder]


# --------------------------------------------------------------------------------------
# Time zones (own DST rules, so output does not depend on the machine's tz database)
# --------------------------------------------------------------------------------------


def _last_sunday(year: int, month: int) -> date:
    d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def _nth_sunday(year: int, month: int, n: int) -> date:
    d = date(year, month, 1)
    d += timedelta(days=(6 - d.weekday()) % 7)
    return d + timedelta(days=7 * (n - 1))


# zone -> (standard offset minutes, DST rule or None)
_ZONES: dict[str, tuple[int, str | None]] = {
    "CN": (480, None), "EU_C": (60, "eu"), "EU_W": (0, "eu"), "EU_E": (120, "eu"),
    "US_C": (-360, "us"), "US_E": (-300, "us"), "US_P": (-480, "us"), "BR": (-180, None),
    "MX": (-360, None), "RU": (180, None), "AE": (240, None), "SA": (180, None),
    "TR": (180, None), "JP": (540, None), "IN": (330, None), "VN": (420, None),
    "AU": (600, "au"), "EG": (120, None), "CO": (-300, None), "SG": (480, None),
}


@lru_cache(maxsize=16384)
def _offset_minutes(zone: str, local_day: date) -> int:
    std, rule = _ZONES[zone]
    if rule is None:
        return std
    y = local_day.year
    if rule == "eu":
        dst = _last_sunday(y, 3) <= local_day < _last_sunday(y, 10)
    elif rule == "us":
        dst = _nth_sunday(y, 3, 2) <= local_day < _nth_sunday(y, 11, 1)
    else:  # southern hemisphere: summer time from first Sunday of October to first of April
        dst = not (_nth_sunday(y, 4, 1) <= local_day < _nth_sunday(y, 10, 1))
    return std + 60 if dst else std


_WDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_datetime(d: datetime) -> str:  # noqa: F811 - same output as email.utils.format_datetime, faster
    off = int(d.utcoffset().total_seconds()) // 60
    sign = "-" if off < 0 else "+"
    off = abs(off)
    return "%s, %02d %s %04d %02d:%02d:%02d %s%02d%02d" % (_WDAYS[d.weekday()], d.day, _MONS[d.month - 1], d.year, d.hour,
                                                         d.minute, d.second, sign, off // 60, off % 60)


@lru_cache(maxsize=64)
def _tz(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


CN_TZ = _tz(480)


def _local_dt(zone: str, day: date, seconds: int) -> datetime:
    """A tz-aware datetime at ``seconds`` after local midnight of ``day`` in ``zone``."""
    tz = _tz(_offset_minutes(zone, day))
    return datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(seconds=seconds)


# --------------------------------------------------------------------------------------
# Header encoding
# --------------------------------------------------------------------------------------

# MIME label -> Python codec. Mail labelled gb2312 is very often really GBK: we do the same.
_CODECS = {
    "utf-8": "utf-8", "gb2312": "gbk", "gbk": "gbk", "big5": "big5",
    "iso-2022-jp": "iso2022_jp", "koi8-r": "koi8_r", "iso-8859-1": "latin-1",
    "iso-8859-9": "iso8859_9", "windows-1252": "cp1252", "windows-1256": "cp1256",
    "us-ascii": "ascii",
}


def _codec(label: str) -> str:
    return _CODECS[label.lower()]


_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def _q_word(data: bytes) -> str:
    out = []
    for b in data:
        if b in _Q_SAFE:
            out.append(chr(b))
        elif b == 0x20:
            out.append("_")
        else:
            out.append("=%02X" % b)
    return "".join(out)


@lru_cache(maxsize=8192)
def _encode_words(text: str, charset: str = "utf-8", q: bool = False) -> str:
    """RFC 2047 encoded words (folded with CRLF SP), or ``text`` itself if it is ASCII."""
    if text.isascii():
        return text
    codec = _codec(charset)
    label = charset.upper() if charset in ("iso-2022-jp", "gb2312", "big5", "koi8-r") else charset
    prefix = "=?%s?%s?" % (label, "Q" if q else "B")
    budget = 75 - len(prefix) - 2

    def enc(chunk: str) -> str:
        raw = chunk.encode(codec)
        return _q_word(raw) if q else base64.b64encode(raw).decode("ascii")

    words: list[str] = []
    rest = text
    while rest:
        e = enc(rest)
        if len(e) <= budget:
            words.append(prefix + e + "?=")
            break
        n = max(1, len(rest) * budget // len(e))  # a guess, then shrink until it fits
        while n > 1 and len(enc(rest[:n])) > budget:
            n -= 1 if n < 8 else max(1, n // 8)
        words.append(prefix + enc(rest[:n]) + "?=")
        rest = rest[n:]
    return (CRLF + " ").join(words)


_SPECIALS = re.compile(r'[()<>@,;:\\".\[\]]')


def _fmt_addr(name: str, email: str, charset: str = "utf-8", q: bool = False) -> str:
    if not name:
        return email
    if name.isascii():
        if _SPECIALS.search(name):
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return "%s <%s>" % (name, email)
    return "%s <%s>" % (_encode_words(name, charset, q), email)


def _fold(name: str, value: str) -> str:
    """``Name: value`` folded at spaces to lines of at most ~78 characters."""
    line = name + ": " + value
    if len(line) <= 78 or "\r\n" in value:
        return line
    out = []
    cur = name + ":"
    for token in value.split(" "):
        if len(cur) + 1 + len(token) > 78 and cur.strip() and cur != name + ":":
            out.append(cur)
            cur = " " + token
        else:
            cur = cur + " " + token
    out.append(cur)
    return CRLF.join(out)


# --------------------------------------------------------------------------------------
# MIME assembly (by hand: exact control over bytes, and fast)
# --------------------------------------------------------------------------------------


def _b64_lines(data: bytes) -> bytes:
    """Base64 in 76-character lines, each ending with CRLF."""
    b = binascii.b2a_base64(data, newline=False)
    if not b:
        return b""
    return b"\r\n".join([b[i:i + 76] for i in range(0, len(b), 76)]) + b"\r\n"


def _qp(data: bytes) -> bytes:
    return binascii.b2a_qp(data, istext=True)


class _Leaf:
    __slots__ = ("headers", "body")

    def __init__(self, headers: list[str], body: bytes):
        self.headers = headers
        self.body = body


class _Multi:
    __slots__ = ("subtype", "boundary", "parts", "params", "headers")

    def __init__(self, subtype: str, boundary: str, parts: list, params: str = "",
                 headers: list[str] | None = None):
        self.subtype = subtype
        self.boundary = boundary
        self.parts = parts
        self.params = params
        self.headers = headers or []


def _text_leaf(text: str, subtype: str, charset: str, cte: str) -> _Leaf:
    data = text.encode(_codec(charset))
    if cte == "base64":
        body = _b64_lines(data)
    elif cte == "quoted-printable":
        body = _qp(data)
    else:
        body = data
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    extra = "; format=flowed" if subtype == "plain" and cte == "8bit" and charset == "utf-8" else ""
    return _Leaf([
        'Content-Type: text/%s; charset="%s"%s' % (subtype, charset, extra),
        "Content-Transfer-Encoding: %s" % cte,
    ], body)


def _attachment_leaf(filename: str, ctype: str, b64: bytes, *, inline_cid: str | None = None) -> _Leaf:
    if filename.isascii():
        fn_param = 'filename="%s"' % filename
        name_param = 'name="%s"' % filename
    else:
        from urllib.parse import quote

        fn_param = "filename*=utf-8''%s" % quote(filename.encode("utf-8"))
        name_param = 'name="%s"' % _encode_words(filename, "utf-8")
    headers = ["Content-Type: %s;%s %s" % (ctype, CRLF, name_param)]
    if inline_cid:
        headers.append("Content-ID: <%s>" % inline_cid)
        headers.append("Content-Disposition: inline;%s %s" % (CRLF, fn_param))
    else:
        headers.append("Content-Disposition: attachment;%s %s" % (CRLF, fn_param))
    headers.append("Content-Transfer-Encoding: base64")
    return _Leaf(headers, b64)


def _render(part, out: list[bytes]) -> None:
    """Append the bytes of ``part`` (its own headers, blank line, body) to ``out``."""
    if isinstance(part, _Leaf):
        out.append((CRLF.join(part.headers) + CRLF + CRLF).encode("ascii"))
        out.append(part.body)
        return
    head = ['Content-Type: multipart/%s;%s boundary="%s"%s' % (part.subtype, CRLF, part.boundary, part.params)]
    head.extend(part.headers)
    out.append((CRLF.join(head) + CRLF + CRLF).encode("ascii"))
    if part.subtype in ("mixed", "report"):
        out.append(b"This is a multi-part message in MIME format.\r\n")
    sep = ("\r\n--%s\r\n" % part.boundary).encode("ascii")
    for sub in part.parts:
        out.append(sep)
        _render(sub, out)
    out.append(("\r\n--%s--\r\n" % part.boundary).encode("ascii"))


# --------------------------------------------------------------------------------------
# Binary attachments: minimal but valid PDF, XLSX, PNG and JPEG files
# --------------------------------------------------------------------------------------


def _pdf_escape(s: str) -> str:
    s = s.encode("latin-1", "replace").decode("latin-1")
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(title: str, lines: list[str], created: datetime, *, image: tuple[int, int, bytes] | None = None,
             producer: str = "Microsoft Excel 2016") -> bytes:
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
        ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents 6 0 R >>"
         % resources).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ("<< /Title (%s) /Producer (%s) /Creator (%s) /CreationDate (%s) /ModDate (%s) >>"
         % (_pdf_escape(title), producer, producer, stamp, stamp)).encode("latin-1"),
    ]
    if image:
        w, h, pixels = image
        objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                    b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (w, h, len(pixels)) + pixels + b"\nendstream")
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
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<sheetData>%s</sheetData></worksheet>" % "".join(cells))
    files = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
         "</Types>"),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
         "</Relationships>"),
        ("docProps/core.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Purchase Order</dc:title>'
         '<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created></cp:coreProperties>'
         % created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         '<sheets><sheet name="PO" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
         "</Relationships>"),
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
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, dos_time, dos_date, crc, len(comp), len(data), len(fn), 0)
        out += fn + comp
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20 | (3 << 8), 20, 0, 8, dos_time, dos_date, crc,
                               len(comp), len(data), len(fn), 0, 0, 0, 0, 0o100600 << 16, offset) + fn
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
    return (b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + _png_chunk(b"IEND", b""))


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
        b = int(s[i:i + 8], 2)
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


# --------------------------------------------------------------------------------------
# Products and phrasebook
# --------------------------------------------------------------------------------------

# code, English name, category, short spec, unit price USD, MOQ
PRODUCTS: list[tuple[str, str, str, str, float, int]] = [
    ("BV-B25", "Brass Ball Valve DN25 PN25, full port, lever handle", "ball", "DN25 PN25", 3.20, 1000),
    ("BV-LF20", "Lead-free Brass Ball Valve DN20, CW602N DZR", "ball", "DN20 CW602N", 4.60, 1000),
    ("BV-SS50", "Stainless Steel 316 Ball Valve 2PC DN50", "ball", "DN50 SS316", 18.50, 200),
    ("GV-CI100", "Cast Iron Gate Valve DN100 PN16, DIN 3352 F4", "gate", "DN100 PN16", 48.00, 50),
    ("GV-WR22", "WRAS Approved Brass Gate Valve 22mm", "gate", "22mm WRAS", 4.10, 1000),
    ("BF-DI150", "Ductile Iron Butterfly Valve DN150 Wafer PN16", "butterfly", "DN150 PN16", 36.00, 100),
    ("CV-SW80", "Swing Check Valve DN80 PN16", "check", "DN80 PN16", 42.00, 100),
    ("API-4C600", 'API 6D Trunnion Ball Valve 4" Class 600 RF', "ball", '4" Class 600 API 6D', 780.00, 10),
    ("MF-MIX", 'Malleable Iron Pipe Fittings 1/2"-2", galvanized', "fittings", '1/2"-2" galvanized', 0.45, 10000),
    ("YS-50", "Y-Strainer DN50 PN16, cast iron", "strainer", "DN50 PN16", 14.00, 100),
    ("GBV-15", "Gas Ball Valve DN15, EN 331, yellow handle", "gas", "DN15 EN 331", 2.90, 2000),
    ("PRV-20", "Pressure Reducing Valve DN20, brass", "prv", "DN20", 9.80, 500),
    ("GLV-50", "Globe Valve DN50 PN16, WCB", "globe", "DN50 PN16", 38.00, 100),
]
_PRODUCT = {p[0]: p for p in PRODUCTS}

_CATS = {
    "en": dict(ball="ball valves", gate="gate valves", butterfly="butterfly valves", check="check valves",
               fittings="malleable iron pipe fittings", strainer="Y-strainers", gas="gas ball valves",
               prv="pressure reducing valves", globe="globe valves"),
    "de": dict(ball="Kugelhähne", gate="Absperrschieber", butterfly="Absperrklappen", check="Rückschlagklappen",
               fittings="Tempergussfittings", strainer="Schmutzfänger", gas="Gaskugelhähne",
               prv="Druckminderer", globe="Absperrventile"),
    "es": dict(ball="válvulas de bola", gate="válvulas de compuerta", butterfly="válvulas de mariposa",
               check="válvulas de retención", fittings="accesorios de fundición maleable", strainer="filtros en Y",
               gas="válvulas de gas", prv="válvulas reductoras de presión", globe="válvulas de globo"),
    "pt": dict(ball="válvulas esfera", gate="válvulas gaveta", butterfly="válvulas borboleta",
               check="válvulas de retenção", fittings="conexões de ferro maleável", strainer="filtros Y",
               gas="válvulas de gás", prv="válvulas redutoras de pressão", globe="válvulas globo"),
    "fr": dict(ball="vannes à boisseau sphérique", gate="robinets-vannes", butterfly="vannes papillon",
               check="clapets anti-retour", fittings="raccords en fonte malléable", strainer="filtres à tamis",
               gas="robinets gaz", prv="réducteurs de pression", globe="robinets à soupape"),
    "it": dict(ball="valvole a sfera", gate="saracinesche", butterfly="valvole a farfalla", check="valvole di ritegno",
               fittings="raccordi in ghisa malleabile", strainer="filtri a Y", gas="valvole gas",
               prv="riduttori di pressione", globe="valvole a globo"),
    "ru": dict(ball="шаровые краны", gate="задвижки", butterfly="дисковые затворы", check="обратные клапаны",
               fittings="фитинги из ковкого чугуна", strainer="сетчатые фильтры", gas="газовые краны",
               prv="редукторы давления", globe="запорные клапаны"),
    "ar": dict(ball="صمامات كروية", gate="صمامات بوابة", butterfly="صمامات فراشة", check="صمامات عدم رجوع",
               fittings="وصلات حديد مطاوع", strainer="مصافي Y", gas="صمامات غاز", prv="صمامات تخفيض الضغط",
               globe="صمامات جلوب"),
    "tr": dict(ball="küresel vanalar", gate="sürgülü vanalar", butterfly="kelebek vanalar", check="çek valfler",
               fittings="temper döküm fittingsler", strainer="pislik tutucular", gas="gaz vanaları",
               prv="basınç düşürücüler", globe="glob vanalar"),
    "ja": dict(ball="ボールバルブ", gate="ゲートバルブ", butterfly="バタフライバルブ", check="チャッキバルブ",
               fittings="可鍛鋳鉄管継手", strainer="Y形ストレーナ", gas="ガス用ボールバルブ", prv="減圧弁",
               globe="玉形弁"),
    "zh": dict(ball="球阀", gate="闸阀", butterfly="蝶阀", check="止回阀", fittings="玛钢管件", strainer="Y型过滤器",
               gas="燃气球阀", prv="减压阀", globe="截止阀"),
    "zh_tw": dict(ball="球閥", gate="閘閥", butterfly="蝶閥", check="止回閥", fittings="瑪鋼管件", strainer="Y型過濾器",
                  gas="燃氣球閥", prv="減壓閥", globe="截止閥"),
}

# Per language: greeting (to our salesperson), closing, reply and forward prefixes, subjects, intents.
PHRASES: dict[str, dict] = {
    "en": dict(
        hello=["Dear {first},", "Hi {first},", "Hello {first},"], bye=["Best regards,", "Kind regards,", "Regards,"],
        re="Re: ", fw="Fw: ",
        subj_inquiry=["Inquiry: {item}", "RFQ - {item}", "Enquiry for {item}", "Price request {item}"],
        subj_po=["PO {po}", "Purchase Order {po}", "New order {po}"],
        subj_complaint=["Quality problem - order {po}", "Complaint: order {po}", "URGENT: problem with order {po}"],
        inquiry=[
            "We are {biz} in {city} and we are looking for a reliable supplier of {item}.\n"
            "Please quote your best price for {qty} pcs, FOB Ningbo and CIF {port}, and advise the lead time and MOQ.",
            "We got your contact from {source}. We are interested in your {item}.\n"
            "Could you send us your price list and catalogue? Our annual demand is about {qty} pcs.",
            "Please quote {qty} pcs of {item}, packed in cartons on pallets, delivery to {port}.\n"
            "We also need the technical data sheet and the lead time.",
        ],
        ask_cert=["Could you please send us your {cert} certificates? Our customers require them for every project, "
                  "and we cannot place the order without them."],
        ask_eco=["More and more of our customers ask for eco-friendly materials. Do you have lead-free brass (DZR, CW602N) "
                 "versions that are RoHS and REACH compliant?\nEnvironmentally friendly products are a priority for us this year."],
        neg_eco=["To be clear, we are not interested in eco-friendly options - the standard brass version is fine, "
                 "price is what matters in our market."],
        for_example=["Your catalogue is quite broad. For example, do you also make the 2-inch version with a T-handle, "
                     "and what is the weight per piece? Please also confirm the thread standard (BSP or NPT)."],
        no_complaints=["The last shipment is installed and running, no complaints so far from our end users. "
                       "We will probably need the same quantity again next quarter."],
        sample_request=["Before we place an order we would like to check your quality. Could you send {n} samples of {item} "
                        "by express? We can pay the courier cost with our DHL account.",
                        "Please send us {n} samples for testing. If the test is OK we will order a first container."],
        sample_ok=["We received the samples. Pressure test and dimensions are OK, our engineers are satisfied with the quality."],
        too_expensive=["Thank you for your offer, but the price is too expensive for our market. {competitor} offered us about "
                       "{pct}% lower.\nWhat is your best price?",
                       "Your price is higher than other suppliers. {competitor} is about {pct}% cheaper. "
                       "Please give us your best price, otherwise we cannot go ahead."],
        payment_terms=["About the payment terms: we would prefer {terms}. Please confirm whether this is acceptable for you."],
        moq_small=["Your MOQ of {moq} pcs is too high for a first order. Can you accept a small trial order of {qty_small} pcs? "
                   "If the market response is good we will order more."],
        oem=["We would like the valves with our own logo on the handle and our own color box (OEM). Is this customization "
             "possible, and what are the extra cost and the minimum quantity?"],
        urgent=["This is urgent: our project starts soon and we need fast delivery, within {days} days if possible. Can you make it?"],
        po=["Please find attached our purchase order {po} for {qty} pcs {item}.\nKindly check and send us your proforma invoice."],
        deposit_paid=["We have paid the 30% deposit by T/T today, the bank slip is attached. Please start production and keep us updated."],
        ask_shipment=["Could you please update us on order {po}? When is the ETD, and do you have the vessel and container number yet?"],
        goods_ok=["The goods arrived in good condition last week. Thank you for your support."],
        complaint_quality=["We have a serious quality problem with order {po}: {n} valves are leaking at the pressure test. "
                           "This is not acceptable for us.\nPlease investigate and tell us how you will solve it."],
        complaint_damage=["The container arrived yesterday, but many cartons were crushed and {n} valves are damaged "
                          "(photos attached). We need replacement for the damaged goods."],
        complaint_delay=["Our order {po} is now {weeks} weeks late and our customer is very unhappy about the delay. "
                         "Please tell us the real shipping date."],
        refund=["We ask for a refund or a credit note of {amount} for the defective goods. Please confirm."],
        accept=["OK, we accept your offer. We will send you our PO shortly.", "Agreed. Please go ahead, PO will follow this week."],
        thanks=["Thank you, well received.", "Thanks, noted."],
        reorder=["Please find attached our new order {po} for {qty} pcs {item}. Same terms as last time; "
                 "please confirm the delivery date."],
    ),
    "de": dict(
        hello=["Hallo {first},", "Liebe {first},", "Guten Tag {first},"], bye=["Mit freundlichen Grüßen", "Viele Grüße"],
        re="AW: ", fw="WG: ",
        subj_inquiry=["Anfrage {item}", "Preisanfrage: {item}"], subj_po=["Bestellung {po}", "Auftrag {po}"],
        subj_complaint=["Reklamation Auftrag {po}", "Mängelrüge Bestellung {po}"],
        inquiry=["wir sind ein Großhändler für Sanitär- und Heizungstechnik aus {city} und suchen einen zuverlässigen "
                 "Lieferanten für {item}.\nBitte senden Sie uns Ihr bestes Angebot für {qty} Stück, FOB Ningbo und CIF {port}, "
                 "mit Lieferzeit und Mindestbestellmenge."],
        ask_cert=["für unsere Kunden benötigen wir die Zertifikate ({cert}) und die Konformitätserklärung. "
                  "Bitte senden Sie uns die Unterlagen als PDF."],
        ask_eco=["unsere Kunden fragen immer öfter nach umweltfreundlichen Materialien. Haben Sie bleifreie Messing-Ausführungen "
                 "(CW602N, entzinkungsbeständig), die RoHS- und REACH-konform sind?"],
        sample_request=["bevor wir bestellen, möchten wir Ihre Qualität prüfen. Könnten Sie uns bitte {n} Muster ({item}) "
                        "per Express schicken?"],
        sample_ok=["die Muster sind angekommen. Druckprüfung und Maßkontrolle waren in Ordnung, unsere Technik ist mit der "
                   "Qualität zufrieden."],
        too_expensive=["vielen Dank für Ihr Angebot, aber der Preis ist für unseren Markt zu hoch. {competitor} liegt etwa "
                       "{pct}% darunter.\nWas ist Ihr bester Preis?"],
        payment_terms=["zu den Zahlungsbedingungen: wir bevorzugen {terms}. Bitte bestätigen Sie, ob das für Sie möglich ist."],
        moq_small=["Ihre Mindestmenge von {moq} Stück ist für eine Erstbestellung zu hoch. Können Sie eine kleine "
                   "Probebestellung von {qty_small} Stück akzeptieren?"],
        oem=["wir möchten die Armaturen mit unserem eigenen Logo und in unserer eigenen Verpackung (OEM). Ist diese "
             "Sonderanfertigung möglich und was kostet sie?"],
        urgent=["es ist dringend: wir brauchen eine schnelle Lieferung, wenn möglich innerhalb von {days} Tagen. Ist das machbar?"],
        po=["anbei erhalten Sie unsere Bestellung {po} über {qty} Stück {item}.\nBitte senden Sie uns die Proforma-Rechnung."],
        deposit_paid=["wir haben heute die Anzahlung von 30% per T/T überwiesen, der Zahlungsbeleg ist beigefügt. "
                      "Bitte beginnen Sie mit der Produktion."],
        ask_shipment=["wie ist der Stand unserer Bestellung {po}? Wann ist die ETD und haben Sie schon die Containernummer?"],
        goods_ok=["die Ware ist letzte Woche in einwandfreiem Zustand angekommen. Vielen Dank."],
        complaint_quality=["wir haben ein ernstes Qualitätsproblem mit dem Auftrag {po}: {n} Armaturen sind bei der "
                           "Druckprüfung undicht. Das ist für uns nicht akzeptabel.\nBitte prüfen Sie die Reklamation und "
                           "teilen Sie uns Ihre Lösung mit."],
        complaint_damage=["der Container ist gestern angekommen, aber viele Kartons waren beschädigt und {n} Armaturen sind "
                          "kaputt (Fotos anbei). Wir brauchen Ersatz für die beschädigte Ware."],
        complaint_delay=["unser Auftrag {po} ist bereits {weeks} Wochen im Verzug, unser Kunde ist sehr verärgert über die "
                         "Verspätung. Bitte nennen Sie uns den tatsächlichen Liefertermin."],
        refund=["wir bitten um eine Gutschrift bzw. Rückerstattung von {amount} für die mangelhafte Ware."],
        accept=["in Ordnung, wir nehmen Ihr Angebot an. Die Bestellung folgt in Kürze."],
        thanks=["vielen Dank, habe ich erhalten."],
        reorder=["anbei unsere neue Bestellung {po} über {qty} Stück {item}. Konditionen wie beim letzten Mal, "
                 "bitte bestätigen Sie den Liefertermin."],
    ),
    "es": dict(
        hello=["Hola {first},", "Estimada {first}:", "Buenos días {first},"], bye=["Saludos cordiales,", "Un saludo,"],
        re="RE: ", fw="RV: ",
        subj_inquiry=["Solicitud de cotización - {item}", "Consulta {item}"], subj_po=["Orden de compra {po}", "Pedido {po}"],
        subj_complaint=["Reclamación pedido {po}"],
        inquiry=["Somos una empresa distribuidora de material de fontanería en {city} y buscamos un proveedor fiable de {item}.\n"
                 "Por favor, envíenos su mejor precio para {qty} unidades, FOB Ningbo y CIF {port}, con plazo de entrega "
                 "y cantidad mínima."],
        ask_cert=["¿Podría enviarnos sus certificados {cert}? Nuestros clientes los exigen en todos los proyectos."],
        ask_eco=["Cada vez más clientes nos piden materiales ecológicos. ¿Tienen versiones de latón sin plomo (CW602N) que "
                 "cumplan RoHS y REACH? Los productos respetuosos con el medio ambiente son una prioridad para nosotros."],
        sample_request=["Antes de hacer el pedido queremos comprobar la calidad. ¿Podrían enviarnos {n} muestras de {item} "
                        "por mensajería?"],
        sample_ok=["Hemos recibido las muestras. La prueba de presión y las medidas están bien, la calidad nos parece buena."],
        too_expensive=["Gracias por la oferta, pero el precio es demasiado caro para nuestro mercado. {competitor} nos ofrece "
                       "un {pct}% menos.\n¿Cuál es su mejor precio?"],
        payment_terms=["En cuanto a la forma de pago, preferimos {terms}. ¿Es posible para ustedes?"],
        moq_small=["La cantidad mínima de {moq} unidades es demasiado alta para un primer pedido. ¿Aceptarían un pedido de "
                   "prueba de {qty_small} unidades?"],
        oem=["Queremos las válvulas con nuestro logotipo y nuestra propia caja (OEM). ¿Es posible esta personalización y "
             "cuánto cuesta?"],
        urgent=["Es urgente: necesitamos una entrega rápida, si es posible en {days} días. ¿Pueden hacerlo?"],
        po=["Adjunto nuestra orden de compra {po} por {qty} unidades de {item}.\nPor favor, envíennos la factura proforma."],
        deposit_paid=["Hoy hemos pagado el anticipo del 30% por transferencia (T/T), adjunto el comprobante. "
                      "Por favor, inicien la producción."],
        ask_shipment=["¿Nos pueden informar del estado del pedido {po}? ¿Cuál es la fecha de embarque (ETD) y el número "
                      "de contenedor?"],
        goods_ok=["La mercancía llegó en buen estado. Muchas gracias por su apoyo."],
        complaint_quality=["Tenemos un problema grave de calidad con el pedido {po}: {n} válvulas tienen fugas en la prueba "
                           "de presión. Esto no es aceptable.\nPor favor, investiguen la reclamación y dígannos cómo lo van "
                           "a solucionar."],
        complaint_damage=["El contenedor llegó ayer, pero muchas cajas estaban aplastadas y {n} válvulas están dañadas "
                          "(adjunto fotos). Necesitamos la reposición de la mercancía dañada."],
        complaint_delay=["Nuestro pedido {po} lleva {weeks} semanas de retraso y nuestro cliente está muy molesto. Por favor, "
                         "confirmen la fecha real de embarque."],
        refund=["Solicitamos el reembolso o una nota de crédito de {amount} por la mercancía defectuosa."],
        accept=["De acuerdo, aceptamos su oferta. Les enviaremos el pedido en breve."],
        thanks=["Gracias, recibido."],
        reorder=["Adjunto nuestro nuevo pedido {po} por {qty} unidades de {item}. Mismas condiciones que la última vez; "
                 "por favor confirmen la fecha de entrega."],
    ),
    "pt": dict(
        hello=["Olá {first},", "Prezada {first},", "Bom dia {first},"], bye=["Atenciosamente,", "Abraços,"],
        re="Re: ", fw="Enc: ",
        subj_inquiry=["Cotação - {item}", "Solicitação de preço {item}"], subj_po=["Pedido de compra {po}"],
        subj_complaint=["Reclamação pedido {po}"],
        inquiry=["Somos uma distribuidora de materiais hidráulicos em {city} e procuramos um fornecedor confiável de {item}.\n"
                 "Por favor, envie sua melhor cotação para {qty} peças, FOB Ningbo e CIF {port}, com prazo de entrega e "
                 "quantidade mínima."],
        ask_cert=["Poderia nos enviar os certificados {cert}? Nossos clientes exigem esses documentos."],
        ask_eco=["Nossos clientes pedem cada vez mais materiais ecológicos e sustentáveis. Vocês têm versões em latão sem "
                 "chumbo (CW602N) conformes RoHS e REACH?"],
        sample_request=["Antes do pedido gostaríamos de verificar a qualidade. Vocês podem enviar {n} amostras de {item} "
                        "por courier?"],
        sample_ok=["Recebemos as amostras. O teste de pressão e as dimensões estão corretos, a qualidade é boa."],
        too_expensive=["Obrigado pela proposta, mas o preço está muito caro para o nosso mercado. {competitor} ofereceu "
                       "cerca de {pct}% a menos.\nQual é o seu melhor preço?"],
        payment_terms=["Sobre a forma de pagamento: preferimos {terms}. Isso é possível para vocês?"],
        moq_small=["O pedido mínimo de {moq} peças é alto demais para um primeiro pedido. Aceitam um pedido teste de "
                   "{qty_small} peças?"],
        oem=["Queremos as válvulas com a nossa marca e embalagem própria (OEM). É possível personalizar e qual é o custo "
             "adicional?"],
        urgent=["É urgente: precisamos de entrega rápida, se possível em {days} dias. Conseguem?"],
        po=["Segue em anexo nosso pedido de compra {po} de {qty} peças de {item}.\nPor favor, enviem a fatura proforma."],
        deposit_paid=["Pagamos hoje o sinal de 30% por T/T, segue o comprovante. Por favor, iniciem a produção."],
        ask_shipment=["Poderiam informar a situação do pedido {po}? Qual é o ETD e o número do contêiner?"],
        goods_ok=["A mercadoria chegou em boas condições. Muito obrigado."],
        complaint_quality=["Temos um problema sério de qualidade no pedido {po}: {n} válvulas apresentaram vazamento no teste "
                           "de pressão. Isso não é aceitável.\nPor favor, analisem a reclamação e informem a solução."],
        complaint_damage=["O contêiner chegou ontem, mas muitas caixas estavam amassadas e {n} válvulas estão danificadas "
                          "(fotos em anexo). Precisamos da reposição."],
        complaint_delay=["Nosso pedido {po} já está {weeks} semanas atrasado e nosso cliente está muito insatisfeito com o "
                         "atraso. Qual é a data real de embarque?"],
        refund=["Solicitamos o reembolso ou uma nota de crédito de {amount} pelas peças com defeito."],
        accept=["Certo, aceitamos a sua proposta. Enviaremos o pedido em breve."],
        thanks=["Obrigado, recebido."],
        reorder=["Segue nosso novo pedido {po} de {qty} peças de {item}, mesmas condições da última vez. Favor confirmar a "
                 "data de entrega."],
    ),
    "fr": dict(
        hello=["Bonjour {first},", "Chère {first},"], bye=["Cordialement,", "Bien cordialement,"],
        re="RE : ", fw="TR : ",
        subj_inquiry=["Demande de prix - {item}", "Consultation {item}"], subj_po=["Bon de commande {po}", "Commande {po}"],
        subj_complaint=["Réclamation commande {po}"],
        inquiry=["Nous sommes un distributeur de matériel de plomberie basé à {city} et nous recherchons un fournisseur "
                 "fiable de {item}.\nMerci de nous faire parvenir votre meilleur prix pour {qty} pièces, FOB Ningbo et CIF "
                 "{port}, avec le délai de livraison et la quantité minimum."],
        ask_cert=["Pourriez-vous nous envoyer vos certificats {cert} ? Nos clients les exigent pour chaque projet."],
        ask_eco=["Nos clients demandent de plus en plus des matériaux écologiques. Avez-vous des versions en laiton sans plomb "
                 "(CW602N) conformes RoHS et REACH ?"],
        sample_request=["Avant de passer commande, nous souhaitons vérifier la qualité. Pouvez-vous nous envoyer {n} "
                        "échantillons de {item} par express ?"],
        sample_ok=["Nous avons bien reçu les échantillons. L'essai de pression et le contrôle dimensionnel sont conformes, "
                   "la qualité nous convient."],
        too_expensive=["Merci pour votre offre, mais le prix est trop cher pour notre marché. {competitor} nous propose environ "
                       "{pct}% de moins.\nQuel est votre meilleur prix ?"],
        payment_terms=["Concernant les conditions de paiement, nous préférons {terms}. Merci de confirmer si cela vous convient."],
        moq_small=["Votre quantité minimum de {moq} pièces est trop élevée pour une première commande. Accepteriez-vous une "
                   "commande d'essai de {qty_small} pièces ?"],
        oem=["Nous souhaitons les vannes avec notre logo et notre propre emballage (OEM). Cette personnalisation est-elle "
             "possible et à quel coût ?"],
        urgent=["C'est urgent : nous avons besoin d'une livraison rapide, si possible sous {days} jours. Est-ce faisable ?"],
        po=["Veuillez trouver ci-joint notre bon de commande {po} pour {qty} pièces de {item}.\nMerci de nous envoyer la "
            "facture proforma."],
        deposit_paid=["Nous avons réglé l'acompte de 30% par virement (T/T) aujourd'hui, l'avis de virement est en pièce "
                      "jointe. Merci de lancer la production."],
        ask_shipment=["Pouvez-vous nous donner l'état de la commande {po} ? Quelle est la date d'embarquement (ETD) et le "
                      "numéro de conteneur ?"],
        goods_ok=["La marchandise est arrivée en bon état. Merci pour votre suivi."],
        complaint_quality=["Nous avons un problème de qualité sérieux sur la commande {po} : {n} vannes fuient lors de l'essai "
                           "de pression. Ce n'est pas acceptable.\nMerci d'analyser cette réclamation et de nous proposer "
                           "une solution."],
        complaint_damage=["Le conteneur est arrivé hier, mais beaucoup de cartons étaient écrasés et {n} vannes sont "
                          "endommagées (photos en pièce jointe). Nous demandons le remplacement."],
        complaint_delay=["Notre commande {po} a déjà {weeks} semaines de retard et notre client est très mécontent. Merci de "
                         "nous indiquer la vraie date d'expédition."],
        refund=["Nous demandons un remboursement ou un avoir de {amount} pour la marchandise défectueuse."],
        accept=["D'accord, nous acceptons votre offre. Nous vous enverrons la commande prochainement."],
        thanks=["Merci, bien reçu."],
        reorder=["Veuillez trouver ci-joint notre nouvelle commande {po} pour {qty} pièces de {item}, aux mêmes conditions. "
                 "Merci de confirmer la date de livraison."],
    ),
    "it": dict(
        hello=["Buongiorno {first},", "Gentile {first},"], bye=["Cordiali saluti,", "Distinti saluti,"],
        re="R: ", fw="I: ",
        subj_inquiry=["Richiesta di offerta - {item}", "Richiesta prezzi {item}"], subj_po=["Ordine {po}"],
        subj_complaint=["Reclamo ordine {po}"],
        inquiry=["Siamo un distributore di materiale idrotermosanitario di {city} e cerchiamo un fornitore affidabile di {item}.\n"
                 "Vi preghiamo di inviarci la vostra migliore offerta per {qty} pezzi, FOB Ningbo e CIF {port}, con tempi di "
                 "consegna e quantità minima."],
        ask_cert=["Potete inviarci i vostri certificati {cert}? I nostri clienti li richiedono per ogni progetto."],
        ask_eco=["I nostri clienti chiedono sempre più materiali ecologici. Avete versioni in ottone senza piombo (CW602N) "
                 "conformi RoHS e REACH?"],
        sample_request=["Prima dell'ordine vorremmo verificare la qualità. Potete spedirci {n} campioni di {item} tramite "
                        "corriere?"],
        sample_ok=["Abbiamo ricevuto i campioni. Prova di pressione e controllo dimensionale sono ok, la qualità è buona."],
        too_expensive=["Grazie per l'offerta, ma il prezzo è troppo caro per il nostro mercato. {competitor} ci offre circa "
                       "il {pct}% in meno.\nQual è il vostro miglior prezzo?"],
        payment_terms=["Per quanto riguarda il pagamento, preferiamo {terms}. Potete confermare?"],
        moq_small=["Il vostro minimo d'ordine di {moq} pezzi è troppo alto per un primo ordine. Accettate un ordine di prova "
                   "di {qty_small} pezzi?"],
        oem=["Vorremmo le valvole con il nostro logo e il nostro imballo (OEM). È possibile questa personalizzazione e con "
             "quale costo?"],
        urgent=["È urgente: ci serve una consegna rapida, se possibile entro {days} giorni. È fattibile?"],
        po=["In allegato il nostro ordine {po} per {qty} pezzi di {item}.\nVi preghiamo di inviarci la fattura proforma."],
        deposit_paid=["Oggi abbiamo pagato l'acconto del 30% tramite bonifico (T/T), in allegato la contabile. Potete avviare "
                      "la produzione."],
        ask_shipment=["Potete aggiornarci sull'ordine {po}? Qual è la data di partenza (ETD) e il numero del container?"],
        goods_ok=["La merce è arrivata in buone condizioni. Grazie per il supporto."],
        complaint_quality=["Abbiamo un grave problema di qualità con l'ordine {po}: {n} valvole perdono durante la prova di "
                           "pressione. Non è accettabile.\nVi preghiamo di verificare il reclamo e di proporci una soluzione."],
        complaint_damage=["Il container è arrivato ieri, ma molti cartoni erano schiacciati e {n} valvole sono danneggiate "
                          "(foto in allegato). Chiediamo la sostituzione."],
        complaint_delay=["Il nostro ordine {po} è in ritardo di {weeks} settimane e il nostro cliente è molto scontento. Qual è "
                         "la data reale di spedizione?"],
        refund=["Chiediamo un rimborso o una nota di credito di {amount} per la merce difettosa."],
        accept=["Va bene, accettiamo la vostra offerta. Vi invieremo l'ordine a breve."],
        thanks=["Grazie, ricevuto."],
        reorder=["In allegato il nuovo ordine {po} per {qty} pezzi di {item}, stesse condizioni dell'ultima volta. "
                 "Confermate la data di consegna."],
    ),
    "ru": dict(
        hello=["Здравствуйте, {first}!", "Добрый день, {first}!"], bye=["С уважением,"],
        re="Re: ", fw="Fwd: ",
        subj_inquiry=["Запрос цены: {item}", "Запрос коммерческого предложения - {item}"], subj_po=["Заказ {po}"],
        subj_complaint=["Претензия по заказу {po}"],
        inquiry=["Мы оптовая компания из города {city}, занимаемся поставками трубопроводной арматуры. Ищем надежного "
                 "поставщика: {item}.\nПросим прислать лучшую цену на {qty} шт., FOB Нинбо и CIF {port}, а также срок "
                 "поставки и минимальный заказ."],
        ask_cert=["Пришлите, пожалуйста, ваши сертификаты ({cert}) и декларацию ЕАС. Без них мы не можем работать."],
        ask_eco=["Наши клиенты все чаще спрашивают про экологичные материалы. Есть ли у вас исполнение из латуни без свинца "
                 "(CW602N), соответствующее RoHS и REACH?"],
        sample_request=["Перед заказом мы хотим проверить качество. Можете отправить {n} образца ({item}) экспресс-почтой?"],
        sample_ok=["Образцы получили. Испытание давлением и проверка размеров прошли успешно, качество хорошее."],
        too_expensive=["Спасибо за предложение, но цена слишком высокая для нашего рынка. {competitor} предлагает примерно "
                       "на {pct}% дешевле.\nКакая ваша лучшая цена?"],
        payment_terms=["По условиям оплаты: мы предпочитаем {terms}. Подтвердите, пожалуйста, подходит ли это вам."],
        moq_small=["Минимальная партия {moq} шт. слишком большая для первого заказа. Можете принять пробный заказ на "
                   "{qty_small} шт.?"],
        oem=["Нам нужна арматура с нашим логотипом и в нашей упаковке (OEM). Возможно ли это и сколько стоит?"],
        urgent=["Срочно: нам нужна быстрая поставка, по возможности в течение {days} дней. Это реально?"],
        po=["Направляем вам наш заказ {po} на {qty} шт. ({item}).\nПросим выставить проформу-инвойс."],
        deposit_paid=["Сегодня оплатили предоплату 30% (T/T), платежное поручение во вложении. Просим запустить производство."],
        ask_shipment=["Сообщите, пожалуйста, статус заказа {po}. Какая дата отгрузки (ETD) и номер контейнера?"],
        goods_ok=["Товар получили в хорошем состоянии. Спасибо за работу."],
        complaint_quality=["У нас серьезная проблема с качеством по заказу {po}: {n} шт. протекают при испытании давлением. "
                           "Это неприемлемо.\nПросим рассмотреть претензию и предложить решение."],
        complaint_damage=["Контейнер пришел вчера, но многие коробки повреждены и {n} шт. арматуры сломаны (фото во "
                          "вложении). Просим заменить поврежденный товар."],
        complaint_delay=["Наш заказ {po} задерживается уже на {weeks} недели, клиент очень недоволен задержкой. Сообщите "
                         "реальную дату отгрузки."],
        refund=["Просим вернуть деньги или выставить кредит-ноту на сумму {amount} за бракованный товар."],
        accept=["Хорошо, принимаем ваше предложение. Заказ пришлем в ближайшее время."],
        thanks=["Спасибо, получили."],
        reorder=["Направляем новый заказ {po} на {qty} шт. ({item}), условия как в прошлый раз. Подтвердите дату отгрузки."],
    ),
    "ar": dict(
        hello=["مرحباً {first}،", "السيدة {first} المحترمة،"], bye=["مع أطيب التحيات،"],
        re="رد: ", fw="إعادة توجيه: ",
        subj_inquiry=["طلب عرض سعر - {item}"], subj_po=["أمر شراء {po}"], subj_complaint=["شكوى بخصوص الطلب {po}"],
        inquiry=["نحن شركة لتجارة مواد البناء في {city} ونبحث عن مورد موثوق لـ {item}.\nيرجى إرسال أفضل سعر لكمية {qty} "
                 "قطعة، FOB نينغبو و CIF {port}، مع مدة التسليم والحد الأدنى للطلب."],
        ask_cert=["يرجى إرسال شهادات {cert} الخاصة بكم، فعملاؤنا يطلبونها في كل مشروع."],
        ask_eco=["يطلب عملاؤنا بشكل متزايد مواد صديقة للبيئة. هل لديكم نسخة من النحاس الخالي من الرصاص (CW602N) مطابقة "
                 "لمعايير RoHS و REACH؟"],
        sample_request=["قبل الطلب نود التحقق من الجودة. هل يمكنكم إرسال {n} عينات من {item} بالبريد السريع؟"],
        sample_ok=["استلمنا العينات. اختبار الضغط والمقاسات جيدة، والجودة مرضية."],
        too_expensive=["شكراً على عرضكم، لكن السعر مرتفع جداً بالنسبة لسوقنا. {competitor} عرض علينا سعراً أقل بحوالي "
                       "{pct}%.\nما هو أفضل سعر لديكم؟"],
        payment_terms=["بخصوص شروط الدفع، نفضل {terms}. يرجى التأكيد."],
        urgent=["الأمر عاجل: نحتاج إلى تسليم سريع خلال {days} يوماً إن أمكن. هل هذا ممكن؟"],
        po=["مرفق أمر الشراء {po} لكمية {qty} قطعة من {item}.\nيرجى إرسال الفاتورة المبدئية (PI)."],
        deposit_paid=["قمنا اليوم بتحويل دفعة مقدمة 30% (T/T)، ومرفق إيصال التحويل. يرجى بدء الإنتاج."],
        ask_shipment=["يرجى إفادتنا بحالة الطلب {po}. ما هو موعد الشحن (ETD) ورقم الحاوية؟"],
        goods_ok=["وصلت البضاعة بحالة جيدة. شكراً لكم."],
        complaint_quality=["لدينا مشكلة جودة خطيرة في الطلب {po}: يوجد تسريب في {n} صماماً أثناء اختبار الضغط. هذا غير "
                           "مقبول.\nنرجو دراسة هذه الشكوى وإبلاغنا بالحل."],
        complaint_damage=["وصلت الحاوية أمس لكن كثيراً من الكراتين كانت تالفة و{n} صماماً مكسورة (الصور مرفقة). نطلب "
                          "استبدال البضاعة التالفة."],
        complaint_delay=["طلبنا {po} متأخر {weeks} أسابيع وعميلنا غير راضٍ عن التأخير. يرجى إبلاغنا بموعد الشحن الفعلي."],
        refund=["نطلب استرداد مبلغ {amount} أو إشعاراً دائناً مقابل البضاعة المعيبة."],
        accept=["حسناً، نوافق على عرضكم. سنرسل أمر الشراء قريباً."],
        thanks=["شكراً، تم الاستلام."],
        reorder=["مرفق طلبنا الجديد {po} لكمية {qty} قطعة من {item} بنفس الشروط السابقة. يرجى تأكيد موعد التسليم."],
    ),
    "tr": dict(
        hello=["Merhaba {first},", "Sayın {first},"], bye=["Saygılarımızla,", "İyi çalışmalar,"],
        re="YNT: ", fw="İLT: ",
        subj_inquiry=["Fiyat talebi - {item}", "Teklif isteği: {item}"], subj_po=["Sipariş {po}"],
        subj_complaint=["Şikayet - sipariş {po}"],
        inquiry=["{city} merkezli bir tesisat malzemeleri toptancısıyız ve {item} için güvenilir bir tedarikçi arıyoruz.\n"
                 "{qty} adet için FOB Ningbo ve CIF {port} en iyi fiyatınızı, teslim süresini ve minimum sipariş miktarını "
                 "bildirir misiniz?"],
        ask_cert=["{cert} sertifikalarınızı gönderebilir misiniz? Müşterilerimiz her projede bunları istiyor."],
        ask_eco=["Müşterilerimiz giderek daha fazla çevre dostu malzeme istiyor. RoHS ve REACH uyumlu kurşunsuz pirinç "
                 "(CW602N) versiyonunuz var mı?"],
        sample_request=["Sipariş vermeden önce kaliteyi kontrol etmek istiyoruz. {item} için {n} adet numuneyi kuryeyle "
                        "gönderebilir misiniz?"],
        sample_ok=["Numuneleri aldık. Basınç testi ve ölçüler uygun, kalite iyi görünüyor."],
        too_expensive=["Teklifiniz için teşekkürler, ancak fiyat pazarımız için çok pahalı. {competitor} yaklaşık %{pct} "
                       "daha düşük fiyat verdi.\nEn iyi fiyatınız nedir?"],
        payment_terms=["Ödeme şekli konusunda {terms} tercih ediyoruz. Sizin için uygun mu?"],
        moq_small=["{moq} adet minimum sipariş ilk sipariş için çok yüksek. {qty_small} adetlik bir deneme siparişi kabul "
                   "eder misiniz?"],
        urgent=["Acil: hızlı teslimata ihtiyacımız var, mümkünse {days} gün içinde. Mümkün mü?"],
        po=["Ekte {item} için {qty} adetlik {po} numaralı satın alma siparişimizi bulabilirsiniz.\nLütfen proforma faturayı "
            "gönderin."],
        deposit_paid=["Bugün %30 avansı T/T ile ödedik, dekont ekte. Lütfen üretime başlayın."],
        ask_shipment=["{po} numaralı siparişin durumu nedir? Yükleme tarihi (ETD) ve konteyner numarası belli mi?"],
        goods_ok=["Mallar sağlam olarak ulaştı. Desteğiniz için teşekkürler."],
        complaint_quality=["{po} numaralı siparişte ciddi bir kalite sorunumuz var: {n} vana basınç testinde kaçırıyor. Bu "
                           "kabul edilemez.\nLütfen şikayetimizi inceleyip çözümünüzü bildirin."],
        complaint_damage=["Konteyner dün geldi, ancak birçok koli ezilmiş ve {n} vana hasarlı (fotoğraflar ekte). Hasarlı "
                          "ürünlerin değiştirilmesini istiyoruz."],
        complaint_delay=["{po} numaralı siparişimiz {weeks} hafta gecikti ve müşterimiz bu gecikmeden çok memnuniyetsiz. "
                         "Gerçek sevkiyat tarihini bildirin lütfen."],
        refund=["Kusurlu ürünler için {amount} tutarında iade veya alacak dekontu talep ediyoruz."],
        accept=["Tamam, teklifinizi kabul ediyoruz. Siparişi kısa süre içinde göndereceğiz."],
        thanks=["Teşekkürler, alındı."],
        reorder=["Ekte {item} için {qty} adetlik yeni siparişimiz {po}. Koşullar geçen seferki gibi; teslim tarihini teyit "
                 "eder misiniz?"],
    ),
    "ja": dict(
        hello=["{first}様", "ヘンタイバルブ {first}様"], bye=["よろしくお願いいたします。"],
        re="Re: ", fw="Fw: ",
        subj_inquiry=["お見積り依頼：{item}", "{item}の見積依頼"], subj_po=["注文書 {po}"], subj_complaint=["品質問題について（注文 {po}）"],
        inquiry=["突然のご連絡失礼いたします。弊社は{city}のバルブ商社です。\n{item}について、{qty}個のお見積りをお願いいたします。"
                 "\nFOB寧波とCIF {port}の価格、納期、最小ロットもあわせてご教示ください。"],
        ask_cert=["{cert}の認証書の写しをお送りいただけますでしょうか。弊社の顧客より提出を求められております。"],
        ask_eco=["最近、環境に優しい材料を求める顧客が増えております。RoHSおよびREACHに適合した鉛フリー黄銅（CW602N）の製品はございますか。"],
        sample_request=["ご注文の前に品質を確認したく、{item}のサンプルを{n}個お送りいただけますでしょうか。"],
        sample_ok=["サンプルを受領いたしました。耐圧試験および寸法検査とも問題なく、品質は良好です。"],
        too_expensive=["お見積りありがとうございます。しかしながら、価格が高すぎます。{competitor}からは約{pct}%安い価格を"
                       "提示されております。\n最善の価格をご提示いただけますでしょうか。"],
        payment_terms=["お支払い条件につきましては、{terms}を希望いたします。ご確認をお願いいたします。"],
        urgent=["急ぎの案件のため、{days}日以内の納品が可能かご確認ください。"],
        po=["注文書{po}（{item}、{qty}個）を添付いたします。\nプロフォーマインボイスをお送りください。"],
        deposit_paid=["本日、前払い金30%をT/Tにて送金いたしました。送金控えを添付いたします。生産を開始してください。"],
        ask_shipment=["注文{po}の進捗はいかがでしょうか。出港予定日（ETD）とコンテナ番号をお知らせください。"],
        goods_ok=["貨物は良好な状態で到着いたしました。ありがとうございました。"],
        complaint_quality=["注文{po}について重大な品質問題がございます。耐圧試験で{n}個のバルブに漏れが発生しました。\n"
                           "原因を調査のうえ、対策をご報告ください。"],
        complaint_damage=["昨日コンテナが到着しましたが、多くのカートンがつぶれており、{n}個のバルブが破損しておりました（写真添付）。"
                          "代替品の手配をお願いいたします。"],
        complaint_delay=["注文{po}はすでに{weeks}週間遅れており、顧客も大変困っております。正確な出荷日をお知らせください。"],
        refund=["不良品につき、{amount}の返金またはクレジットノートをお願いいたします。"],
        accept=["承知いたしました。ご提示の条件でお受けいたします。近日中に注文書をお送りします。"],
        thanks=["受領いたしました。ありがとうございます。"],
        reorder=["新規注文書{po}（{item}、{qty}個）を添付いたします。前回と同じ条件でお願いいたします。納期をご確認ください。"],
    ),
    "zh": dict(
        hello=["{first}你好：", "{first}，您好！"], bye=["谢谢！", "祝好"],
        re="回复：", fw="转发：",
        subj_inquiry=["询价：{item}"], subj_po=["订单 {po}"], subj_complaint=["质量问题 - 订单 {po}"],
        inquiry=["我们是{city}的一家贸易公司，主要做东南亚的五金水暖市场。想询价{item}，数量{qty}个，请报FOB宁波和CIF {port}"
                 "的价格，以及交期和起订量。"],
        ask_cert=["请发一下你们的{cert}证书，客户那边需要。"],
        sample_request=["下单之前想先看看质量，能否寄{n}个{item}的样品？快递费我们可以到付。"],
        sample_ok=["样品收到了，试压和尺寸都没问题，质量不错。"],
        too_expensive=["谢谢报价，但是价格太贵了，{competitor}的报价比你们低{pct}%左右。能给个最好的价格吗？"],
        payment_terms=["付款方式我们希望{terms}，请确认是否可以。"],
        moq_small=["{moq}个的起订量太高了，第一单能不能先做{qty_small}个试单？"],
        urgent=["这批货比较急，能否{days}天内交货？"],
        po=["附件是我们的订单{po}，{item} {qty}个，请做形式发票（PI）。"],
        deposit_paid=["今天已经电汇了30%定金，水单见附件，请安排生产。"],
        ask_shipment=["订单{po}现在什么情况？什么时候出货，柜号有了吗？"],
        goods_ok=["货已经收到，状态良好，谢谢。"],
        complaint_quality=["订单{po}有严重的质量问题：试压的时候有{n}个阀门漏水，客户很不满意。请尽快调查并给出解决方案。"],
        accept=["好的，价格可以接受，我们这周下单。"],
        thanks=["收到，谢谢。"],
        reorder=["附件是新订单{po}，{item} {qty}个，条件和上次一样，请确认交期。"],
    ),
    "zh_tw": dict(
        hello=["{first} 您好："], bye=["順頌商祺", "謝謝"],
        re="回覆：", fw="轉寄：",
        subj_inquiry=["詢價：{item}"], subj_po=["訂單 {po}"], subj_complaint=["品質問題 - 訂單 {po}"],
        inquiry=["本公司為{city}的管材閥門經銷商，想詢問{item}的價格，數量{qty}個，請報FOB寧波及CIF {port}價格，並告知交期"
                 "與最小訂購量。"],
        ask_cert=["請提供貴公司的{cert}證書影本，我們的客戶需要。"],
        sample_request=["下單前想先確認品質，能否寄{n}個{item}樣品給我們？"],
        sample_ok=["樣品已收到，試壓及尺寸都沒有問題，品質很好。"],
        too_expensive=["謝謝報價，但價格太貴了，{competitor}的報價便宜約{pct}%，請給我們最好的價格。"],
        payment_terms=["付款方式我們希望{terms}，請確認。"],
        urgent=["這批貨很急，能否在{days}天內交貨？"],
        po=["附件為我們的訂單{po}，{item} {qty}個，請提供形式發票（PI）。"],
        deposit_paid=["今天已電匯30%訂金，水單如附件，請安排生產。"],
        ask_shipment=["請問訂單{po}的出貨進度？預計開船日（ETD）及櫃號是多少？"],
        goods_ok=["貨物已收到，狀況良好，謝謝。"],
        complaint_quality=["訂單{po}有品質問題：試壓時有{n}個閥門漏水，請儘快調查並提出改善對策。"],
        accept=["好的，我們接受這個價格，近期會下單。"],
        thanks=["收到，謝謝。"],
        reorder=["附件為新訂單{po}，{item} {qty}個，條件同上次，請確認交期。"],
    ),
}

# What we (always in English) write to customers.
OUR_PHRASES: dict[str, list[str]] = {
    "quotation": [
        "Thank you for your inquiry. Please find attached our quotation {quote}:\n\n"
        "  Item: {product}\n  Quantity: {qty} pcs\n  Unit price: {cur} {price} FOB Ningbo\n  Total: {cur} {amount}\n"
        "  Lead time: 30-35 days after deposit\n  Payment: 30% T/T in advance, 70% against B/L copy\n  Validity: 30 days\n\n"
        "All our valves are 100% pressure tested before packing. Please let me know if you have any questions.",
        "Thanks for your interest in our products. Attached is our offer {quote} for {qty} pcs {product}, "
        "unit price {cur} {price} FOB Ningbo (total {cur} {amount}).\nDelivery time is about 30 days. "
        "We look forward to your feedback.",
    ],
    "cert_send": ["Please find attached our {cert} certificates. We are ISO 9001 certified since 2012 and our products are "
                  "regularly tested by SGS and TUV. Test reports for each batch are available on request."],
    "eco_answer": ["Yes, we can offer lead-free brass (CW602N, DZR) for this model. The material is RoHS and REACH compliant; "
                   "the price is about 12% higher than the standard CW617N brass. I attach the material certificate."],
    "sample_sent": ["The {n} samples were sent today by DHL, tracking number {tracking}. They should arrive in 3-5 working "
                    "days. Please let us know your test results."],
    "counter_offer": ["I discussed with our boss. Considering the potential of your market we can reduce the price to "
                      "{cur} {price2} per piece for {qty} pcs. This is really our best price - the copper price has gone up "
                      "a lot this year.",
                      "We checked our costs again. Our best price is {cur} {price2}/pc if you can confirm {qty} pcs. "
                      "We cannot compete with low-grade material, but our valves come with a 24-month warranty."],
    "payment_answer": ["For the first order we usually work with 30% T/T deposit and 70% against the B/L copy. L/C at sight "
                       "is also acceptable for orders above USD 50,000."],
    "moq_answer": ["For a trial order we can accept {qty_small} pcs, with a small surcharge of 5% for the setup."],
    "oem_answer": ["Yes, OEM is no problem. We can laser-mark your logo on the handle and print your color box; MOQ for "
                   "customized packaging is 1,000 pcs. Please send us your logo in AI or PDF format."],
    "urgent_answer": ["We have checked with the workshop: we can ship within {days} days if you confirm the order this week."],
    "pi": ["Thank you for your order {po}. Please find attached our proforma invoice {pi}, total {cur} {amount}.\n"
           "Payment: {terms_pi}.\nDelivery: about 35 days after receipt of the deposit."],
    "production_update": ["Production of order {po} is going well: the castings are finished and machining is 70% done. "
                          "We expect to finish by the end of next week and will book the container now."],
    "shipment_notice": ["Good news: order {po} has been shipped.\n\n  Vessel: {vessel}\n  ETD Ningbo: {etd}\n  ETA {port}: {eta}\n"
                        "  Container: {container}\n  B/L No.: {bl}\n\nPlease find attached the B/L copy and the commercial "
                        "invoice. Please arrange the balance payment so we can release the original documents."],
    "goods_ok_reply": ["Great to hear that the goods arrived well. Please let me know if your customers have any feedback."],
    "complaint_reply": ["We are very sorry for this problem. I have forwarded your photos to our QC manager and we are "
                        "investigating the root cause. We will send you our 8D report within 3 working days, and of course "
                        "we will replace the defective valves in the next shipment or issue a credit note."],
    "delay_reply": ["We sincerely apologize for the delay. The foundry had a power restriction and the castings came late. "
                    "The goods will be loaded on {etd}, and we will give you a 3% discount on this order as compensation."],
    "refund_reply": ["After checking the returned pieces we confirm the defect was caused by a bad batch of seat rings. We agree "
                     "to a credit note of {amount}, to be deducted from your next order. Our manager Grace is in copy."],
    "followup": ["I hope you are well. I just want to follow up on our quotation {quote}. Is there any update from your side? "
                 "If the price is the concern, please tell me your target price and I will try my best.",
                 "Just checking in on our offer {quote}. Our price is valid until the end of this month because copper prices "
                 "are going up. Looking forward to your reply."],
    "reactivation": ["It has been a while since your last order, and I wanted to check if your needs have changed. We have just "
                     "released our new catalogue (attached) with a new line of lead-free ball valves and gate valves.\n"
                     "As a valued customer you get an exclusive 5% discount on your next order placed before the end of the month."],
    "value_content": ["I thought this could be useful for you: our engineering team has published a short whitepaper on valve "
                      "selection for water distribution projects, with three application cases from Europe and the Middle "
                      "East. Please find it attached."],
    "thanks_out": ["Thank you, well noted. I will keep you updated.", "Well received, thank you!"],
}


# --------------------------------------------------------------------------------------
# People, companies, threads
# --------------------------------------------------------------------------------------


@dataclass
class _Party:
    name: str
    email: str
    lang: str = "en"
    charset: str = "utf-8"
    mailer: str = "outlook"  # outlook | gmail | foxmail | thunderbird | thebat | apple | webmail | qq | netease
    zone: str = "CN"
    title: str = ""
    company: str = ""
    address: str = ""
    phone: str = ""
    first: str = ""  # how they are greeted / sign
    dear: str = ""  # how we greet them ("Jürgen", "Mr. Yamamoto")
    footer: str = ""  # legal footer (German companies ...)

    def __post_init__(self) -> None:
        if not self.first:
            self.first = self.name.split()[0] if self.name else self.email.split("@")[0]
        if not self.dear:
            self.dear = self.first

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[1]


@dataclass
class _Company:
    key: str
    name: str
    country: str
    cc: str  # ISO country code
    zone: str
    lang: str
    city: str
    port: str
    currency: str
    domains: list[str]
    contacts: list[_Party] = field(default_factory=list)
    story: str = ""
    stage: str = ""
    freemail: bool = False

    @property
    def domain(self) -> str:
        return self.domains[0]


class _Thread:
    __slots__ = ("subject", "msgs", "params", "company", "lang", "contact")

    def __init__(self, subject: str, company: _Company | None, params: dict, lang: str = "en",
                 contact: "_Party | None" = None):
        self.contact = contact
        self.subject = subject
        self.msgs: list[_Msg] = []
        self.params = params
        self.company = company
        self.lang = lang

    @property
    def last(self) -> "_Msg | None":
        return self.msgs[-1] if self.msgs else None


class _Msg:
    __slots__ = ("mid", "refs", "subject", "text", "frm", "to", "date", "inbound", "folders", "flags", "raw",
                 "intent", "internaldate", "parent", "order", "seq", "unread", "answered", "flagged", "mailer")

    def __init__(self):
        self.order = None
        self.answered = False
        self.flagged = False
        self.unread = None


_CURRENCY_FMT = {"USD": "USD", "EUR": "EUR", "GBP": "GBP", "AUD": "AUD"}


def _money(v: float) -> str:
    return "{:,.2f}".format(v)


_SIG_OWN = {
    "lisa": ("Lisa Chen", "Sales Manager", "+86 139 5742 0817"),
    "tom": ("Tom Wang", "Sales Executive", "+86 136 5689 2213"),
    "grace": ("Grace Zhou", "Export Sales Director", "+86 138 0574 6620"),
}
_OWN_ADDRESS = "No. 88 Xingye Road, Beilun District, Ningbo 315800, Zhejiang, China"
_OWN_PHONE = "+86-574-8618 2356"


def _own_party(email: str) -> _Party:
    local = email.split("@")[0].lower()
    name, title, mobile = _SIG_OWN.get(local, (local.replace(".", " ").title(), "Sales", "+86 135 0000 0000"))
    return _Party(name=name, email=email, lang="en", charset="utf-8", mailer="foxmail", zone="CN", title=title,
                  company=OWN_COMPANY, address=_OWN_ADDRESS, phone=mobile)


# --------------------------------------------------------------------------------------
# Attachments (cached where the real world would send the same file again)
# --------------------------------------------------------------------------------------

_BLOBS: dict[tuple, bytes] = {}


def _blob(key: tuple, make) -> bytes:
    b = _BLOBS.get(key)
    if b is None:
        b = _b64_lines(make())
        _BLOBS[key] = b
    return b


def _logo_b64() -> bytes:
    def px(x, y):
        if 6 <= y <= 33 and 6 <= x <= 33:
            return (0, 82, 155) if (x - 20) ** 2 + (y - 20) ** 2 > 36 else (255, 255, 255)
        return (255, 255, 255) if (x // 3 + y // 5) % 7 else (0, 82, 155)
    return _blob(("logo",), lambda: make_png(150, 40, px))


def _photo_b64(variant: int, large: bool) -> bytes:
    def make():
        r = random.Random("photo:%d:%d" % (variant, large))
        size = r.randrange(140_000, 620_000) if large else r.randrange(18_000, 60_000)
        return make_jpeg(40, 30, r, pad_to=size)
    return _blob(("photo", variant, large), make)


@lru_cache(maxsize=4)
def _scan_image(variant: int) -> tuple[int, int, bytes]:
    r = random.Random("scan:%d" % variant)
    w, h = (320, 240) if variant % 2 else (280, 200)
    return w, h, r.randbytes(w * h * 3)


def _catalogue_b64() -> bytes:
    def make():
        r = random.Random("catalogue")
        w, h = 420, 560
        lines = ["Ningbo Hengtai Valve Co., Ltd. - Product Catalogue", ""]
        for code, name, _cat, _spec, price, moq in PRODUCTS:
            lines.append("%-10s %-55s MOQ %6d" % (code, name, moq))
        return make_pdf("HENGTAI VALVE CATALOGUE", lines, datetime(2026, 1, 8, 10, 0), image=(w, h, r.randbytes(w * h * 3)),
                        producer="Adobe InDesign 18.2 (Windows)")
    return _blob(("catalogue",), make)


def _whitepaper_b64() -> bytes:
    def make():
        r = random.Random("whitepaper")
        lines = ["Valve selection for water distribution networks", "", "1. Pressure classes and materials",
                 "2. Case study: Hamburg district heating retrofit", "3. Case study: Dubai high-rise booster stations",
                 "4. Case study: Sao Paulo irrigation cooperative"]
        return make_pdf("WHITEPAPER: VALVE SELECTION", lines, datetime(2025, 9, 2, 9, 0),
                        image=(300, 180, r.randbytes(300 * 180 * 3)), producer="Microsoft Word 2019")
    return _blob(("whitepaper",), make)


def _cert_b64(cert: str) -> bytes:
    def make():
        lines = ["Certificate holder: " + OWN_COMPANY, "Address: " + _OWN_ADDRESS, "",
                 "Scope: design and manufacture of industrial and building valves, pipe fittings",
                 "Standard: " + cert, "Certificate No.: %s-%05d" % (cert.replace(" ", "").upper()[:6], sum(map(ord, cert)) * 37),
                 "Valid until: 2027-06-30"]
        return make_pdf("CERTIFICATE " + cert, lines, datetime(2024, 7, 1, 9, 0), producer="Acrobat Distiller 11")
    return _blob(("cert", cert), make)


# --------------------------------------------------------------------------------------
# The writer: turns a step of a story into an RFC 5322 message
# --------------------------------------------------------------------------------------

_OUTLOOK_STYLE = (
    '<style><!--\r\n/* Font Definitions */\r\n@font-face\r\n\t{font-family:"Cambria Math";\r\n\tpanose-1:2 4 5 3 5 4 6 3 2 4;}\r\n'
    '@font-face\r\n\t{font-family:Calibri;\r\n\tpanose-1:2 15 5 2 2 2 4 3 2 4;}\r\n/* Style Definitions */\r\n'
    'p.MsoNormal, li.MsoNormal, div.MsoNormal\r\n\t{margin:0cm;\r\n\tfont-size:11.0pt;\r\n\tfont-family:"Calibri",sans-serif;\r\n'
    '\tmso-fareast-language:EN-US;}\r\na:link, span.MsoHyperlink\r\n\t{mso-style-priority:99;\r\n\tcolor:#0563C1;\r\n'
    '\ttext-decoration:underline;}\r\nspan.E-MailFormatvorlage17\r\n\t{mso-style-type:personal-compose;\r\n'
    '\tfont-family:"Calibri",sans-serif;\r\n\tcolor:windowtext;}\r\n.MsoChpDefault\r\n\t{mso-style-type:export-only;\r\n'
    '\tfont-family:"Calibri",sans-serif;\r\n\tmso-fareast-language:EN-US;}\r\n@page WordSection1\r\n'
    '\t{size:612.0pt 792.0pt;\r\n\tmargin:70.85pt 70.85pt 2.0cm 70.85pt;}\r\ndiv.WordSection1\r\n\t{page:WordSection1;}\r\n'
    '--></style><!--[if gte mso 9]><xml>\r\n<o:shapedefaults v:ext="edit" spidmax="1026" />\r\n</xml><![endif]-->'
)

_RTL = {"ar"}
_LATIN_Q = {"de", "es", "pt", "fr", "it", "tr", "en"}
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|r|rv|ynt|sv|antw|wg|fw|fwd|tr|enc|i|ilt|İlt|回复|回覆|转发|轉寄|رد|إعادة توجيه)\s?[:：]\s*)+",
                           re.IGNORECASE)


def _strip_prefixes(subject: str) -> str:
    return _REPLY_PREFIX.sub("", subject)


_EN_WDAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MON = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _long_date(d: datetime) -> str:
    h = d.hour % 12 or 12
    return "%s, %s %d, %d %d:%02d %s" % (_EN_WDAY[d.weekday()], _EN_MON[d.month - 1], d.day, d.year, h, d.minute,
                                          "AM" if d.hour < 12 else "PM")


def _short_date(d: datetime) -> str:
    h = d.hour % 12 or 12
    return "%s, %s %d, %d at %d:%02d %s" % (_EN_WDAY[d.weekday()][:3], _EN_MON[d.month - 1][:3], d.day, d.year, h,
                                            d.minute, "AM" if d.hour < 12 else "PM")


def _ip(rng: random.Random) -> str:
    return "%d.%d.%d.%d" % (rng.choice((5, 31, 37, 46, 62, 77, 81, 85, 91, 94, 176, 185, 193, 195, 212, 213)),
                            rng.randrange(1, 255), rng.randrange(1, 255), rng.randrange(1, 255))


_B64CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_HEXU = "0123456789ABCDEF"


@lru_cache(maxsize=32)
def _alphabet_table(alphabet: str) -> bytes:
    return bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))


def _rstr(rng: random.Random, n: int, alphabet: str = _B64CHARS) -> str:
    """``n`` random characters from ``alphabet`` (fast: one randbytes call and a translate)."""
    return rng.randbytes(n).translate(_alphabet_table(alphabet)).decode("ascii")


_QID = str.maketrans("+/abcdefghijklmnopqrstuvwxyz", "XZ0123456789ABCDEFGHIJKLMNOP")


def _ip_of(chars: str) -> str:
    a = (5, 31, 37, 46, 62, 77, 81, 85, 91, 94, 176, 185, 193, 195, 212, 213)
    return "%d.%d.%d.%d" % (a[ord(chars[0]) % 16], ord(chars[1]) % 250 + 1, ord(chars[2]) * 2 % 250 + 1,
                            ord(chars[3]) * 3 % 250 + 1)


@lru_cache(maxsize=4096)
def _relay(email: str, dom: str, mailer: str) -> tuple[str, str, str]:
    """The sending relay, its IP and DKIM selector of an address: fixed per address, like in real life."""
    h = zlib.crc32(email.encode("utf-8"))
    if mailer == "gmail" or dom == "gmail.com":
        relay = "mail-%s%d-f%d.google.com" % (("ej1", "wm1", "lf1", "ed1", "pl1")[h % 5], h % 9 + 1, h % 150 + 41)
    elif mailer == "outlook":
        relay = "mail-%son2%03d.outbound.protection.outlook.com" % (
            ("am6eur05", "db8eur05", "vi1eur04", "fra01", "bn8nam12", "sg2apc01")[h % 6], h % 1000)
    elif mailer == "qq":
        relay = "out%d.mail.qq.com" % (h % 200 + 100)
    elif mailer == "netease":
        relay = "m%d-%d.163.com" % (h % 89 + 10, (h >> 8) % 89 + 10)
    elif dom.endswith(OWN_DOMAIN):
        relay = "localhost"
    else:
        relay = "mail.%s" % dom
    ip = "%d.%d.%d.%d" % ((5, 31, 37, 46, 62, 77, 81, 85, 91, 94, 176, 185, 193, 195, 212, 213)[h % 16],
                          (h >> 4) % 250 + 1, (h >> 12) % 250 + 1, (h >> 20) % 250 + 1)
    if relay == "localhost":
        ip = "127.0.0.1"
    selector = ("selector1", "s1", "default", "mail", "20230601")[(h >> 3) % 5]
    return relay, ip, selector


_MAILER_HEADER = {
    "foxmail": "X-Mailer: Foxmail 7.2.25.375[cn]",
    "outlook": "X-Mailer: Microsoft Outlook 16.0",
    "thunderbird": "User-Agent: Mozilla Thunderbird",
    "thebat": "X-Mailer: The Bat! (v9.4.5) Professional",
    "apple": "X-Mailer: Apple Mail (2.3774.300.61.1.2)",
    "qq": "X-QQ-Mailer: QQMail 2.x",
    "netease": "X-Mailer: Coremail Webmail Server Version 2023.1-cmXT5 build 20230904(b3d4e3b4)",
}
_CONTENT_LANGUAGE = {"de": "de-DE", "fr": "fr-FR", "it": "it-IT", "es": "es-ES", "pt": "pt-BR", "ar": "ar-AE",
                     "tr": "tr-TR", "ja": "ja-JP", "ru": "ru-RU"}


class _Writer:
    """Renders the messages of one block (a customer's history, or the curated story)."""

    def __init__(self, world: "_World", block: int, rng: random.Random):
        self.w = world
        self.block = block
        self.rng = rng
        self.msgs: list[_Msg] = []
        self.orders: list[tuple[_Msg, SampleOrder]] = []
        self.seq = 0

    # ---- identities -----------------------------------------------------------------
    def _uid(self) -> int:
        self.seq += 1
        return (self.block << 12) | self.seq

    def _message_id(self, p: _Party, uid: int, d: datetime) -> str:
        r = self.rng
        m = p.mailer
        if m == "foxmail":
            return "<%04d%02d%02d%02d%02d%02d%s%06X@%s>" % (d.year, d.month, d.day, d.hour, d.minute, d.second,
                                                          _rstr(r, 6, "0123456789"), uid, p.domain)
        if m == "outlook":
            host = "%s%dPR%02dMB%04d" % (r.choice(("AM", "DB", "VI", "PA", "DU", "FR", "BY", "CH", "SJ")), r.randrange(10),
                                         r.randrange(1, 20), r.randrange(1000, 9999))
            region = r.choice(("eurprd04", "eurprd05", "eurprd08", "namprd11", "namprd02", "apcprd06"))
            return "<%s%s%08X@%s.%s.prod.outlook.com>" % (host, _rstr(r, 16, _HEXU), uid, host, region)
        if m == "gmail":
            return "<CA%s%s_%X@mail.gmail.com>" % (r.choice("BDEFGHJKMNOPL"), _rstr(r, 36), uid)
        if m == "thunderbird":
            h = _rstr(r, 20, "0123456789abcdef")
            return "<%s-%s-%s-%s-%s%04x@%s>" % (h[:8], h[4:8], h[8:12], h[12:16], h[16:20], uid & 0xFFFF, p.domain) \
                if uid < 0x10000 else "<%s-%s-%s-%x@%s>" % (h[:8], h[8:12], h[12:16], uid, p.domain)
        if m == "thebat":
            return "<%d.%d@%s>" % (r.randrange(10**8, 10**9), uid, p.domain)
        if m == "apple":
            return "<%s-%s-%s-%s-%012X@%s>" % (_rstr(r, 8, _HEXU), _rstr(r, 4, _HEXU), _rstr(r, 4, _HEXU),
                                               _rstr(r, 4, _HEXU), uid, p.domain)
        if m == "qq":
            return "<tencent_%s%X@qq.com>" % (_rstr(r, 24, _HEXU), uid)
        if m == "netease":
            return "<%s.%x.%s.Coremail.%s>" % (_rstr(r, 8, "0123456789abcdef"), uid, _rstr(r, 11, "0123456789abcdef"),
                                               p.email)
        return "<%s.%d.%d.JavaMail.%s@%s>" % (_rstr(r, 12, "0123456789abcdef"), uid, r.randrange(10**9), "mailer",
                                              p.domain)

    def _boundary(self, mailer: str, uid: int, n: int) -> str:
        r = self.rng
        if mailer == "outlook":
            return "_%03d_%s%X_" % (n, _rstr(r, 24, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), uid)
        if mailer == "gmail":
            return "0000000000%s%X%d" % (_rstr(r, 12, "0123456789abcdef"), uid, n)
        if mailer == "foxmail":
            return "----=_NextPart_%s_%04X_%08X" % (_rstr(r, 8, _HEXU), n, uid)
        if mailer == "thunderbird":
            return "------------%s%X%d" % (_rstr(r, 16, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), uid, n)
        if mailer == "apple":
            return "Apple-Mail=_%s-%s-%X%d" % (_rstr(r, 8, _HEXU), _rstr(r, 12, _HEXU), uid, n)
        return "----=_Part_%d_%d.%X" % (n, r.randrange(10**8, 10**9), uid)

    # ---- time -------------------------------------------------------------------------
    def when(self, day: float, zone: str, parent: "_Msg | None" = None, hour: float | None = None) -> datetime:
        r = self.rng
        d = self.w.today - timedelta(days=int(day))
        wd = d.weekday()
        if wd >= 5 and r.random() < 0.93 and day >= 3:  # business mail: mostly Monday to Friday
            d -= timedelta(days=wd - 4)
        if hour is None:
            secs = int(r.triangular(7.8, 18.7, 10.5) * 3600) + r.randrange(60)
        else:
            secs = int(hour * 3600) + r.randrange(60)
        dt = _local_dt(zone, d, secs)
        if parent is not None and dt <= parent.date + timedelta(minutes=8):
            later = parent.date + timedelta(minutes=r.randrange(14, 190), seconds=r.randrange(60))
            dt = later.astimezone(_tz(_offset_minutes(zone, later.date())))
        return dt

    # ---- bodies -----------------------------------------------------------------------
    def compose(self, frm: _Party, to: _Party, intents, params: dict, *, lang: str | None = None,
                extra: str | None = None, pick: int | None = None) -> str:
        """Greeting, the intents' paragraphs (or ``extra`` text), closing and signature."""
        r = self.rng
        inbound = frm is not self.w.owner
        paras: list[str] = []
        if isinstance(intents, str):
            intents = [intents]
        if inbound:
            lang = lang or frm.lang
            book = PHRASES.get(lang, PHRASES["en"])
            fmt = params  # a private copy made by send()
            fmt["item"] = params.get("item_" + lang) or self._item(lang, params)
            for it in intents:
                variants = book.get(it) or PHRASES["en"][it]
                t = variants[pick % len(variants)] if pick is not None else r.choice(variants)
                paras.append(t.format_map(fmt))
            if extra:
                paras.append(extra)
            hello = r.choice(book["hello"]).format(first=to.first)
            bye = r.choice(book["bye"])
            sig = [frm.name]
            if frm.title:
                sig.append(frm.title)
            if frm.company:
                sig.append(frm.company)
            if frm.address:
                sig.append(frm.address)
            if frm.phone:
                sig.append("Tel. " + frm.phone)
            body = hello + "\n\n" + "\n\n".join(paras) + "\n\n" + bye + "\n" + "\n".join(sig)
            if frm.footer:
                body += "\n\n" + frm.footer
            return body
        fmt = params
        fmt.setdefault("item", self._item("en", params))
        for it in intents:
            variants = OUR_PHRASES[it]
            t = variants[pick % len(variants)] if pick is not None else r.choice(variants)
            paras.append(t.format_map(fmt))
        if extra:
            paras.append(extra)
        hello = "Dear %s," % to.dear if to.dear else "Hello,"
        sig = "Best regards,\n%s\n%s\n%s\n%s\nTel: %s   Mobile/WhatsApp/WeChat: %s\nhttps://www.%s" % (
            frm.name, frm.title, OWN_COMPANY, _OWN_ADDRESS, _OWN_PHONE, frm.phone, OWN_DOMAIN)
        return hello + "\n\n" + "\n\n".join(paras) + "\n\n" + sig

    @staticmethod
    def _item(lang: str, params: dict) -> str:
        code = params.get("product_code")
        if not code:
            return params.get("item", "valves")
        _c, _name, cat, spec, _p, _m = _PRODUCT[code]
        return "%s %s" % (_CATS.get(lang, _CATS["en"])[cat], spec)

    def _quote_block(self, frm: _Party, parent: "_Msg") -> tuple[str, str]:
        """(separator header lines, quoted text) in the replier's client style."""
        p = parent
        prev = p.text
        if len(prev) > 2600:
            cut = prev.rfind("\n", 0, 2600)
            prev = prev[: cut if cut > 0 else 2600] + "\n[...]"
        to_name = "%s <%s>" % (p.to.name, p.to.email)
        m = frm.mailer
        if m in ("gmail", "apple", "thunderbird", "thebat", "qq", "netease", "webmail"):
            if m == "thunderbird":
                head = "On %s, %s wrote:" % (p.date.strftime("%d/%m/%Y %H:%M"), p.frm.name)
            elif m == "thebat":
                head = "Hello %s,\n\n%s you wrote:" % (p.frm.first, p.date.strftime("%d.%m.%Y %H:%M"))
            else:
                head = "On %s %s <%s> wrote:" % (_short_date(p.date), p.frm.name, p.frm.email)
            quoted = "\n".join(("> " + ln) if ln else ">" for ln in prev.split("\n"))
            return head, quoted
        if m == "foxmail":
            head = "------------------ Original ------------------\nFrom: %s <%s>\nDate: %s\nTo: %s\nSubject: %s" % (
                p.frm.name, p.frm.email, p.date.strftime("%a, %b %d, %Y %H:%M"), to_name or "", p.subject)
            return head, prev
        if frm.lang == "de":
            head = "Von: %s <%s>\nGesendet: %s\nAn: %s\nBetreff: %s" % (
                p.frm.name, p.frm.email, p.date.strftime("%d.%m.%Y %H:%M"), to_name, p.subject)
        else:
            head = "From: %s <%s>\nSent: %s\nTo: %s\nSubject: %s" % (
                p.frm.name, p.frm.email, _long_date(p.date), to_name, p.subject)
        return "-----Original Message-----\n" + head if self.rng.random() < 0.3 else head, prev

    def _html(self, frm: _Party, text: str, quote: tuple[str, str] | None, with_logo: str | None,
              cs: str = "utf-8") -> str:
        esc = _html.escape
        m = frm.mailer
        rtl = frm.lang in _RTL
        paras = esc(text).split("\n\n")  # escaped once, then split

        if m == "outlook":
            body = "".join('<p class="MsoNormal">%s<o:p></o:p></p>\r\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\r\n'
                           % p.replace("\n", "<br>\r\n") for p in paras)
            if quote:
                head, q = quote
                body += ('<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\r\n'
                         '<p class="MsoNormal">%s<o:p></o:p></p>\r\n</div>\r\n<p class="MsoNormal">%s<o:p></o:p></p>\r\n'
                         % (esc(head).replace("\n", "<br>\r\n"), esc(q).replace("\n", "<br>\r\n")))
            return ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                    'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
                    'xmlns="http://www.w3.org/TR/REC-html40">\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; '
                    'charset=%s">\r\n<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\r\n%s\r\n</head>\r\n'
                    '<body lang="%s" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"%s>\r\n'
                    '<div class="WordSection1">\r\n%s</div>\r\n</body>\r\n</html>\r\n'
                    % (cs, _OUTLOOK_STYLE, frm.lang.upper(), ' dir="rtl"' if rtl else "", body))
        if m == "foxmail":
            body = "".join("<div>%s</div><div><br></div>\r\n" % p.replace("\n", "<br>\r\n") for p in paras)
            if with_logo:
                body += '<div><img src="cid:%s" alt="Hengtai Valve" width="150" height="40"></div>' % with_logo
            if quote:
                head, q = quote
                body += ('<div><br></div><div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">'
                         '%s</div><div>%s</div>' % (esc(head).replace("\n", "<br>"), esc(q).replace("\n", "<br>\r\n")))
            return ('<meta http-equiv="Content-Type" content="text/html; charset=%s"><html><head></head>'
                    '<body><div style="font-family: Arial; font-size: 14px;">%s</div></body></html>\r\n' % (cs, body))
        body = "".join("<div>%s</div><div><br></div>\r\n" % p.replace("\n", "<br>\r\n") for p in paras)
        dir_attr = "rtl" if rtl else "ltr"
        out = '<div dir="%s">%s</div>' % (dir_attr, body)
        if quote:
            head, q = quote
            q = "\n".join(ln[2:] if ln.startswith("> ") else ln.lstrip(">") for ln in q.split("\n"))
            out += ('<br><div class="gmail_quote"><div dir="%s" class="gmail_attr">%s<br></div>'
                    '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
                    'rgb(204,204,204);padding-left:1ex">%s</blockquote></div>'
                    % (dir_attr, esc(head).replace("\n", "<br>"), esc(q).replace("\n", "<br>\r\n")))
        return out + "\r\n"

    # ---- the message ---------------------------------------------------------------------
    def send(self, thread: _Thread | None, frm: _Party, to: list[_Party], *, day: float, intents=(), params=None,
             text: str | None = None, extra: str | None = None, subject: str | None = None, cc: list[_Party] = (),
             attach: list[tuple[str, str, bytes]] = (), html: str = "auto", quote: bool = True,
             folder: str | None = None, also: str | None = None, no_mid: bool = False, headers: list[str] = (),
             hour: float | None = None, parent: "_Msg | None" = None, lang: str | None = None,
             pick: int | None = None, logo: bool = False, charset: str | None = None, cte: str | None = None,
             unread: bool | None = None, flagged: bool = False, root=None, date: datetime | None = None,
             intent_tag: str = "") -> _Msg:
        r = self.rng
        w = self.w
        if thread is not None and parent is None:
            parent = thread.last
        params = dict(thread.params if thread is not None else {}, **(params or {}))
        inbound = frm.domain != OWN_DOMAIN or frm.email != w.owner.email
        msg = _Msg()
        msg.inbound = inbound
        msg.frm = frm
        msg.to = to[0]
        msg.parent = parent
        msg.intent = intent_tag or (intents if isinstance(intents, str) else ",".join(intents))
        msg.date = date or self.when(day, frm.zone, parent, hour)
        uid = self._uid()
        msg.seq = uid
        msg.mailer = frm.mailer
        lang = lang or frm.lang
        # subject
        if subject is None:
            base = thread.subject if thread is not None else ""
            if parent is not None:
                prefix = PHRASES.get(lang, PHRASES["en"])["re"] if inbound else ("RE: " if frm.mailer == "outlook" else "Re: ")
                subject = prefix + _strip_prefixes(parent.subject)
            else:
                subject = base
        msg.subject = subject
        # body
        if text is None:
            text = self.compose(frm, to[0], intents, params, lang=lang, extra=extra, pick=pick)
        qb = self._quote_block(frm, parent) if (quote and parent is not None) else None
        full = text + ("\n\n" + qb[0] + "\n\n" + qb[1] if qb else "")
        msg.text = full
        msg.mid = None if no_mid else self._message_id(frm, uid, msg.date)
        refs: list[str] = []
        if parent is not None:
            refs = list(parent.refs)
            if parent.mid:
                refs.append(parent.mid)
            refs = refs[-12:]
        msg.refs = refs
        cs = charset or frm.charset
        m = frm.mailer
        # MIME tree
        if root is None:
            if cte is None:
                if cs in ("iso-2022-jp",):
                    cte = "7bit"
                elif cs in ("koi8-r",) or m in ("thunderbird", "thebat"):
                    cte = "8bit"
                elif m in ("foxmail", "qq", "netease") or cs in ("big5", "gb2312"):
                    cte = "base64"
                elif m == "gmail" and lang in ("ar", "ja", "ru", "zh", "zh_tw"):
                    cte = "base64"
                else:
                    cte = "quoted-printable"
            if html == "auto":
                html = "alt" if m in ("outlook", "gmail", "foxmail", "apple") else "none"
            plain = _text_leaf(full.replace("\n", CRLF), "plain", cs, cte)
            n = 0
            logo_cid = None
            if html == "none":
                body_part = plain
            else:
                if logo:
                    logo_cid = "logo_%08X@%s" % (uid, OWN_DOMAIN)
                hcte = "quoted-printable" if cte in ("8bit", "7bit") and cs != "iso-2022-jp" else cte
                hpart = _text_leaf(self._html(frm, text, qb, logo_cid, cs), "html", cs, hcte)
                if logo_cid:
                    n += 1
                    hpart = _Multi("related", self._boundary(m, uid, n),
                                   [hpart, _attachment_leaf("hengtai_logo.png", "image/png", _logo_b64(), inline_cid=logo_cid)],
                                   params='; type="text/html"')
                if html == "only":
                    body_part = hpart
                else:
                    n += 1
                    body_part = _Multi("alternative", self._boundary(m, uid, n), [plain, hpart])
            if attach:
                n += 1
                parts = [body_part] + [_attachment_leaf(fn, ct, b64) for fn, ct, b64 in attach]
                root = _Multi("mixed", self._boundary(m, uid, n), parts)
            else:
                root = body_part
        # headers
        h: list[str] = []
        if inbound:
            idate = msg.date + timedelta(seconds=r.randrange(3, 95))
            msg.internaldate = idate.astimezone(CN_TZ)
            h.extend(self._received(frm, msg.internaldate, msg.date, to[0].email))
        else:
            msg.internaldate = msg.date.astimezone(CN_TZ)
        ename = frm.charset if frm.charset != "us-ascii" else "utf-8"
        q = m in ("outlook", "gmail", "thunderbird") and lang in _LATIN_Q and ename == "utf-8"
        h.append(_fold("From", _fmt_addr(frm.name, frm.email, ename, q)))
        h.append(_fold("To", ", ".join(_fmt_addr(p.name, p.email, ename, q) for p in to)))
        if cc:
            h.append(_fold("Cc", ", ".join(_fmt_addr(p.name, p.email, ename, q) for p in cc)))
        h.append("Subject: " + _encode_words(subject, ename if not subject.isascii() else "utf-8", q))
        h.append("Date: " + format_datetime(msg.date))
        if msg.mid:
            h.append("Message-ID: " + msg.mid)
        if parent is not None and parent.mid:
            h.append("In-Reply-To: " + parent.mid)
        if refs:
            h.append("References: " + (CRLF + " ").join(refs))
        if m == "outlook":
            h.append("Thread-Topic: " + _encode_words(_strip_prefixes(subject), ename))
            h.append("Thread-Index: " + base64.b64encode(r.randbytes(22 + 5 * min(len(refs), 6))).decode("ascii"))
            h.append("Content-Language: " + _CONTENT_LANGUAGE.get(lang, "en-US"))
            h.append("X-MS-Has-Attach: " + ("yes" if attach else ""))
        h.extend(headers)
        h.append("MIME-Version: 1.0")
        mailer_hdr = _MAILER_HEADER.get(m)
        if mailer_hdr:
            h.append(mailer_hdr)
        out = [(CRLF.join(h) + CRLF).encode("ascii")]
        _render(root, out)
        msg.raw = b"".join(out)
        msg.folders = [folder or ("INBOX" if inbound else "Sent")]
        if also:
            msg.folders.append(also)
        if unread is not None:
            msg.unread = unread
        msg.flagged = flagged
        if parent is not None and not inbound and parent.inbound:
            parent.answered = True
        if thread is not None:
            thread.msgs.append(msg)
        self.msgs.append(msg)
        return msg

    def _received(self, frm: _Party, arrived: datetime, sent: datetime, rcpt: str) -> list[str]:
        dom = frm.domain
        m = frm.mailer
        relay, ip, selector = _relay(frm.email, dom, m)
        rnd = _rstr(self.rng, 422)
        lines = [
            "Return-Path: <%s>" % frm.email,
            "Delivered-To: %s" % rcpt,
            "Received: from %s (%s [%s])%s\tby mx.%s (Postfix) with ESMTPS id %s%s\tfor <%s>; %s" % (
                relay, relay, ip, CRLF, OWN_DOMAIN, rnd[:12].translate(_QID), CRLF, rcpt,
                format_datetime(arrived)),
        ]
        if dom.endswith(OWN_DOMAIN):
            return lines
        if m != "webmail":
            lines.append("Received: from [192.168.%d.%d] (unknown [%s])%s\tby %s with ESMTPSA id %s; %s" % (
                ord(rnd[12]) % 10, ord(rnd[13]) % 200 + 20, _ip_of(rnd[14:18]), CRLF, relay, rnd[18:28].lower(),
                format_datetime(sent)))
            lines.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s; s=%s;%s\th=from:to:subject:date:"
                         "message-id:mime-version; bh=%s=;%s\tb=%s%s\t %s%s\t %s%s\t %s%s\t %s" % (
                             dom, selector, CRLF, rnd[28:71], CRLF, rnd[72:142], CRLF, rnd[142:212], CRLF, rnd[212:282],
                             CRLF, rnd[282:352], CRLF, rnd[352:422]))
        lines.append("Authentication-Results: mx.%s;%s\tdkim=pass header.d=%s;%s\tspf=pass smtp.mailfrom=%s" % (
            OWN_DOMAIN, CRLF, dom, CRLF, dom))
        return lines


# --------------------------------------------------------------------------------------
# Story primitives: deals, documents, order cycles, the mail around customers
# --------------------------------------------------------------------------------------

_VESSELS = ["MSC ANNA", "COSCO SHIPPING ARIES", "MAERSK EDMONTON", "CMA CGM TIGRIS", "EVER GOLDEN", "ONE HAMBURG",
            "HMM ALGECIRAS", "OOCL GERMANY", "YM WELLNESS", "BERLIN EXPRESS"]
_CNTR = ["MSCU", "CSNU", "MRKU", "CMAU", "EGHU", "ONEU", "HMMU", "OOLU", "YMLU", "HLBU"]
_BLP = ["MEDUNB", "COSU6", "MAEU2", "CMDUNGB", "EGLV1", "ONEYNGB", "HDMUNGB", "OOLU2", "YMLUW", "HLCUNGB"]
_TRANSIT = {"DE": 32, "GB": 30, "US": 28, "BR": 38, "ES": 30, "FR": 31, "IT": 28, "RU": 40, "AE": 20, "SA": 22,
            "TR": 26, "JP": 4, "IN": 18, "MX": 30, "VN": 7, "AU": 16, "TW": 3, "HK": 3, "EG": 24, "CO": 35,
            "SG": 7, "MY": 8, "PL": 34, "NL": 31}
_COMPETITORS = {
    "en": ["A supplier in Wenzhou", "An Indian manufacturer", "A Turkish factory", "Another Chinese supplier",
           "Your competitor in Taizhou"],
    "de": ["Ein Wettbewerber aus Italien", "Ein anderer Lieferant aus China", "Ein türkischer Hersteller"],
    "es": ["Otro proveedor chino", "Un fabricante de la India", "Un competidor turco"],
    "pt": ["Outro fornecedor chinês", "Um fabricante indiano", "Um concorrente local"],
    "fr": ["Un autre fournisseur chinois", "Un fabricant italien", "Un concurrent turc"],
    "it": ["Un fornitore indiano", "Un produttore turco", "Un altro fornitore cinese"],
    "ru": ["Другой китайский поставщик", "Турецкий производитель", "Местный конкурент"],
    "ar": ["مورد آخر من الصين", "مصنع هندي", "منافس تركي"],
    "tr": ["Başka bir Çinli tedarikçi", "Hintli bir üretici", "Yerel bir rakip"],
    "ja": ["他の中国メーカー", "台湾のメーカー", "国内の競合他社"],
    "zh": ["温州的一家工厂", "另一家供应商", "台州的同行"],
    "zh_tw": ["另一家大陸工廠", "台灣本地廠商"],
}
_TERMS = {
    "en": ["L/C at sight", "30% T/T deposit and 70% against B/L copy", "T/T 60 days after B/L", "D/P at sight"],
    "de": ["30% Anzahlung per T/T und 70% gegen B/L-Kopie", "T/T 60 Tage nach B/L", "Akkreditiv (L/C) bei Sicht"],
    "es": ["carta de crédito (L/C) a la vista", "30% T/T anticipado y 70% contra copia del B/L", "T/T a 60 días"],
    "pt": ["carta de crédito (L/C) a prazo de 90 dias", "30% T/T antecipado e 70% contra cópia do B/L"],
    "fr": ["30% T/T à la commande et 70% contre copie du B/L", "L/C à vue", "T/T à 60 jours date de B/L"],
    "it": ["L/C a vista", "30% T/T anticipato e 70% contro copia B/L", "T/T a 60 giorni"],
    "ru": ["30% T/T предоплата и 70% против копии коносамента", "аккредитив (L/C) по предъявлении"],
    "ar": ["خطاب اعتماد (L/C) عند الاطلاع", "30% T/T مقدماً و70% مقابل نسخة بوليصة الشحن"],
    "tr": ["görüldüğünde akreditif (L/C)", "%30 T/T peşin ve %70 konşimento kopyasına karşı"],
    "ja": ["L/C一覧払い", "T/T前払い30%、B/Lコピー受領後70%"],
    "zh": ["30%定金，70%见提单副本付款", "信用证（L/C）即期"],
    "zh_tw": ["30%訂金T/T，70%見提單副本付款", "即期信用狀（L/C）"],
}
_CERTS = ["CE and ISO 9001", "WRAS", "API 6D", "ISO 9001", "CE, RoHS and REACH", "EN 331 and CE", "ISO 9001 and PED 2014/68/EU"]


class _Story:
    """Higher-level steps of export-trade correspondence, on top of a :class:`_Writer`."""

    def __init__(self, writer: _Writer):
        self.wr = writer
        self.w = writer.w
        self.rng = writer.rng
        self.owner = writer.w.owner

    # ---- numbers and documents ------------------------------------------------------------
    def deal(self, c: _Company, code: str, qty: int, *, factor: float = 1.0, **extra) -> dict:
        r = self.rng
        _code, name, _cat, _spec, usd, moq = _PRODUCT[code]
        cur = c.currency
        price = round(usd * (0.92 if cur == "EUR" else 1.0) * factor, 2)
        amount = round(price * qty, 2)
        lang = c.lang
        d = dict(product_code=code, product=name, qty=qty, price="%.2f" % price, price_val=price, cur=cur,
                 amount=_money(amount), amount_val=amount, port=c.port, city=c.city, moq=moq,
                 qty_small=max(10, moq // 4 if moq >= 40 else moq // 2), n=r.choice((2, 3, 5)), days=r.choice((15, 20, 25)),
                 terms=r.choice(_TERMS.get(lang, _TERMS["en"])), cert=r.choice(_CERTS),
                 competitor=r.choice(_COMPETITORS.get(lang, _COMPETITORS["en"])), pct=r.choice((5, 8, 10, 12, 15)),
                 price2="%.2f" % round(price * 0.96, 2), weeks=r.choice((2, 3, 4)), biz="a plumbing wholesaler",
                 source=r.choice(("the Canton Fair", "Alibaba", "your website", "a business partner", "Google")),
                 tracking="%010d" % r.randrange(10**9, 10**10), terms_pi="30% T/T deposit, balance against B/L copy")
        d.update(extra)
        return d

    def _year(self, day: float) -> int:
        return (self.w.today - timedelta(days=int(day))).year

    def quote_no(self, day: float) -> str:
        self.w.quote_seq += 1
        return "HT-%d-%03d" % (self._year(day), self.w.quote_seq % 1000)

    def _doc_lines(self, c: _Company, contact: _Party, params: dict, kind: str) -> list[str]:
        qty = params["qty"]
        lines = [OWN_COMPANY, _OWN_ADDRESS, "Tel: %s   Web: www.%s" % (_OWN_PHONE, OWN_DOMAIN), "",
                 "To: %s" % _ascii(c.name), "Attn: %s" % _ascii(contact.name), "Country: %s" % c.country, "",
                 "%-4s %-12s %-52s %8s %12s %14s" % ("No.", "Item", "Description", "Qty", "Unit price", "Amount"),
                 "%-4s %-12s %-52s %8d %12s %14s" % ("1", params["product_code"], _ascii(params["product"])[:52], qty,
                                                     "%s %s" % (params["cur"], params["price"]),
                                                     "%s %s" % (params["cur"], params["amount"])),
                 "", "Total: %s %s (%s)" % (params["cur"], params["amount"], kind)]
        lines += ["", "Material: body %s, seat PTFE, stem brass/SS" % ("brass CW617N" if "Brass" in params["product"] else "per spec"),
                  "Testing: 100%% shell and seat test per EN 12266-1 / API 598", "Packing: export carton, fumigated plywood pallet",
                  "Marking: per customer requirement", "Price basis: FOB Ningbo", "Lead time: 30-35 days after deposit",
                  "Payment: " + params.get("terms_pi", "30% T/T deposit, balance against B/L copy")]
        return lines

    def quote_pdf(self, c, contact, params, d: datetime):
        lines = self._doc_lines(c, contact, params, "FOB Ningbo") + ["Validity: 30 days", "", self.owner.name + " / " + self.owner.title]
        return ("Quotation_%s.pdf" % params["quote"], "application/pdf",
                _b64_lines(make_pdf("QUOTATION No. " + params["quote"], lines, d)))

    def pi_pdf(self, c, contact, params, d: datetime):
        lines = self._doc_lines(c, contact, params, "proforma") + [
            "", "Beneficiary: " + OWN_COMPANY, "Bank: Bank of China, Ningbo Branch", "SWIFT: BKCHCNBJ92A",
            "Account No.: 3568 5910 2245", "", "Customer PO: " + params.get("po", "")]
        return ("PI_%s.pdf" % params["pi"], "application/pdf",
                _b64_lines(make_pdf("PROFORMA INVOICE No. " + params["pi"], lines, d)))

    def po_xlsx(self, c, params, d: datetime):
        rows = [["PURCHASE ORDER", params["po"]], ["Buyer", c.name], ["Supplier", OWN_COMPANY],
                ["Date", d.strftime("%Y-%m-%d")], [],
                ["Pos", "Article", "Description", "Qty", "Unit price", "Currency", "Amount"],
                [1, params["product_code"], params["product"], params["qty"], params["price_val"], params["cur"],
                 params["amount_val"]], [],
                ["Delivery", "CIF " + params["port"]], ["Payment", params.get("terms_pi", "")]]
        return ("PO_%s.xlsx" % params["po"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _b64_lines(make_xlsx(rows, d)))

    def bl_pdf(self, c, params, d: datetime, scanned: bool = False):
        lines = ["Shipper: " + OWN_COMPANY, "Consignee: " + _ascii(c.name), "Notify party: same as consignee", "",
                 "Vessel / Voyage: %s" % params["vessel"], "Port of loading: NINGBO, CHINA",
                 "Port of discharge: %s" % _ascii(params["port"]).upper(), "Container / Seal: %s / %s" % (
                     params["container"], params["seal"]),
                 "Description: %s, %d PCS" % (_ascii(params["product"]), params["qty"]), "Freight: PREPAID",
                 "Shipped on board: %s" % params["etd"]]
        image = None
        if scanned:  # a scan: the page image (one of a few) makes the file 100-300 KB
            image = _scan_image(sum(map(ord, params["bl"])) % 4)
        return ("BL_%s.pdf" % params["bl"], "application/pdf",
                _b64_lines(make_pdf("BILL OF LADING (COPY) No. " + params["bl"], lines, d, image=image,
                                    producer="Canon iR-ADV C5535")))

    def slip_pdf(self, c, params, d: datetime):
        amt = params["amount_val"] * 0.3
        lines = ["MT103 SINGLE CUSTOMER CREDIT TRANSFER", "Ordering customer: " + _ascii(c.name),
                 "Beneficiary: " + OWN_COMPANY, "Beneficiary bank: BKCHCNBJ92A", "Amount: %s %s" % (params["cur"], _money(amt)),
                 "Value date: " + d.strftime("%Y-%m-%d"), "Remittance info: DEPOSIT " + params.get("po", "")]
        return ("TT_copy_%s.pdf" % d.strftime("%Y%m%d"), "application/pdf", _b64_lines(make_pdf("PAYMENT ADVICE", lines, d,
                                                                                                producer="SAP NetWeaver")))

    def photo(self, d: datetime, large: bool | None = None):
        r = self.rng
        if large is None:
            large = r.random() < 0.5
        return ("IMG_%s.jpg" % d.strftime("%Y%m%d_%H%M%S"), "image/jpeg", _photo_b64(r.randrange(6), large))

    def report_8d(self, params, d: datetime):
        lines = ["D1 Team: QC manager, production manager, sales", "D2 Problem: leakage at seat test, customer order %s" % params.get("po", ""),
                 "D3 Containment: 100% re-test of stock", "D4 Root cause: seat ring batch with insufficient hardness",
                 "D5 Corrective action: incoming inspection of seat rings, supplier changed",
                 "D6 Verification: 500 pcs re-tested, 0 failures", "D7 Prevention: SPC on seat ring hardness",
                 "D8 Closure"]
        return ("8D_Report_%s.pdf" % params.get("po", "x"), "application/pdf", _b64_lines(make_pdf("8D REPORT", lines, d)))

    # ---- threads and steps ---------------------------------------------------------------
    def thread(self, c: _Company | None, subject: str, params: dict | None = None, contact: _Party | None = None,
               lang: str | None = None) -> _Thread:
        return _Thread(subject, c, dict(params or {}), lang or (c.lang if c else "en"), contact)

    def subject(self, lang: str, key: str, params: dict, pick: int | None = None) -> str:
        book = PHRASES.get(lang, PHRASES["en"])
        variants = book.get(key) or PHRASES["en"][key]
        t = variants[pick % len(variants)] if pick is not None else self.rng.choice(variants)
        fmt = dict(params)
        fmt["item"] = self.wr._item(lang, params)
        return t.format_map(fmt)

    def inn(self, t: _Thread, day: float, intents, who: _Party | None = None, **kw) -> _Msg:
        frm = who or t.contact
        return self.wr.send(t, frm, [self.owner], day=day, intents=intents, **kw)

    def out(self, t: _Thread, day: float, intents, to: _Party | None = None, **kw) -> _Msg:
        to_p = to or t.contact
        return self.wr.send(t, self.owner, [to_p], day=day, intents=intents, **kw)

    def quote(self, t: _Thread, day: float, **kw) -> _Msg:
        p = t.params
        if not p.get("quote"):
            p["quote"] = self.quote_no(day)
        d = self.wr.when(day, "CN", t.last)
        att = [self.quote_pdf(t.company, t.contact, p, d)]
        return self.out(t, day, "quotation", attach=att + list(kw.pop("attach", [])), date=d, **kw)

    def order(self, c: _Company, contact: _Party, code: str, qty: int, day_po: float, *, factor: float = 1.0,
              po: str | None = None, reorder: bool = False, deposit: bool = True, ship: bool = True,
              update: bool = False, goods_ok: bool = False, paid: float | None = None, lang: str | None = None,
              transit: int | None = None, scanned: bool = False, forwarder: bool = False, subject: str | None = None,
              ask_shipment: bool = False, cc: list[_Party] = ()) -> _Thread:
        """PO (with xlsx) -> PI (pdf) -> deposit -> [production update] -> shipment notice (B/L) -> [goods ok]."""
        r = self.rng
        lang = lang or contact.lang
        po = po or "%s-%d%03d" % (c.key.upper()[:3], self._year(day_po) % 100, r.randrange(100, 1000))
        params = self.deal(c, code, qty, factor=factor, po=po)
        params["pi"] = "HT%s-%02d" % ((self.w.today - timedelta(days=int(day_po))).strftime("%y%m%d"), r.randrange(1, 30))
        t = self.thread(c, subject or self.subject(lang, "subj_po", params), params, contact, lang)
        d_po = self.wr.when(day_po, contact.zone)
        m_po = self.inn(t, day_po, "reorder" if reorder else "po", date=d_po, attach=[self.po_xlsx(c, params, d_po)], cc=cc)
        d_pi = self.wr.when(max(day_po - 1, 1), "CN", m_po)
        self.out(t, day_po - 1, "pi", date=d_pi, attach=[self.pi_pdf(c, contact, params, d_pi)])
        day = day_po - 1
        if deposit and day > 4:
            day -= r.randrange(2, 6)
            d = self.wr.when(day, contact.zone, t.last)
            self.inn(t, day, "deposit_paid", date=d, attach=[self.slip_pdf(c, params, d)])
        if ask_shipment and day > 25:
            day -= r.randrange(18, 24)
            self.inn(t, day, "ask_shipment")
        if update and day > 22:
            day -= r.randrange(14, 20)
            self.out(t, day, "production_update")
        shipped_day = None
        if ship and day > 12:
            day = max(1, day - r.randrange(10, 16))
            tr = transit if transit is not None else _TRANSIT.get(c.cc, 25)
            etd = self.w.today - timedelta(days=int(day) - 2)
            params.update(vessel="%s V.%03d%s" % (r.choice(_VESSELS), r.randrange(100, 999), r.choice("EWNS")),
                          container="%s%07d" % (r.choice(_CNTR), r.randrange(10**6, 10**7)),
                          seal="CN%07d" % r.randrange(10**6, 10**7),
                          bl="%s%08d" % (r.choice(_BLP), r.randrange(10**7, 10**8)),
                          etd=etd.strftime("%d %b %Y"), eta=(etd + timedelta(days=tr)).strftime("%d %b %Y"))
            t.params.update(params)
            if forwarder:
                self.forwarder_booking(c, params, day + 3)
            d = self.wr.when(day, "CN", t.last)
            self.out(t, day, "shipment_notice", date=d, attach=[self.bl_pdf(c, params, d, scanned=scanned)])
            shipped_day = day
            if goods_ok and day - tr > 1:
                self.inn(t, day - tr - r.randrange(1, 5), "goods_ok")
        amount = params["amount_val"]
        if paid is None:
            if shipped_day is not None and shipped_day > 30:
                paid_v = amount
            elif deposit:
                paid_v = round(amount * 0.3, 2)
            else:
                paid_v = 0.0
        else:
            paid_v = round(amount * paid, 2)
        o = SampleOrder(date=m_po.date.date(), customer_domain=c.domain, amount=amount, currency=params["cur"],
                        product=params["product"], quantity=qty, paid=paid_v)
        self.wr.orders.append((m_po, o))
        return t

    # ---- mail that is not from customers ----------------------------------------------------
    def forwarder_booking(self, c: _Company, params: dict, day: float) -> None:
        fw = self.w.forwarder
        t = self.thread(None, "Booking confirmation / %s / NINGBO-%s / ETD %s" % (
            params["po"], _ascii(params["port"]).upper(), params["etd"]), params, fw)
        text = ("Dear %s,\n\nPlease find the booking confirmation for your shipment to %s:\n\n  Shipper ref.: %s\n"
                "  Vessel: %s\n  ETD Ningbo: %s\n  Container: 1x40HQ %s\n  CY cut-off: 2 days before ETD\n  "
                "SI cut-off: 3 days before ETD\n\nPlease send us the shipping instructions and the B/L draft details.\n\n"
                "Best regards\n%s\n%s\nTel: +86-574-2788 6012\n" % (
                    self.owner.first, _ascii(params["port"]), params["po"], params["vessel"], params["etd"],
                    params["container"], fw.name, fw.company))
        m = self.wr.send(t, fw, [self.owner], day=day, text=text, intent_tag="forwarder")
        if self.rng.random() < 0.6:
            self.wr.send(t, self.owner, [fw], day=day, parent=m, intent_tag="forwarder",
                         text="Dear %s,\n\nThanks. SI attached, please send the B/L draft for checking.\n\nBest regards,\n%s"
                              % (fw.first, self.owner.name))

    def newsletter(self, day: float, kind: int, *, image: bool = True) -> _Msg:
        r = self.rng
        nl = self.w.newsletters[kind % len(self.w.newsletters)]
        sender, list_id, topics = nl
        d = self.wr.when(day, sender.zone, hour=r.choice((6.5, 7.0, 9.0, 14.0)))
        issue = d.strftime("%B %Y")
        topic = topics[(d.toordinal() // 7 + kind) % len(topics)]
        subject = "%s | %s" % (topic, issue)
        text = ("%s\n\n%s\n\nRead more: https://www.%s/news/%s\n\nYou receive this newsletter because you subscribed at "
                "%s. Unsubscribe: https://www.%s/unsubscribe\n" % (sender.name, topic, sender.domain, d.strftime("%Y/%m"),
                                                                       sender.domain, sender.domain))
        uid = self.wr.seq + 1
        cid = "banner%X@%s" % (uid, sender.domain)
        rows = "".join('<tr><td style="padding:12px;font-family:Arial;font-size:14px;color:#333">'
                       "<h3>%s</h3><p>%s</p><a href=\"https://www.%s/news/%d\">Read more &raquo;</a></td></tr>\r\n"
                       % (_html.escape(x), "Industry news, prices and trade fair dates for valve buyers and distributors. " * 3,
                          sender.domain, i) for i, x in enumerate(topics[:4]))
        img = ('<tr><td><img src="cid:%s" width="600" height="120" alt="%s"></td></tr>' % (cid, sender.name) if image
               else '<tr><td><img src="https://cdn.%s/banner.png" width="600" height="120"></td></tr>' % sender.domain)
        html = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body style="margin:0;background:#f4f4f4">'
                '\r\n<table width="600" align="center" cellpadding="0" cellspacing="0" style="background:#ffffff">\r\n%s\r\n%s'
                '<tr><td style="font-size:11px;color:#999;padding:12px">You receive this newsletter because you subscribed at %s. '
                '<a href="https://www.%s/unsubscribe?u=%X">Unsubscribe</a></td></tr></table>'
                '<img src="https://track.%s/open/%X.gif" width="1" height="1"></body></html>\r\n'
                % (_html.escape(subject), img, rows, sender.domain, sender.domain, uid, sender.domain, uid))
        hpart = _text_leaf(html, "html", "utf-8", "quoted-printable")
        if image:
            banner = _blob(("banner", kind % len(self.w.newsletters)),
                           lambda: make_png(300, 60, lambda x, y: ((x * 3 + kind * 40) % 256, (y * 4) % 256, 160)))
            hpart = _Multi("related", self.wr._boundary("webmail", uid, 2),
                           [hpart, _attachment_leaf("banner.png", "image/png", banner, inline_cid=cid)],
                           params='; type="text/html"')
        root = _Multi("alternative", self.wr._boundary("webmail", uid, 1),
                      [_text_leaf(text.replace("\n", CRLF), "plain", "utf-8", "quoted-printable"), hpart])
        headers = ["List-Id: %s <%s>" % (sender.name, list_id),
                   "List-Unsubscribe: <https://www.%s/unsubscribe?u=%X>, <mailto:unsubscribe@%s?subject=unsubscribe>"
                   % (sender.domain, uid, sender.domain),
                   "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Precedence: bulk",
                   "Feedback-ID: %d:%s:newsletter" % (r.randrange(1000, 9999), sender.domain.split(".")[0])]
        return self.wr.send(None, sender, [self.owner], day=day, text=text, subject=subject, root=root, headers=headers,
                            date=d, unread=r.random() < 0.5, intent_tag="newsletter")

    def alibaba(self, day: float, buyer: _Party, company: str, country: str, code: str, qty: int, message: str,
                platform: str = "alibaba") -> _Msg:
        r = self.rng
        _c, name, *_ = _PRODUCT[code]
        if platform == "alibaba":
            sender = self.w.alibaba
            subject = "[Alibaba.com] New inquiry from %s about %s" % (buyer.name, name)
            site = "Alibaba.com"
        else:
            sender = self.w.mic
            subject = "Made-in-China.com: Inquiry from %s (%s) - %s" % (buyer.name, country, name)
            site = "Made-in-China.com"
        inq = r.randrange(10**9, 10**10)
        text = ("Dear %s,\n\nYou have received a new inquiry on %s.\n\nInquiry ID: %d\nProduct: %s\nQuantity: %d Pieces\n\n"
                "Buyer Name: %s\nCompany: %s\nCountry/Region: %s\nEmail: %s\n\nMessage:\n%s\n\n"
                "Reply within 24 hours to improve your response rate.\n\n%s Team\n" % (
                    self.owner.name, site, inq, name, qty, buyer.name, company, country, buyer.email, message, site))
        rows = "".join("<tr><td style=\"color:#666;padding:4px 12px\">%s</td><td style=\"padding:4px 12px\"><b>%s</b></td></tr>\r\n"
                       % (k, _html.escape(v)) for k, v in (("Product", name), ("Quantity", "%d Pieces" % qty),
                                                            ("Buyer Name", buyer.name), ("Company", company),
                                                            ("Country/Region", country), ("Email", buyer.email)))
        html = ('<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">\r\n<p>Dear %s,</p>\r\n'
                "<p>You have received a new inquiry on %s (Inquiry ID: %d).</p>\r\n<table>%s</table>\r\n"
                '<p style="background:#fff7e6;padding:12px">%s</p>\r\n<p><a href="https://message.%s/message/default.htm'
                '#feedback/all?id=%d" style="background:#ff6a00;color:#fff;padding:8px 16px">Reply Now</a></p>\r\n'
                "<p>%s Team</p></body></html>\r\n" % (_html.escape(self.owner.name), site, inq, rows,
                                                      _html.escape(message).replace("\n", "<br>\r\n"), sender.domain, inq, site))
        root = _text_leaf(html, "html", "utf-8", "quoted-printable")
        if r.random() < 0.5:
            root = _Multi("alternative", self.wr._boundary("webmail", self.wr.seq + 1, 1),
                          [_text_leaf(text.replace("\n", CRLF), "plain", "utf-8", "quoted-printable"), root])
        return self.wr.send(None, sender, [self.owner], day=day, text=text, subject=subject, root=root,
                            headers=["X-Priority: 3", "Auto-Submitted: auto-generated"], intent_tag="platform_inquiry")

    def bounce(self, original: _Msg, rcpt: str, day: float) -> _Msg:
        r = self.rng
        d = original.date.astimezone(CN_TZ) + timedelta(seconds=r.randrange(5, 40))
        daemon = self.w.daemon
        qid = _rstr(r, 11, "0123456789ABCDEF")
        text = ("This is the mail system at host mx.%s.\n\nI'm sorry to have to inform you that your message could not\n"
                "be delivered to one or more recipients. It's attached below.\n\nFor further assistance, please send mail "
                "to postmaster.\n\n                   The mail system\n\n<%s>: host %s[%s] said: 550 5.1.1 <%s>:\n"
                "    Recipient address rejected: User unknown in virtual mailbox table (in\n    reply to RCPT TO command)\n"
                % (OWN_DOMAIN, rcpt, "mail." + rcpt.split("@")[1], _ip(r), rcpt))
        status = ("Reporting-MTA: dns; mx.%s\r\nX-Postfix-Queue-ID: %s\r\nX-Postfix-Sender: rfc822; %s\r\n"
                  "Arrival-Date: %s\r\n\r\nFinal-Recipient: rfc822; %s\r\nOriginal-Recipient: rfc822;%s\r\nAction: failed\r\n"
                  "Status: 5.1.1\r\nRemote-MTA: dns; mail.%s\r\nDiagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address\r\n"
                  "    rejected: User unknown in virtual mailbox table\r\n"
                  % (OWN_DOMAIN, qid, self.owner.email, format_datetime(original.date), rcpt, rcpt, rcpt.split("@")[1], rcpt))
        head_end = original.raw.find(b"\r\n\r\n")
        orig_headers = original.raw[: head_end + 2]
        uid = self.wr.seq + 1
        root = _Multi("report", self.wr._boundary("webmail", uid, 1), [
            _Leaf(["Content-Description: Notification", 'Content-Type: text/plain; charset="us-ascii"'],
                  text.replace("\n", CRLF).encode("ascii")),
            _Leaf(["Content-Description: Delivery report", "Content-Type: message/delivery-status"], status.encode("ascii")),
            _Leaf(["Content-Description: Undelivered Message Headers", "Content-Type: text/rfc822-headers"], orig_headers),
        ], params="; report-type=delivery-status")
        return self.wr.send(None, daemon, [self.owner], day=day, date=d, text=text,
                            subject="Undelivered Mail Returned to Sender", root=root, intent_tag="bounce",
                            headers=["Auto-Submitted: auto-replied"], parent=None)

    def out_of_office(self, contact: _Party, our: _Msg, until: str, lang: str = "en") -> _Msg:
        d = our.date + timedelta(seconds=self.rng.randrange(20, 200))
        d = d.astimezone(_tz(_offset_minutes(contact.zone, d.date())))
        if lang == "de":
            subject = "Automatische Antwort: " + our.subject
            text = ("Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich %s nicht im Büro und habe nur eingeschränkt "
                    "Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an einkauf@%s.\n\n"
                    "Thank you for your message. I am out of the office until %s with limited access to e-mail.\n\n%s"
                    % (until, contact.domain, until, contact.name))
        elif lang == "it":
            subject = "Risposta automatica: " + our.subject
            text = ("Sono fuori ufficio fino al %s con accesso limitato alla posta. Per urgenze scrivere a info@%s.\n\n"
                    "I am out of the office until %s.\n\n%s" % (until, contact.domain, until, contact.name))
        else:
            subject = "Out of Office: " + our.subject
            text = ("Thank you for your email. I am out of the office until %s with limited access to email. For urgent "
                    "matters please contact purchasing@%s.\n\n%s" % (until, contact.domain, contact.name))
        return self.wr.send(None, contact, [self.owner], day=0, date=d, text=text, subject=subject, parent=our, quote=False,
                            headers=["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"], html="none",
                            intent_tag="auto_reply")


def _ascii(s: str) -> str:
    """A plain-ASCII rendering for PDF documents (accents dropped, other scripts kept out)."""
    import unicodedata

    out = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").strip()
    return out or "-"


# --------------------------------------------------------------------------------------
# The world: fixed non-customer parties
# --------------------------------------------------------------------------------------

_CN_NAMES = {"lisa": ("陈", "陈丽莎"), "tom": ("王", "王涛"), "grace": ("周", "周雅琴")}


class _World:
    def __init__(self, seed: int, today: date, account_email: str):
        self.seed = seed
        self.today = today
        self.owner = _own_party(account_email)
        local = account_email.split("@")[0].lower()
        self.owner_cn = _CN_NAMES.get(local, ("", self.owner.name))
        self.colleague = _own_party(("tom" if local != "tom" else "lisa") + "@" + OWN_DOMAIN)
        self.manager = _own_party("grace@" + OWN_DOMAIN)
        self.colleague.mailer = "foxmail"
        self.manager.mailer = "outlook"
        self.quote_seq = 0
        self.forwarder = _Party("Kevin Xu", "kevin.xu@oceanlink-logistics.com", mailer="outlook", zone="CN",
                                company="Ningbo Ocean Link Logistics Co., Ltd.", title="Sales Executive (Sea Freight)")
        # The foundry writes GBK but labels it gb2312; 喆 is not in GB2312.
        self.supplier = _Party("王喆", "wangzhe@yonggu-casting.com.cn", lang="zh", charset="gb2312", mailer="foxmail",
                               zone="CN", company="浙江永固铸造有限公司", first="王喆", dear="王总")
        self.alibaba = _Party("Alibaba.com", "noreply@service.alibaba.com", mailer="webmail", zone="CN")
        self.mic = _Party("Made-in-China.com", "service@made-in-china.com", mailer="webmail", zone="CN")
        self.daemon = _Party("Mail Delivery System", "MAILER-DAEMON@mx." + OWN_DOMAIN, mailer="webmail", zone="CN")
        self.newsletters = [
            (_Party("Valve World Newsletter", "news@valve-world.net", mailer="webmail", zone="EU_C"),
             "news.valve-world.net",
             ["Copper prices hit a two-year high", "EU drinking water directive: what changes for brass valves",
              "Valve World Expo Duesseldorf: exhibitor list online", "API 6D 25th edition explained",
              "Lead-free brass: DZR alloys compared", "Freight rates from Asia fall again", "Smart water meters and valves",
              "Interview: the future of valve distribution"]),
            (_Party("Global Sources", "buyeralerts@globalsources.com", mailer="webmail", zone="CN"),
             "buyer-alerts.globalsources.com",
             ["Top-selling hardware this month", "Verified suppliers: flow control", "Trade show calendar",
              "Buyer requests: valves and fittings"]),
            (_Party("Canton Fair", "info@cantonfair.org.cn", mailer="webmail", zone="CN"), "invitation.cantonfair.org.cn",
             ["Invitation: China Import and Export Fair, Phase 1", "Exhibitor services: booth confirmation"]),
        ]


# --------------------------------------------------------------------------------------
# The curated story (the first ~300 messages)
# --------------------------------------------------------------------------------------


def _curated_companies() -> dict[str, _Company]:
    P = _Party
    C = _Company
    cs: list[_Company] = []

    kessler_footer = ("Kessler Armaturen GmbH - Industriestraße 12 - 42551 Velbert - Geschäftsführer: Jürgen Kessler\n"
                      "Amtsgericht Wuppertal HRB 24817 - USt-IdNr. DE812345678\n"
                      "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, "
                      "informieren Sie bitte sofort den Absender und vernichten Sie diese Mail.")
    cs.append(C("kessler", "Kessler Armaturen GmbH", "Germany", "DE", "EU_C", "de", "Velbert", "Hamburg", "EUR",
                ["kessler-armaturen.de", "kessler-group.com"], [
                    P("Jürgen Kessler", "j.kessler@kessler-armaturen.de", "de", mailer="outlook", zone="EU_C",
                      title="Geschäftsführer", company="Kessler Armaturen GmbH", phone="+49 2051 98765-0",
                      dear="Mr. Kessler", footer=kessler_footer),
                    P("Anna Vogel", "a.vogel@kessler-group.com", "de", mailer="outlook", zone="EU_C", title="Einkauf",
                      company="Kessler Armaturen GmbH", phone="+49 2051 98765-21", footer=kessler_footer),
                    P("Peter Müller", "p.mueller@kessler-armaturen.de", "de", mailer="outlook", zone="EU_C",
                      title="Qualitätssicherung", company="Kessler Armaturen GmbH", dear="Mr. Müller"),
                ], story="A customer: repeat orders every ~8 weeks (EUR), certifications (CE, ISO 9001, REACH), "
                         "two domains, bounce from a contact who left, out-of-office reply", stage="after-sales/repeat"))
    cs.append(C("bridgewater", "Bridgewater Fluid Controls Ltd", "United Kingdom", "GB", "EU_W", "en", "Bristol",
                "Felixstowe", "USD", ["bridgewater-fluid.co.uk"], [
                    P("Oliver Hughes", "oliver.hughes@bridgewater-fluid.co.uk", "en", mailer="outlook", zone="EU_W",
                      title="Purchasing Manager", company="Bridgewater Fluid Controls Ltd", phone="+44 117 496 0321"),
                ], story="WRAS certification, sample, 2 orders, complaint about damaged goods (photos) resolved, "
                         "value content (whitepaper) sent", stage="after-sales"))
    cs.append(C("lonestar", "Lone Star Pipe Supply LLC", "USA", "US", "US_C", "en", "Houston", "Houston", "USD",
                ["lonestarpipe.com"], [
                    P("Mike Johnson", "mjohnson@lonestarpipe.com", "en", mailer="outlook", zone="US_C",
                      title="VP Procurement", company="Lone Star Pipe Supply LLC", phone="+1 713 555 0142"),
                    P("Sarah Miller", "smiller@lonestarpipe.com", "en", mailer="outlook", zone="US_C",
                      title="Logistics Coordinator", company="Lone Star Pipe Supply LLC", phone="+1 713 555 0178"),
                ], story="A customer: API 6D valves, 4 big orders, competitor price, L/C payment, urgent delivery; "
                      "latest order in production/shipment", stage="shipment"))
    cs.append(C("greatlakes", "Great Lakes Valve Inc.", "USA", "US", "US_C", "en", "Chicago", "Chicago via Long Beach",
                "USD", ["greatlakesvalve.com"], [
                    P("Dave Kowalski", "dave@greatlakesvalve.com", "en", mailer="gmail", zone="US_C", title="Purchasing",
                      company="Great Lakes Valve Inc.", phone="+1 312 555 0190"),
                ], story="churned: 4 orders, frequency dropped, last order ~230 days ago, our reactivation mails unanswered",
                stage="churned"))
    cs.append(C("hidrotec", "Hidrotec Válvulas Ltda", "Brazil", "BR", "BR", "pt", "São Paulo", "Santos", "USD",
                ["hidrotec.com.br"], [
                    P("Rafael Souza", "rafael.souza@hidrotec.com.br", "pt", mailer="outlook", zone="BR", title="Comprador",
                      company="Hidrotec Válvulas Ltda", phone="+55 11 3456-7890"),
                ], story="stalled in negotiation: price and L/C 90 days, last message ~90 days ago", stage="negotiation/stalled"))
    cs.append(C("levante", "Suministros Hidráulicos Levante S.L.", "Spain", "ES", "EU_C", "es", "Valencia", "Valencia",
                "EUR", ["levantehidraulica.es"], [
                    P("María García", "mgarcia@levantehidraulica.es", "es", mailer="outlook", zone="EU_C",
                      title="Jefa de Compras", company="Suministros Hidráulicos Levante S.L.", phone="+34 961 234 567"),
                    P("Javier López", "almacen@levantehidraulica.es", "es", mailer="outlook", zone="EU_C",
                      title="Almacén", company="Suministros Hidráulicos Levante S.L."),
                ], story="eco-friendly / lead-free demand, sample, 2 orders", stage="after-sales"))
    cs.append(C("dupont", "Robinetterie Dupont SARL", "France", "FR", "EU_C", "fr", "Lyon", "Fos-sur-Mer", "EUR",
                ["dupont-robinetterie.fr"], [
                    P("Claire Dubois", "c.dubois@dupont-robinetterie.fr", "fr", mailer="thunderbird", zone="EU_C",
                      title="Responsable achats", company="Robinetterie Dupont SARL", phone="+33 4 72 00 11 22"),
                ], story="OEM with own logo, small MOQ, complaint about delivery delay; one order ~266 days ago, no "
                      "reorder since (churn risk after the incident)", stage="churn-risk"))
    cs.append(C("bianchi", "Valvole Bianchi S.r.l.", "Italy", "IT", "EU_C", "it", "Milano", "Genova", "EUR",
                ["valvolebianchi.it"], [
                    P("Marco Rossi", "m.rossi@valvolebianchi.it", "it", mailer="outlook", zone="EU_C",
                      title="Ufficio Acquisti", company="Valvole Bianchi S.r.l.", phone="+39 02 8765 4321"),
                ], story="stalled: 'too expensive', competitor cheaper, last message ~110 days ago, out-of-office reply",
                stage="negotiation/stalled"))
    cs.append(C("trubosnab", "ООО «ТрубоСнаб»", "Russia", "RU", "RU", "ru", "Москва", "Санкт-Петербург", "USD",
                ["trubosnab.ru"], [
                    P("Дмитрий Иванов", "d.ivanov@trubosnab.ru", "ru", charset="koi8-r", mailer="thebat", zone="RU",
                      title="Директор по закупкам", company="ООО ТрубоСнаб", phone="+7 495 123-45-67", dear="Dmitry"),
                    P("Елена Смирнова", "logist@trubosnab.ru", "ru", mailer="thunderbird", zone="RU", title="Логист",
                      company="ООО ТрубоСнаб", dear="Elena"),
                ], story="koi8-r mail, certificates, T/T 30/70, 2 orders; one message without Message-ID",
                stage="after-sales"))
    cs.append(C("alnoor", "Al Noor Building Materials Trading LLC", "UAE", "AE", "AE", "ar", "دبي", "Jebel Ali", "USD",
                ["alnoor-bm.ae", "alnoorgroup.ae"], [
                    P("أحمد المنصوري", "ahmed@alnoor-bm.ae", "ar", mailer="webmail", zone="AE", title="المدير العام",
                      company="النور لتجارة مواد البناء ذ.م.م", first="أحمد", dear="Mr. Al Mansouri"),
                    P("Rashid Khan", "purchase@alnoorgroup.ae", "en", mailer="outlook", zone="AE", title="Purchase Officer",
                      company="Al Noor Building Materials Trading LLC", phone="+971 4 123 4567"),
                ], story="Arabic HTML-only inquiry, fast delivery, Ramadan, 2 orders; two domains", stage="after-sales"))
    cs.append(C("saudiflow", "Saudi Flow Systems Co.", "Saudi Arabia", "SA", "SA", "en", "Riyadh", "Dammam", "USD",
                ["saudiflow.com.sa"], [
                    P("Faisal Al-Qahtani", "f.alqahtani@saudiflow.com.sa", "en", mailer="outlook", zone="SA",
                      title="Procurement Manager", company="Saudi Flow Systems Co.", phone="+966 11 456 7890",
                      dear="Mr. Faisal"),
                ], story="complaint: leaking valves, refund / credit note, manager in copy, then silent; last order "
                      "~370 days ago", stage="complaint/churned"))
    cs.append(C("akdeniz", "Akdeniz Vana Sanayi ve Ticaret A.Ş.", "Turkey", "TR", "TR", "tr", "İzmir", "İzmir", "USD",
                ["akdenizvana.com.tr"], [
                    P("Mehmet Yılmaz", "mehmet.yilmaz@akdenizvana.com.tr", "tr", charset="iso-8859-9", mailer="thunderbird",
                      zone="TR", title="Satın Alma Müdürü", company="Akdeniz Vana San. ve Tic. A.Ş.", phone="+90 232 456 78 90"),
                ], story="active negotiation: sample approved, price and payment terms, small MOQ (recent)",
                stage="negotiation"))
    cs.append(C("yamamoto", "株式会社ヤマモトバルブ", "Japan", "JP", "JP", "ja", "大阪", "Osaka", "USD",
                ["yamamoto-valve.co.jp"], [
                    P("山本 健一", "k.yamamoto@yamamoto-valve.co.jp", "ja", charset="iso-2022-jp", mailer="outlook", zone="JP",
                      title="購買部 部長", company="株式会社ヤマモトバルブ", phone="06-6123-4567", first="Kenichi",
                      dear="Mr. Yamamoto"),
                    P("佐藤 美咲", "m.sato@yamamoto-valve.co.jp", "ja", charset="iso-2022-jp", mailer="outlook", zone="JP",
                      title="品質保証課", company="株式会社ヤマモトバルブ", first="Misaki", dear="Ms. Sato"),
                ], story="iso-2022-jp mail, quality focus (ISO 9001, mill certificates), sample, 2 orders",
                stage="after-sales"))
    cs.append(C("shreeganesh", "Shree Ganesh Engineering Pvt Ltd", "India", "IN", "IN", "en", "Pune", "Nhava Sheva", "USD",
                ["shreeganesh-eng.in"], [
                    P("Rajesh Sharma", "rajesh@shreeganesh-eng.in", "en", mailer="gmail", zone="IN",
                      title="Director - Purchase", company="Shree Ganesh Engineering Pvt Ltd", phone="+91 98220 12345"),
                ], story="stalled: price probing ('best price'), small MOQ, 'for example' (no sample stage), last ~60 days ago",
                stage="negotiation/stalled"))
    cs.append(C("vcnorte", "Válvulas y Conexiones del Norte S.A. de C.V.", "Mexico", "MX", "MX", "es", "Monterrey",
                "Manzanillo", "USD", ["vcnorte.com.mx"], [
                    P("Luis Hernández", "lhernandez@vcnorte.com.mx", "es", mailer="outlook", zone="MX",
                      title="Gerente de Compras", company="Válvulas y Conexiones del Norte", phone="+52 81 8123 4567"),
                ], story="churned: 3 orders, last ~330 days ago, balance overdue, reactivation unanswered", stage="churned"))
    cs.append(C("saigonwater", "Saigon Water Equipment JSC", "Vietnam", "VN", "VN", "en", "Ho Chi Minh City",
                "Cat Lai, Ho Chi Minh City", "USD", ["saigonwater.com.vn"], [
                    P("Nguyen Van Minh", "nguyenminh.sgw@gmail.com", "en", mailer="gmail", zone="VN", first="Minh",
                      dear="Mr. Minh"),
                    P("Nguyen Van Minh", "minh.nguyen@saigonwater.com.vn", "en", mailer="outlook", zone="VN", first="Minh",
                      title="Purchasing Manager", company="Saigon Water Equipment JSC", phone="+84 28 3812 3456",
                      dear="Mr. Minh"),
                ], story="free-mail buyer (gmail) who switches to the company address in the same thread; 1 order",
                stage="after-sales"))
    cs.append(C("southerncross", "Southern Cross Irrigation Pty Ltd", "Australia", "AU", "AU", "en", "Sydney", "Sydney",
                "USD", ["southerncrossirrigation.com.au"], [
                    P("Jack Thompson", "jack.thompson@southerncrossirrigation.com.au", "en", mailer="apple", zone="AU",
                      title="Procurement Lead", company="Southern Cross Irrigation Pty Ltd", phone="+61 2 9876 5432"),
                ], story="lead forwarded by a colleague (message/rfc822); 'not interested in eco-friendly options'; "
                         "'no complaints so far'; 2 orders", stage="after-sales/repeat"))
    cs.append(C("formosa", "Formosa Industrial Supply Co., Ltd.", "Taiwan", "TW", "CN", "zh_tw", "台中", "Taichung", "USD",
                ["formosa-supply.com.tw"], [
                    P("陳志明", "cm.chen@formosa-supply.com.tw", "zh_tw", charset="big5", mailer="outlook", zone="CN",
                      title="採購經理", company="台灣福爾摩沙工業供應股份有限公司", first="志明", dear="Mr. Chen"),
                ], story="big5 mail, negotiation close to signing", stage="negotiation"))
    cs.append(C("harbour", "Harbour Trading (HK) Ltd", "Hong Kong", "HK", "CN", "zh_tw", "香港", "Hong Kong", "USD",
                ["harbourtrading.com.hk"], [
                    P("黃家輝", "kf.wong@harbourtrading.com.hk", "zh_tw", charset="big5", mailer="foxmail", zone="CN",
                      title="經理", company="海港貿易（香港）有限公司", first="家輝", dear="Mr. Wong"),
                ], story="big5 mail, trading company, one small order ~300 days ago, quiet since (C customer)",
                stage="churned"))
    # free-mail buyers
    cs.append(C("cairo", "Cairo Plumbing Supplies", "Egypt", "EG", "EG", "en", "Cairo", "Alexandria", "USD",
                ["hotmail.com"], [
                    P("Ahmed Hassan", "ahmed.hassan.eg@hotmail.com", "en", mailer="outlook", zone="EG", dear="Mr. Ahmed"),
                ], story="free-mail (hotmail) buyer from an Alibaba inquiry; stalled on price/MOQ ~55 days ago",
                stage="negotiation/stalled", freemail=True))
    cs.append(C("mendoza", "Carlos Mendoza (Ferretería Mendoza)", "Colombia", "CO", "CO", "es", "Bogotá", "Buenaventura",
                "USD", ["yahoo.com"], [
                    P("Carlos Mendoza", "carlos.mendoza.compras@yahoo.com", "es", mailer="webmail", zone="CO"),
                ], story="free-mail (yahoo) cold lead: HTML-only inquiry, quotation, two unanswered follow-ups",
                stage="quotation", freemail=True))
    cs.append(C("wangjun", "王军 (Malaysia trading agent)", "Malaysia", "MY", "SG", "zh", "吉隆坡", "Port Klang", "USD",
                ["qq.com"], [
                    P("王军", "wangjun_trade@qq.com", "zh", mailer="qq", zone="SG", first="Lisa", dear="王总"),
                ], story="free-mail (qq.com) agent writing Chinese; sample approved, about to order", stage="negotiation",
                freemail=True))
    cs.append(C("lihua", "Li Hua Import (Singapore)", "Singapore", "SG", "SG", "en", "Singapore", "Singapore", "USD",
                ["163.com"], [
                    P("Li Hua", "lihua_import@163.com", "en", mailer="netease", zone="SG", dear="Ms. Li"),
                ], story="free-mail (163.com) buyer from a Made-in-China inquiry; urgent, asks CE certificate",
                stage="quotation", freemail=True))
    cs[-2].contacts[0].first = "王军"
    return {c.key: c for c in cs}


def _curated(world: _World) -> tuple[list[_Msg], list[tuple[_Msg, SampleOrder]]]:
    wr = _Writer(world, 0, random.Random("mailcrm-sample:%d:curated" % world.seed))
    S = _Story(wr)
    O = world.owner
    C = _curated_companies()
    cn_sur, cn_full = world.owner_cn

    # ---- Kessler (DE): A customer, two domains, certs, 9 orders, bounce, out-of-office ----
    k = C["kessler"]
    jk, av, pm = k.contacts
    p = S.deal(k, "BV-B25", 20000, cert="CE, ISO 9001 und REACH")
    t = S.thread(k, "Anfrage Kugelhähne DN15-DN50 / Messe ISH", p, jk)
    S.inn(t, 532, "inquiry", folder="Archive")
    S.quote(t, 531, logo=True)
    S.inn(t, 525, "ask_cert", folder="Archive")
    S.out(t, 524, "cert_send", params={"cert": "CE, ISO 9001 and REACH"},
          attach=[("CE_Certificate.pdf", "application/pdf", _cert_b64("CE")),
                  ("ISO9001_Certificate.pdf", "application/pdf", _cert_b64("ISO 9001:2015")),
                  ("REACH_Declaration.pdf", "application/pdf", _cert_b64("REACH SVHC"))])
    S.inn(t, 516, "sample_request", params={"n": 5}, folder="Archive")
    S.out(t, 515, "sample_sent", params={"n": 5})
    S.inn(t, 499, ["sample_ok", "payment_terms"], extra="Bitte senden Sie uns zu jeder Lieferung ein "
          "Abnahmeprüfzeugnis 3.1 nach EN 10204.")
    S.out(t, 498, ["counter_offer", "payment_answer"])
    S.inn(t, 494, "accept")
    products = ["BV-B25", "BV-B25", "GBV-15", "BV-LF20", "BV-B25", "PRV-20", "BV-B25"]
    qtys = [20000, 24000, 18000, 15000, 30000, 8000, 26000]
    first_po = None
    for i, day in enumerate((488, 415, 340, 262, 190, 126, 34)):
        ot = S.order(k, av if i else jk, products[i], qtys[i], day, reorder=i > 0, deposit=i == 0, update=i == 0,
                     forwarder=i == 4, goods_ok=i == 0, scanned=i == 2)
        if i == 0:
            first_po = ot.msgs[0]
        if i == 5:
            # Anna is on holiday when the shipment notice goes out
            S.out_of_office(av, ot.msgs[-1], "28.07.", lang="de")
    first_po.folders.append("Archive")
    tq = S.thread(k, "Prüfbericht / test report for order " + "KES-PO", S.deal(k, "BV-B25", 20000), pm)
    m = S.out(tq, 300, [], text="Dear Mr. Müller,\n\nAs requested by Mrs. Vogel, please find attached the EN 10204 3.1 "
                               "inspection certificate for your last order. Please let me know if you need anything else."
                               "\n\nBest regards,\n" + O.name, attach=[("Inspection_Certificate_3.1.pdf", "application/pdf",
                                                                         _cert_b64("EN 10204 3.1"))])
    S.bounce(m, pm.email, 300)

    # ---- Bridgewater (UK): WRAS, sample, damaged goods complaint ----
    b = C["bridgewater"]
    ob = b.contacts[0]
    t = S.thread(b, "RFQ - WRAS approved gate valves 22mm", S.deal(b, "GV-WR22", 5000, cert="WRAS"), ob)
    S.inn(t, 470, ["inquiry", "ask_cert"], pick=0)
    S.quote(t, 469, attach=[("WRAS_Approval_Certificate.pdf", "application/pdf", _cert_b64("WRAS"))])
    S.inn(t, 461, "sample_request", pick=0)
    S.out(t, 460, "sample_sent")
    S.inn(t, 441, ["sample_ok", "accept"])
    ot = S.order(b, ob, "GV-WR22", 5000, 432, update=True)
    tc = S.thread(b, "Damaged goods - container " + ot.params.get("container", ""), ot.params, ob)
    d = wr.when(366, "EU_W", ot.last)
    S.inn(tc, 366, "complaint_damage", params={"n": 36}, date=d, attach=[S.photo(d, True), S.photo(d, False)],
          flagged=True)
    S.out(tc, 365, "complaint_reply", cc=[world.manager])
    S.inn(tc, 362, [], extra="Thanks %s. Please add 36 pcs free of charge to our next order, and make sure the cartons "
                             "are strapped on the pallets next time." % O.first)
    S.out(tc, 361, "thanks_out")
    S.order(b, ob, "GV-WR22", 8000, 149, reorder=True, goods_ok=True)
    tv = S.thread(b, "Whitepaper: valve selection for water distribution", {}, ob)
    S.out(tv, 60, "value_content", attach=[("Hengtai_Whitepaper_Valve_Selection.pdf", "application/pdf", _whitepaper_b64())])
    S.inn(tv, 57, "thanks")

    # ---- Lone Star (US): API 6D, competitor, L/C, urgent ----
    ls = C["lonestar"]
    mj, sm = ls.contacts
    t = S.thread(ls, 'RFQ API 6D trunnion ball valves 4" 600#', S.deal(ls, "API-4C600", 120, cert="API 6D",
                                                                    competitor="Your competitor in Wenzhou", pct=7,
                                                                    terms="L/C at sight"), mj)
    S.inn(t, 402, ["inquiry", "ask_cert"], pick=2)
    S.quote(t, 401, attach=[("API6D_Monogram_License.pdf", "application/pdf", _cert_b64("API 6D"))])
    S.inn(t, 396, ["too_expensive", "payment_terms"], pick=0)
    S.out(t, 395, ["counter_offer", "payment_answer"], pick=0)
    S.inn(t, 391, "accept", pick=1)
    ot = S.order(ls, mj, "API-4C600", 120, 389, factor=0.96, forwarder=True)
    ot.msgs[0].folders.append("Archive")
    S.order(ls, sm, "API-4C600", 150, 252, factor=0.96, reorder=True, ask_shipment=True, deposit=False)
    tu = S.thread(ls, "URGENT - Corpus Christi terminal project", S.deal(ls, "API-4C600", 200, days=25), mj)
    S.inn(tu, 138, "urgent")
    S.out(tu, 138, "urgent_answer")
    S.order(ls, mj, "API-4C600", 200, 134, factor=0.96, reorder=True, forwarder=True)
    recent = S.order(ls, sm, "BV-SS50", 3000, 31, reorder=True, deposit=False)
    # the A customer's latest container arrived damaged two days ago: a fresh complaint for today's agenda
    tc = S.thread(ls, "Complaint: order " + recent.params["po"], dict(recent.params), sm)
    S.inn(tc, 2, "complaint_damage", params={"n": 24}, flagged=True)


    # ---- Great Lakes (US): churned ----
    g = C["greatlakes"]
    dk = g.contacts[0]
    t = S.thread(g, "Quote request - butterfly valves DN150", S.deal(g, "BF-DI150", 800), dk)
    S.inn(t, 536, "inquiry", pick=1, folder="Archive")
    S.quote(t, 535)
    S.inn(t, 529, "accept", pick=0, folder="Archive")
    for i, day in enumerate((522, 402, 231)):
        S.order(g, dk, "BF-DI150" if i != 1 else "CV-SW80", (800, 300, 400)[i], day, reorder=i > 0,
                goods_ok=i == 0, deposit=i == 0)
    tr = S.thread(g, "New 2026 catalogue + exclusive offer for Great Lakes Valve", {}, dk)
    S.out(tr, 150, "reactivation", attach=[("Hengtai_Catalogue_2026.pdf", "application/pdf", _catalogue_b64())], logo=True)
    S.out(tr, 95, "value_content", attach=[("Hengtai_Whitepaper_Valve_Selection.pdf", "application/pdf", _whitepaper_b64())])
    S.out(tr, 40, [], text="Dear Dave,\n\nI hope all is well in Chicago. We have not heard from you for a while - "
                           "is there anything we could do better? Any feedback is welcome.\n\nBest regards,\n" + O.name)

    # ---- Hidrotec (BR): stalled negotiation ----
    h = C["hidrotec"]
    rs = h.contacts[0]
    t = S.thread(h, "Cotação - válvulas borboleta DN150", S.deal(h, "BF-DI150", 400, terms="carta de crédito (L/C) a "
                                                                 "prazo de 90 dias", pct=10), rs)
    S.inn(t, 241, "inquiry")
    S.quote(t, 240)
    S.inn(t, 226, ["too_expensive", "payment_terms"])
    S.out(t, 224, ["counter_offer", "payment_answer"], pick=0)
    S.inn(t, 206, [], extra="Vamos analisar internamente e retornamos em breve.")
    S.out(t, 150, "followup", pick=0)
    S.inn(t, 136, "payment_terms", extra="Sem L/C a 90 dias não conseguimos fechar o pedido.")
    S.out(t, 90, "counter_offer", params={"price2": "%.2f" % (t.params["price_val"] * 0.94)}, pick=1)

    # ---- Levante (ES): eco-friendly ----
    lv = C["levante"]
    mg, jl = lv.contacts
    t = S.thread(lv, "Consulta válvulas de bola sin plomo", S.deal(lv, "BV-LF20", 10000), mg)
    S.inn(t, 331, ["inquiry", "ask_eco"])
    S.quote(t, 330)
    S.out(t, 330, "eco_answer", attach=[("Material_Certificate_CW602N.pdf", "application/pdf", _cert_b64("CW602N DZR"))])
    S.inn(t, 321, "sample_request")
    S.out(t, 320, "sample_sent")
    S.inn(t, 301, ["sample_ok", "accept"])
    S.order(lv, mg, "BV-LF20", 10000, 293, update=True, goods_ok=True)
    S.order(lv, jl, "BV-LF20", 12000, 172, reorder=True, deposit=False)
    te = S.thread(lv, "Compuertas sin plomo / materiales ecológicos", S.deal(lv, "GV-WR22", 3000), mg)
    S.inn(te, 61, [], extra="Nuestros clientes siguen pidiendo productos ecológicos y sostenibles. ¿Tienen también "
                            "válvulas de compuerta de latón sin plomo (CW602N)? Enviad por favor precio para 3000 unidades.")
    S.out(te, 60, "eco_answer")

    # ---- Dupont (FR): OEM, small MOQ, delay ----
    dp = C["dupont"]
    cd = dp.contacts[0]
    t = S.thread(dp, "Demande de prix - robinets gaz OEM", S.deal(dp, "GBV-15", 1500, qty_small=500), cd)
    S.inn(t, 281, ["inquiry", "oem", "moq_small"])
    S.quote(t, 280)
    S.out(t, 280, ["oem_answer", "moq_answer"])
    S.inn(t, 271, "accept")
    ot = S.order(dp, cd, "GBV-15", 1500, 266, ship=False)
    ps = ot.params
    S.inn(ot, 216, "complaint_delay", params={"weeks": 3}, flagged=True)
    S.out(ot, 216, "delay_reply", params={"etd": (world.today - timedelta(days=206)).strftime("%d %b %Y")})
    ps.update(vessel="CMA CGM TIGRIS V.214W", container="CMAU4402817", seal="CN4410021", bl="CMDUNGB44028177",
              etd=(world.today - timedelta(days=206)).strftime("%d %b %Y"),
              eta=(world.today - timedelta(days=175)).strftime("%d %b %Y"))
    d = wr.when(205, "CN", ot.last)
    S.out(ot, 205, "shipment_notice", date=d, attach=[S.bl_pdf(dp, ps, d)])
    S.inn(ot, 172, "goods_ok")

    # ---- Bianchi (IT): stalled, competitor ----
    bi = C["bianchi"]
    mr = bi.contacts[0]
    t = S.thread(bi, "Richiesta di offerta - valvole di ritegno DN80",
                 S.deal(bi, "CV-SW80", 300, competitor="Un fornitore indiano", pct=15), mr)
    S.inn(t, 201, "inquiry")
    S.quote(t, 200)
    S.inn(t, 186, "too_expensive")
    S.out(t, 185, "counter_offer", pick=1)
    S.inn(t, 171, [], extra="Il prezzo è ancora troppo alto: il concorrente indiano resta più economico del 10%. "
                            "Potete fare uno sforzo in più?")
    m = S.out(t, 169, "counter_offer", params={"price2": "%.2f" % (t.params["price_val"] * 0.92)}, pick=0)
    m = S.out(t, 141, "followup", pick=1)
    S.out_of_office(mr, m, "25 luglio", lang="it")
    S.inn(t, 110, [], extra="Stiamo valutando anche altre offerte. Vi faremo sapere.")

    # ---- TruboSnab (RU): koi8-r, no Message-ID ----
    ru = C["trubosnab"]
    di, el = ru.contacts
    t = S.thread(ru, "Запрос цены: задвижки DN100", S.deal(ru, "GV-CI100", 400, cert="ISO 9001"), di)
    S.inn(t, 361, "inquiry")
    S.quote(t, 359)
    S.inn(t, 351, "ask_cert")
    S.out(t, 350, "cert_send", attach=[("ISO9001_Certificate.pdf", "application/pdf", _cert_b64("ISO 9001:2015"))])
    S.inn(t, 341, "payment_terms", no_mid=True)
    S.out(t, 340, "payment_answer")
    S.inn(t, 336, "accept")
    S.order(ru, di, "GV-CI100", 400, 331, update=True)
    ot = S.order(ru, di, "GV-CI100", 600, 152, reorder=True, ship=False)
    S.inn(ot, 128, "ask_shipment", who=el)
    ps = ot.params
    ps.update(vessel="MAERSK EDMONTON V.431W", container="MRKU7781234", seal="CN7781235", bl="MAEU24501177",
              etd=(world.today - timedelta(days=118)).strftime("%d %b %Y"),
              eta=(world.today - timedelta(days=78)).strftime("%d %b %Y"))
    d = wr.when(120, "CN", ot.last)
    S.out(ot, 120, "shipment_notice", date=d, attach=[S.bl_pdf(ru, ps, d)], to=el)
    S.inn(ot, 75, "goods_ok", who=el)

    # ---- Al Noor (AE): Arabic, HTML-only, urgent, Ramadan ----
    an = C["alnoor"]
    am, rk = an.contacts
    t = S.thread(an, "طلب عرض سعر - وصلات حديد مطاوع", S.deal(an, "MF-MIX", 50000, days=20), am)
    S.inn(t, 291, "inquiry", html="only")
    S.quote(t, 290)
    S.inn(t, 285, "urgent", who=rk)
    S.out(t, 284, "urgent_answer", to=rk)
    S.inn(t, 276, [], who=am, html="only", no_mid=True,
          extra="رمضان كريم. سنؤكد الطلب بعد عيد الفطر إن شاء الله.")
    S.inn(t, 253, "accept", who=rk)
    S.order(an, rk, "MF-MIX", 50000, 251, transit=20)
    S.order(an, rk, "MF-MIX", 60000, 81, reorder=True, transit=20)

    # ---- Saudi Flow (SA): quality complaint, refund, manager in copy ----
    sa = C["saudiflow"]
    fq = sa.contacts[0]
    t = S.thread(sa, "Inquiry: ductile iron butterfly valves DN150", S.deal(sa, "BF-DI150", 600), fq)
    S.inn(t, 381, "inquiry", pick=2)
    S.quote(t, 380)
    S.inn(t, 373, "accept", pick=0)
    ot = S.order(sa, fq, "BF-DI150", 600, 371)
    tc = S.thread(sa, "Quality problem - order " + ot.params["po"], dict(ot.params, amount="USD 4,860.00"), fq)
    d = wr.when(301, "SA", ot.last)
    S.inn(tc, 301, "complaint_quality", params={"n": 37}, date=d, attach=[S.photo(d, False)], flagged=True,
          also="Archive")
    S.out(tc, 300, "complaint_reply", cc=[world.manager])
    S.inn(tc, 293, "refund", cc=[world.manager])
    d = wr.when(291, "CN", tc.last)
    S.out(tc, 291, "refund_reply", date=d, cc=[world.manager], attach=[S.report_8d(ot.params, d)])
    S.inn(tc, 289, [], extra="Noted. To be honest we will consider our future orders carefully after this experience.")
    tf = S.thread(sa, "Hengtai Valve - new quality control measures", {}, fq)
    S.out(tf, 121, [], text="Dear Mr. Faisal,\n\nFollowing the issue earlier this year we have added a 100% seat test "
                            "with recorded results for every export batch. I would be glad to discuss your requirements "
                            "for the coming projects.\n\nBest regards,\n" + O.name)
    # the manager asks about it (internal, Chinese)
    ti = S.thread(None, "沙特客户投诉进展", {}, world.manager)
    mi = wr.send(ti, world.manager, [O], day=297, intent_tag="internal",
                 text="%s：\n\n沙特Saudi Flow的漏水投诉现在处理得怎么样了？8D报告请抄送我，赔偿金额控制在5000美金以内。\n\nGrace\n"
                      "周雅琴 | 外贸部经理" % (O.first,))
    wr.send(ti, O, [world.manager], day=296, parent=mi, intent_tag="internal",
            text="周总：\n\n已经回复客户了，QC正在查原因，8D报告三天内发给客户并抄送您。客户要求4860美金的credit note，"
                 "我们建议从下一单里扣。\n\n%s" % cn_full)
    # ---- Akdeniz (TR): active negotiation, iso-8859-9 ----
    ak = C["akdeniz"]
    my = ak.contacts[0]
    t = S.thread(ak, "Fiyat talebi - paslanmaz küresel vanalar DN50", S.deal(ak, "BV-SS50", 1000, qty_small=300), my)
    S.inn(t, 71, "inquiry")
    S.quote(t, 70)
    S.inn(t, 61, "sample_request", charset="utf-8")
    S.out(t, 60, "sample_sent")
    S.inn(t, 41, ["sample_ok", "too_expensive"])
    S.out(t, 39, "counter_offer")
    S.inn(t, 21, "payment_terms")
    S.out(t, 20, "payment_answer")
    S.inn(t, 6, "moq_small", unread=True)

    # ---- Yamamoto (JP): iso-2022-jp, quality ----
    y = C["yamamoto"]
    ky, ms = y.contacts
    t = S.thread(y, "お見積り依頼：玉形弁 DN50", S.deal(y, "GLV-50", 200, cert="ISO 9001"), ky)
    S.inn(t, 421, ["inquiry", "ask_cert"])
    S.quote(t, 420, attach=[("ISO9001_Certificate.pdf", "application/pdf", _cert_b64("ISO 9001:2015"))])
    S.inn(t, 411, "sample_request", who=ms, params={"n": 3})
    S.out(t, 410, "sample_sent", to=ms, params={"n": 3})
    S.inn(t, 386, "sample_ok", who=ms)
    S.inn(t, 384, "accept")
    S.order(y, ky, "GLV-50", 200, 381, goods_ok=True)
    S.order(y, ky, "GLV-50", 300, 128, reorder=True, deposit=False)
    tm = S.thread(y, "ミルシート送付のお願い（注文 GLV-50）", {}, ms)
    S.inn(tm, 46, [], extra="前回納品分のミルシート（材料証明書）をお送りいただけますでしょうか。弊社の品質記録に必要でございます。")
    S.out(tm, 45, "thanks_out", attach=[("Mill_Test_Certificate_WCB.pdf", "application/pdf", _cert_b64("EN 10204 3.1 WCB"))],
          pick=0)

    # ---- Shree Ganesh (IN): stalled, 'for example', price probing ----
    sg = C["shreeganesh"]
    rj = sg.contacts[0]
    t = S.thread(sg, "Enquiry for SS316 ball valves", S.deal(sg, "BV-SS50", 500, qty_small=150,
                                                             competitor="Another Chinese supplier", pct=12), rj)
    S.inn(t, 151, "inquiry", pick=0)
    S.quote(t, 150, pick=1)
    S.inn(t, 141, ["for_example", "too_expensive"], pick=1)
    S.out(t, 140, "counter_offer", pick=1)
    S.inn(t, 121, "moq_small")
    S.out(t, 120, "moq_answer")
    S.inn(t, 61, [], extra="We are still comparing offers. Please share your best price for 300 pcs, payment 100% "
                           "against B/L copy.")
    S.out(t, 60, "counter_offer", params={"qty": 300}, pick=0)

    # ---- VC Norte (MX): churned, overdue balance ----
    vc = C["vcnorte"]
    lh = vc.contacts[0]
    t = S.thread(vc, "Solicitud de cotización - accesorios de fundición maleable", S.deal(vc, "MF-MIX", 80000), lh)
    S.inn(t, 541, "inquiry", folder="Archive")
    S.quote(t, 540)
    S.inn(t, 533, "accept", folder="Archive")
    S.order(vc, lh, "MF-MIX", 80000, 524, deposit=False)
    S.order(vc, lh, "MF-MIX", 90000, 428, reorder=True, deposit=False)
    ot = S.order(vc, lh, "GBV-15", 20000, 331, reorder=True, paid=0.7)
    S.out(ot, 262, [], text="Dear Luis,\n\nA friendly reminder: the balance of USD %s for order %s (70%% of the invoice "
                            "has been received) is now 45 days overdue. Could you please check with your accounts "
                            "department?\n\nBest regards,\n%s" % (_money(ot.params["amount_val"] * 0.3), ot.params["po"],
                                                                     O.name))
    tr = S.thread(vc, "Nuevo catálogo 2026 / new catalogue and exclusive discount", {}, lh)
    S.out(tr, 200, "reactivation", attach=[("Hengtai_Catalogue_2026.pdf", "application/pdf", _catalogue_b64())])
    S.out(tr, 120, "followup", params={"quote": "HT-%d-%03d" % (S._year(200), 88)}, pick=0)

    # ---- Saigon Water (VN): gmail -> company address in the same thread ----
    sw = C["saigonwater"]
    mg_, mc = sw.contacts
    t = S.thread(sw, "Inquiry pressure reducing valves DN20 - Canton Fair", S.deal(sw, "PRV-20", 2000,
                                                                              source="the Canton Fair",
                                                                              terms="T/T 60 days after B/L"), mg_)
    S.inn(t, 181, "inquiry", pick=1)
    S.quote(t, 180)
    S.inn(t, 171, "payment_terms", who=mc, extra="PS: this is my company email, please use it from now on. "
                                                    "My gmail was only for the fair.")
    S.out(t, 170, "payment_answer", to=mc)
    S.inn(t, 166, "accept", who=mc, pick=0)
    S.order(sw, mc, "PRV-20", 2000, 158, goods_ok=True, transit=7)

    # ---- Southern Cross (AU): forwarded lead, negative eco, 'no complaints so far' ----
    au = C["southerncross"]
    jt = au.contacts[0]
    p = S.deal(au, "BV-B25", 15000)
    orig_t = S.thread(au, "Enquiry - brass ball valves for irrigation project", p, jt)
    orig = wr.send(orig_t, jt, [world.colleague], day=253, intents="inquiry", pick=0)
    wr.msgs.remove(orig)  # it reached Tom, not us: we only see it forwarded
    orig_t.msgs.clear()
    fwd_text = ("Hi %s,\n\nI met Jack at the Canton Fair, they are a big irrigation distributor in Sydney. You handle "
                "Australia, please follow up. His original mail is attached.\n\nThanks,\nTom" % O.first)
    uid = wr.seq + 1
    root = _Multi("mixed", wr._boundary("foxmail", uid, 1), [
        _text_leaf(fwd_text.replace("\n", CRLF), "plain", "utf-8", "base64"),
        _Leaf(['Content-Type: message/rfc822; name="Enquiry - brass ball valves for irrigation project.eml"',
               'Content-Disposition: attachment; filename="Enquiry - brass ball valves for irrigation project.eml"'],
              orig.raw),
    ])
    wr.send(None, world.colleague, [O], day=251, subject="Fw: " + orig.subject, text=fwd_text, root=root,
            intent_tag="forward")
    t = S.thread(au, "Enquiry - brass ball valves for irrigation project", p, jt)
    S.quote(t, 250, pick=0, extra="My colleague %s passed your enquiry to me; I will be your contact from now on."
            % world.colleague.name)
    S.inn(t, 241, "neg_eco", extra="Please quote the standard brass version only, we need to keep the cost down.")
    S.out(t, 240, "counter_offer", pick=0)
    S.inn(t, 234, "accept", pick=1)
    S.order(au, jt, "BV-B25", 15000, 231)
    ta = S.thread(au, "Feedback on the last shipment", {}, jt)
    S.inn(ta, 151, "no_complaints")
    S.out(ta, 150, "goods_ok_reply")
    S.order(au, jt, "BV-B25", 15000, 111, reorder=True)

    # ---- Formosa (TW): big5, negotiation ----
    fm = C["formosa"]
    cc_ = fm.contacts[0]
    t = S.thread(fm, "詢價：Y型過濾器 DN50", S.deal(fm, "YS-50", 300, terms="30%訂金T/T，70%見提單副本付款"), cc_)
    S.inn(t, 51, "inquiry")
    S.quote(t, 50)
    S.inn(t, 36, ["too_expensive", "payment_terms"])
    S.out(t, 35, "counter_offer")
    S.inn(t, 12, "accept")

    # ---- Harbour (HK): big5, small orders ----
    hb = C["harbour"]
    kf = hb.contacts[0]
    t = S.thread(hb, "詢價：止回閥 DN80", S.deal(hb, "CV-SW80", 200), kf)
    S.inn(t, 311, "inquiry")
    S.quote(t, 310)
    S.inn(t, 301, "accept")
    S.order(hb, kf, "CV-SW80", 200, 299, transit=3)

    # ---- free-mail buyers ----
    eg = C["cairo"]
    ah = eg.contacts[0]
    S.alibaba(76, ah, "Cairo Plumbing Supplies", "Egypt", "GBV-15", 3000,
              "Hello, I need gas ball valves DN15 for the Egyptian market. Please send price and MOQ. Thanks")
    t = S.thread(eg, "Your inquiry on Alibaba: Gas Ball Valve DN15 - Hengtai Valve", S.deal(eg, "GBV-15", 3000,
                                                                                           qty_small=1000), ah)
    S.quote(t, 75, pick=1)
    S.inn(t, 71, ["too_expensive", "moq_small"], pick=1)
    S.out(t, 70, ["counter_offer", "moq_answer"], pick=1)
    S.inn(t, 56, [], extra="I will discuss with my partner and come back to you.")

    co = C["mendoza"]
    cmz = co.contacts[0]
    t = S.thread(co, "Cotización válvulas de gas", S.deal(co, "GBV-15", 500), cmz)
    S.inn(t, 131, "inquiry", html="only")
    S.quote(t, 130)
    S.out(t, 100, "followup", pick=0)
    S.out(t, 70, "followup", pick=1)

    wj = C["wangjun"]
    wjp = wj.contacts[0]
    t = S.thread(wj, "询价：玛钢管件", S.deal(wj, "MF-MIX", 30000, terms="30%定金，70%见提单副本付款"), wjp)
    S.inn(t, 96, "inquiry")
    tp = t.params
    d = wr.when(95, "CN", t.last)
    tp["quote"] = S.quote_no(95)
    S.out(t, 95, [], date=d, attach=[S.quote_pdf(wj, wjp, tp, d)],
          text="王总您好：\n\n谢谢询价。附件是我们的报价单%s：玛钢管件 %d个，单价 USD %s FOB宁波，交期30天左右。\n"
               "有任何问题请随时联系。\n\n%s\n宁波恒泰阀门有限公司\n手机/微信：%s" % (tp["quote"], tp["qty"], tp["price"], cn_full,
                                                                   O.phone))
    S.inn(t, 91, "sample_request", params={"n": 3})
    S.out(t, 90, "sample_sent", params={"n": 3})
    S.inn(t, 66, ["sample_ok", "payment_terms"])
    S.out(t, 65, "payment_answer")
    S.inn(t, 31, "accept")

    li = C["lihua"]
    lhp = li.contacts[0]
    S.alibaba(26, lhp, "Li Hua Import Pte Ltd", "Singapore", "BV-B25", 5000,
              "Dear supplier, please quote brass ball valves DN25, 5000 pcs, CIF Singapore.", platform="mic")
    t = S.thread(li, "Quotation brass ball valves DN25 - Hengtai Valve", S.deal(li, "BV-B25", 5000, cert="CE",
                                                                               days=15), lhp)
    S.quote(t, 25, pick=1)
    S.inn(t, 19, ["urgent", "ask_cert"])
    S.out(t, 18, ["urgent_answer", "cert_send"], attach=[("CE_Certificate.pdf", "application/pdf", _cert_b64("CE"))])

    # more platform inquiries that went nowhere
    for day, name, mail, comp, country, code, qty, plat in (
            (455, "John Okafor", "john.okafor.ng@gmail.com", "Okafor Building Materials", "Nigeria", "MF-MIX", 20000, "alibaba"),
            (318, "Pedro Alves", "pedro.alves.pt@hotmail.com", "Alves Canalizações", "Portugal", "BV-B25", 2000, "alibaba"),
            (44, "Anh Tran", "anhtran.hvac@gmail.com", "Tran HVAC Co.", "Vietnam", "PRV-20", 800, "alibaba")):
        buyer = _Party(name, mail, "en", mailer="gmail" if "gmail" in mail else "webmail", zone="CN")
        S.alibaba(day, buyer, comp, country, code, qty, "Please send your best price for %d pcs. Thank you." % qty,
                  platform=plat)
        fake = _Company("lead", comp, country, "XX", "CN", "en", "-", "-", "USD", [mail.split("@")[1]], [buyer])
        tl = S.thread(fake, "Hengtai Valve quotation - %s" % _PRODUCT[code][1], S.deal(fake, code, qty), buyer)
        S.quote(tl, day - 1, pick=1)

    # ---- supplier (GBK labelled gb2312), forwarder, colleague, manager ----
    sup = world.supplier
    ts = S.thread(None, "关于阀体毛坯交货安排", {}, sup)
    m = wr.send(ts, sup, [O], day=402, intent_tag="supplier",
                text="%s经理：\n\n您好！贵司订单的DN25黄铜球阀阀体毛坯（共22000件）已经浇铸完成，预计本周五送到贵司仓库，"
                     "送货单随货附上。\n如有问题请与我联系。\n\n王喆\n浙江永固铸造有限公司 销售部\n电话：0574-8765 4321  "
                     "手机：138 5741 2266" % cn_sur)
    wr.send(ts, O, [sup], day=401, parent=m, charset="gb2312", intent_tag="supplier",
            text="王总：\n\n收到，谢谢！请务必按时送货，德国客户的订单很急。\n\n%s" % cn_full)
    ts2 = S.thread(None, "黄铜铸件价格调整通知", {}, sup)
    m = wr.send(ts2, sup, [O], day=219, intent_tag="supplier", cc=[world.manager],
                text="%s经理、周总：\n\n由于近期铜价大幅上涨，且本地限电导致生产安排推迟，从下月一号起黄铜铸件价格每公斤上调"
                     "1.5元，在制订单交货期顺延约两周，敬请谅解。\n\n王喆\n浙江永固铸造有限公司 销售部" % cn_sur)
    wr.send(ts2, O, [sup], day=218, parent=m, charset="gb2312", cc=[world.manager], intent_tag="supplier",
            text="王总：\n\n交货推迟对我们的法国客户影响很大，请尽量优先安排Dupont的订单。价格的事情周总会跟您再沟通。\n\n"
                 "%s" % cn_full)
    m = wr.send(S.thread(None, "十月份毛坯交货计划", {}, sup), sup, [O], day=33, intent_tag="supplier",
                text="%s经理：\n\n十月份的毛坯交货计划见下表，请确认：\nDN20无铅铜阀体 15000件  10月18日\nDN15燃气阀体 "
                     "18000件  10月25日\n\n王喆\n浙江永固铸造有限公司" % cn_sur)

    tt = S.thread(None, "广交会展位安排 / Canton Fair booth schedule", {}, world.colleague)
    mt = wr.send(tt, world.colleague, [O], day=42, cc=[world.manager], charset="utf-8", intent_tag="internal",
                 text="Lisa,\n\n广交会第一期我们的展位是 5.1馆 D21。排班如下：\n10月15-16日：Lisa + Tom\n10月17-19日：Tom + Grace\n"
                      "请带好新样本和报价单。\n\nTom")
    wr.send(tt, O, [world.colleague], day=42, parent=mt, charset="utf-8", intent_tag="internal",
            text="收到，我会准备20本新样本和无铅阀门的样品。\n\n%s" % cn_full)
    tg = S.thread(None, "Q4 pipeline review", {}, world.manager)
    wr.send(tg, world.manager, [O], day=7, intent_tag="internal",
            text="Hi %s,\n\nFor Friday's pipeline review please update the status of Bianchi, Hidrotec and Shree Ganesh "
                 "(all stuck in negotiation), and tell me what we do about Great Lakes and VC Norte - no orders for "
                 "more than half a year.\n\nThanks,\nGrace" % O.first, unread=True)

    # ---- newsletters ----
    day = 538
    i = 0
    while day > 2:
        S.newsletter(day, 0, image=i % 3 != 1)
        if i % 3 == 0:
            nm = S.newsletter(day - 9, 1, image=False)
            if i == 3:
                nm.mid = None  # stored below without a Message-ID
                head, rest = nm.raw.split(b"\r\n\r\n", 1)
                nm.raw = b"\r\n".join(ln for ln in head.split(b"\r\n") if not ln.startswith(b"Message-ID:")) + \
                    b"\r\n\r\n" + rest
        day -= 45
        i += 1
    S.newsletter(48, 2)
    return wr.msgs, wr.orders


# --------------------------------------------------------------------------------------
# Synthetic customers (past the curated story): one block per customer, same mix
# --------------------------------------------------------------------------------------

# cc, country, zone, langs (lang, weight), tld, currency, name pattern, legal forms, words, people (first, last), cities/ports,
# mailers, special charset (charset, probability)
_SYN: list[dict] = [
    dict(cc="DE", country="Germany", zone="EU_C", langs=[("de", 8), ("en", 2)], tld="de", cur="EUR", pat="{last} {word} {form}",
         forms=["GmbH", "GmbH & Co. KG", "AG"], words=["Armaturen", "Haustechnik", "Rohrsysteme", "Industriebedarf",
                                                      "Sanitärhandel", "Fluidtechnik", "Ventiltechnik", "Gebäudetechnik"],
         first=["Thomas", "Stefan", "Michael", "Andreas", "Katrin", "Sabine", "Julia", "Markus", "Frank", "Claudia"],
         last=["Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter", "Wolf", "Neumann",
               "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange"],
         cities=[("Hamburg", "Hamburg"), ("Düsseldorf", "Hamburg"), ("Stuttgart", "Hamburg"), ("Hannover", "Bremerhaven")],
         mailers=["outlook", "outlook", "outlook", "thunderbird"]),
    dict(cc="GB", country="United Kingdom", zone="EU_W", langs=[("en", 1)], tld="co.uk", cur="USD", pat="{last} {word} {form}",
         forms=["Ltd"], words=["Valves", "Pipeline Supplies", "Plumbing Supplies", "Fluid Controls", "Flow Solutions",
                               "Industrial Supplies", "Heating Supplies"],
         first=["James", "David", "Emma", "Sophie", "Daniel", "Helen", "Mark", "Rachel", "Paul", "Claire"],
         last=["Smith", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Robinson", "Thompson", "Hall",
               "Green", "Wood", "Harris", "Clarke"],
         cities=[("Manchester", "Felixstowe"), ("Leeds", "Felixstowe"), ("Birmingham", "Southampton"), ("Glasgow", "Liverpool")],
         mailers=["outlook", "outlook", "apple", "gmail"]),
    dict(cc="US", country="USA", zone="US_E", langs=[("en", 1)], tld="com", cur="USD", pat="{place} {word} {form}",
         forms=["LLC", "Inc.", "Corp."], places=["Gulf Coast", "Pacific", "Midwest", "Atlantic", "Keystone", "Liberty",
                                                 "Summit", "Pioneer", "Lakeshore", "Bluegrass", "Granite State", "Sunbelt"],
         words=["Valve Supply", "Pipe & Valve", "Industrial Supply", "Flow Products", "Fittings", "Plumbing Wholesale"],
         first=["John", "Robert", "Jennifer", "Michael", "Linda", "Chris", "Jessica", "Brian", "Amanda", "Kevin"],
         last=["Williams", "Jones", "Garcia", "Davis", "Martinez", "Anderson", "Moore", "Jackson", "White", "Lee",
               "Clark", "Lewis"],
         cities=[("Atlanta", "Savannah"), ("Los Angeles", "Long Beach"), ("Cleveland", "New York"), ("Denver", "Long Beach")],
         zones=["US_E", "US_C", "US_P"], mailers=["outlook", "gmail", "outlook", "apple"]),
    dict(cc="BR", country="Brazil", zone="BR", langs=[("pt", 1)], tld="com.br", cur="USD", pat="{word} {last} {form}",
         forms=["Ltda"], words=["Hidráulica", "Válvulas", "Conexões", "Materiais Hidráulicos", "Comercial"],
         first=["João", "Pedro", "Ana", "Juliana", "Lucas", "Fernanda", "Marcos", "Camila"],
         last=["Silva", "Santos", "Oliveira", "Pereira", "Costa", "Rodrigues", "Almeida", "Ferreira", "Lima", "Carvalho"],
         cities=[("Curitiba", "Paranaguá"), ("Porto Alegre", "Rio Grande"), ("Belo Horizonte", "Santos")],
         mailers=["outlook", "gmail", "outlook"]),
    dict(cc="ES", country="Spain", zone="EU_C", langs=[("es", 1)], tld="es", cur="EUR", pat="{word} {last} {form}",
         forms=["S.L.", "S.A."], words=["Suministros", "Fontanería", "Hidráulica", "Válvulas", "Distribuciones"],
         first=["Antonio", "Manuel", "Carmen", "Lucía", "Javier", "Elena", "Pablo", "Laura"],
         last=["Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno", "Muñoz", "Romero", "Navarro"],
         cities=[("Madrid", "Valencia"), ("Barcelona", "Barcelona"), ("Sevilla", "Algeciras"), ("Bilbao", "Bilbao")],
         mailers=["outlook", "outlook", "gmail"]),
    dict(cc="FR", country="France", zone="EU_C", langs=[("fr", 1)], tld="fr", cur="EUR", pat="{word} {last} {form}",
         forms=["SARL", "SAS"], words=["Robinetterie", "Plomberie", "Hydraulique", "Distribution", "Négoce"],
         first=["Pierre", "Nicolas", "Isabelle", "Nathalie", "Julien", "Céline", "François", "Sandrine"],
         last=["Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel"],
         cities=[("Paris", "Le Havre"), ("Marseille", "Fos-sur-Mer"), ("Nantes", "Le Havre"), ("Lille", "Dunkerque")],
         mailers=["outlook", "thunderbird", "outlook"]),
    dict(cc="IT", country="Italy", zone="EU_C", langs=[("it", 1)], tld="it", cur="EUR", pat="{word} {last} {form}",
         forms=["S.r.l.", "S.p.A."], words=["Valvole", "Idraulica", "Raccorderia", "Termoidraulica", "Forniture"],
         first=["Luca", "Giuseppe", "Francesca", "Chiara", "Alessandro", "Giulia", "Andrea", "Paola"],
         last=["Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti"],
         cities=[("Torino", "Genova"), ("Bologna", "La Spezia"), ("Napoli", "Napoli"), ("Brescia", "Genova")],
         mailers=["outlook", "outlook", "thunderbird"]),
    dict(cc="RU", country="Russia", zone="RU", langs=[("ru", 1)], tld="ru", cur="USD", pat="ru",
         words=[("Техснаб", "tehsnab"), ("Промарматура", "promarmatura"), ("Гидросистемы", "gidrosistemy"),
                ("Сантехкомплект", "santehkomplekt"), ("Трубопровод", "truboprovod"), ("Водоснаб", "vodosnab"),
                ("Теплоресурс", "teploresurs"), ("Инжстрой", "inzhstroy")],
         forms=[("", ""), ("-М", "-m"), (" Плюс", "-plus"), ("-Урал", "-ural"), (" Сибирь", "-sibir"), ("-Юг", "-yug")],
         first=[("Алексей", "Alexey"), ("Сергей", "Sergey"), ("Ольга", "Olga"), ("Ирина", "Irina"), ("Андрей", "Andrey"),
                ("Наталья", "Natalia")],
         last=[("Кузнецов", "kuznetsov"), ("Попов", "popov"), ("Соколов", "sokolov"), ("Морозов", "morozov"),
               ("Волков", "volkov"), ("Лебедев", "lebedev")],
         cities=[("Екатеринбург", "Санкт-Петербург"), ("Новосибирск", "Владивосток"), ("Москва", "Новороссийск")],
         mailers=["thebat", "outlook", "thunderbird"], charset=("koi8-r", 0.4)),
    dict(cc="AE", country="UAE", zone="AE", langs=[("en", 6), ("ar", 4)], tld="ae", cur="USD", pat="{place} {word} {form}",
         forms=["Trading LLC", "LLC", "FZE"], places=["Al Safa", "Gulf Star", "Emirates", "Al Rashid", "Desert Rose",
                                                      "Al Fajr", "Marina", "Al Waha"],
         words=["Building Materials", "Sanitary Ware", "Pipes & Fittings", "Technical Supplies"],
         first=["Mohammed", "Khalid", "Omar", "Yousef", "Fatima", "Ali", "Suresh", "Imran"],
         last=["Al Hashimi", "Al Zaabi", "Haddad", "Nasser", "Rahman", "Qureshi", "Al Marri", "Menon"],
         cities=[("Dubai", "Jebel Ali"), ("Sharjah", "Jebel Ali"), ("Abu Dhabi", "Khalifa Port")],
         mailers=["outlook", "outlook", "webmail", "gmail"]),
    dict(cc="SA", country="Saudi Arabia", zone="SA", langs=[("en", 6), ("ar", 4)], tld="com.sa", cur="USD",
         pat="{place} {word} {form}", forms=["Co.", "Est.", "Trading Co."],
         places=["Al Jazeera", "Najd", "Red Sea", "Al Khaleej", "Riyadh", "Al Madina", "Tabuk", "Al Qassim"],
         words=["Pipes", "Valves & Fittings", "Contracting", "Industrial Supplies"],
         first=["Abdullah", "Saad", "Fahad", "Nasser", "Turki", "Majed", "Sultan", "Hassan"],
         last=["Al-Otaibi", "Al-Harbi", "Al-Ghamdi", "Al-Zahrani", "Al-Shehri", "Al-Dossari", "Al-Mutairi", "Al-Subaie"],
         cities=[("Jeddah", "Jeddah"), ("Dammam", "Dammam"), ("Riyadh", "Dammam")], mailers=["outlook", "outlook", "gmail"]),
    dict(cc="TR", country="Turkey", zone="TR", langs=[("tr", 8), ("en", 2)], tld="com.tr", cur="USD", pat="{last} {word} {form}",
         forms=["San. ve Tic. A.Ş.", "Ltd. Şti."], words=["Vana", "Tesisat", "Boru", "Hırdavat", "Yapı Malzemeleri"],
         first=["Ahmet", "Mustafa", "Ayşe", "Fatma", "Emre", "Zeynep", "Burak", "Elif"],
         last=["Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç"],
         cities=[("İstanbul", "Ambarlı"), ("Bursa", "Gemlik"), ("Ankara", "Mersin"), ("Konya", "Mersin")],
         mailers=["outlook", "thunderbird", "gmail"], charset=("iso-8859-9", 0.3)),
    dict(cc="JP", country="Japan", zone="JP", langs=[("ja", 1)], tld="co.jp", cur="USD", pat="jp",
         words=[("東洋", "toyo"), ("大和", "daiwa"), ("中央", "chuo"), ("三協", "sankyo"), ("北陸", "hokuriku"),
                ("関西", "kansai"), ("昭和", "showa"), ("富士", "fuji")],
         forms=[("バルブ", "valve"), ("配管", "haikan"), ("工業", "kogyo"), ("商事", "shoji"), ("設備", "setsubi")],
         first=[("健太", "Kenta"), ("直樹", "Naoki"), ("由美", "Yumi"), ("浩", "Hiroshi"), ("恵子", "Keiko"), ("大輔", "Daisuke")],
         last=[("佐々木", "Sasaki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("伊藤", "Ito"), ("渡辺", "Watanabe"),
               ("中村", "Nakamura")],
         cities=[("東京", "Tokyo"), ("名古屋", "Nagoya"), ("横浜", "Yokohama"), ("福岡", "Hakata")],
         mailers=["outlook", "outlook", "thunderbird"], charset=("iso-2022-jp", 0.7)),
    dict(cc="IN", country="India", zone="IN", langs=[("en", 1)], tld="in", cur="USD", pat="{last} {word} {form}",
         forms=["Pvt Ltd", "Pvt. Ltd.", "LLP"], words=["Engineering", "Enterprises", "Industries", "Traders", "Flow Controls",
                                                       "Hydraulics"],
         first=["Amit", "Suresh", "Priya", "Vikram", "Anil", "Deepak", "Sunita", "Rahul", "Manoj", "Kavita"],
         last=["Patel", "Gupta", "Mehta", "Agarwal", "Reddy", "Iyer", "Joshi", "Shah", "Kulkarni", "Bansal"],
         cities=[("Mumbai", "Nhava Sheva"), ("Ahmedabad", "Mundra"), ("Chennai", "Chennai"), ("Kolkata", "Kolkata")],
         mailers=["gmail", "outlook", "gmail"]),
    dict(cc="MX", country="Mexico", zone="MX", langs=[("es", 1)], tld="com.mx", cur="USD", pat="{word} {last} {form}",
         forms=["S.A. de C.V.", "S. de R.L. de C.V."], words=["Válvulas", "Conexiones", "Hidráulica", "Suministros Industriales",
                                                              "Tubería"],
         first=["José", "Juan", "Guadalupe", "Alejandra", "Miguel", "Verónica", "Ricardo", "Patricia"],
         last=["González", "Rodríguez", "López", "Ramírez", "Flores", "Torres", "Rivera", "Vázquez", "Castillo", "Ortiz"],
         cities=[("Guadalajara", "Manzanillo"), ("Ciudad de México", "Lázaro Cárdenas"), ("Puebla", "Veracruz")],
         mailers=["outlook", "gmail", "outlook"]),
    dict(cc="VN", country="Vietnam", zone="VN", langs=[("en", 1)], tld="com.vn", cur="USD", pat="{place} {word} {form}",
         forms=["JSC", "Co., Ltd"], places=["Saigon", "Hanoi", "Da Nang", "Mekong", "Hai Phong", "Dong Nai", "Binh Duong"],
         words=["Water Technology", "Construction Materials", "Mechanical", "Technical", "M&E"],
         first=["Tuan", "Hung", "Lan", "Huong", "Duc", "Thao", "Quang", "Mai"],
         last=["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"],
         cities=[("Ho Chi Minh City", "Cat Lai"), ("Hanoi", "Hai Phong"), ("Da Nang", "Da Nang")],
         mailers=["gmail", "outlook", "gmail"]),
    dict(cc="AU", country="Australia", zone="AU", langs=[("en", 1)], tld="com.au", cur="USD", pat="{place} {word} {form}",
         forms=["Pty Ltd"], places=["Outback", "Coastal", "Harbour City", "Murray River", "Bayside", "Red Centre", "Eastern",
                                    "Goldfields"],
         words=["Irrigation", "Plumbing Supplies", "Valves", "Water Solutions", "Pipe Supplies"],
         first=["Liam", "Olivia", "Noah", "Chloe", "Mitchell", "Emily", "Ryan", "Jessica"],
         last=["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Martin", "Kelly", "Ryan", "Campbell"],
         cities=[("Melbourne", "Melbourne"), ("Brisbane", "Brisbane"), ("Perth", "Fremantle"), ("Adelaide", "Adelaide")],
         mailers=["outlook", "apple", "gmail"]),
    dict(cc="TW", country="Taiwan", zone="CN", langs=[("zh_tw", 1)], tld="com.tw", cur="USD", pat="tw",
         words=[("永豐", "yungfeng"), ("大同", "datong"), ("台灣", "taiwan"), ("東亞", "dongya"), ("新竹", "hsinchu")],
         forms=[("閥門", "valve"), ("工業", "industrial"), ("貿易", "trading"), ("機電", "mech")],
         first=[("志豪", "Chih-Hao"), ("美玲", "Mei-Ling"), ("建宏", "Chien-Hung"), ("淑芬", "Shu-Fen")],
         last=[("林", "Lin"), ("張", "Chang"), ("李", "Lee"), ("王", "Wang")],
         cities=[("台北", "Keelung"), ("高雄", "Kaohsiung"), ("台中", "Taichung")],
         mailers=["outlook", "foxmail"], charset=("big5", 1.0)),
]
_SYN_SLOTS = ["DE", "US", "GB", "DE", "BR", "ES", "FR", "IT", "RU", "AE", "US", "SA", "TR", "JP", "IN", "MX", "VN", "AU",
              "IN", "TW"]
_SYN_BY_CC = {d["cc"]: d for d in _SYN}
_FREEMAIL = [("gmail.com", "gmail"), ("hotmail.com", "outlook"), ("yahoo.com", "webmail"), ("outlook.com", "outlook")]
_CURATED_DOMAINS = frozenset(("kessler-armaturen.de", "kessler-group.com", "bridgewater-fluid.co.uk", "lonestarpipe.com",
                              "greatlakesvalve.com", "hidrotec.com.br", "levantehidraulica.es", "dupont-robinetterie.fr",
                              "valvolebianchi.it", "trubosnab.ru", "alnoor-bm.ae", "saudiflow.com.sa",
                              "akdenizvana.com.tr", "yamamoto-valve.co.jp", "shreeganesh-eng.in", "vcnorte.com.mx",
                              "saigonwater.com.vn", "southerncrossirrigation.com.au", "formosa-supply.com.tw",
                              "harbourtrading.com.hk", "alnoorgroup.ae"))


_TRANSLIT = str.maketrans({"ß": "ss", "ı": "i", "İ": "I", "ø": "o", "æ": "ae"})
_TRANSLIT_DE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _slug(s: str, german: bool = False) -> str:
    if german:
        s = s.translate(_TRANSLIT_DE)
    s = _ascii(s.translate(_TRANSLIT)).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _synth_company(k: int, rng: random.Random) -> _Company:
    L = len(_SYN_SLOTS)
    slot = k % L
    cc = _SYN_SLOTS[slot]
    per_round = _SYN_SLOTS.count(cc)
    j = (k // L) * per_round + _SYN_SLOTS[:slot].count(cc)  # index of this company within its country
    d = _SYN_BY_CC[cc]
    pat = d["pat"]
    forms, words = d["forms"], d["words"]
    lang = rng.choices([x for x, _ in d["langs"]], [w for _, w in d["langs"]])[0]
    zone = rng.choice(d.get("zones", [d["zone"]]))
    city, port = rng.choice(d["cities"])
    if pat in ("ru", "jp", "tw"):
        size = len(words) * len(forms)
        a, b = words[j % len(words)], forms[(j // len(words)) % len(forms)]
        cycle = j // size
        if pat == "ru":
            name = "ООО \"%s%s\"" % (a[0], b[0])
            dom = "%s%s" % (a[1], b[1])
        elif pat == "jp":
            name = "株式会社%s%s" % (a[0], b[0]) if j % 2 else "%s%s株式会社" % (a[0], b[0])
            dom = "%s-%s" % (a[1], b[1])
        else:
            name = "%s%s股份有限公司" % (a[0], b[0])
            dom = "%s-%s" % (a[1], b[1])
    else:
        key = "last" if "{last}" in pat else "places"
        first_list = d[key]
        size = len(first_list) * len(words)
        a = first_list[(j + j // len(first_list)) % len(first_list)]
        w_ = words[(j // len(first_list)) % len(words)]
        cycle = j // size
        form = forms[j % len(forms)]
        dom = _slug("%s %s" % (a, w_), german=cc == "DE")
        if cycle:
            regions = ("Nord", "Süd", "West", "Ost", "Group", "International", "Holding", "Solutions")
            w_ += " " + regions[(cycle - 1) % 8] + (" %d" % ((cycle - 1) // 8 + 1) if cycle > 8 else "")
        name = pat.format(last=a, place=a, word=w_, form=form)
    if cycle:
        dom += "-%d" % (cycle + 1)
        extra = {"ru": ["Групп", "Трейд", "Север", "Восток", "Центр", "Регион", "Холдинг", "Инвест"],
                 "jp": ["名古屋", "横浜", "神戸", "札幌", "仙台", "広島", "京都", "千葉"],
                 "tw": ["台北", "高雄", "台中", "新北", "桃園", "台南", "新竹", "嘉義"]}.get(pat)
        if extra:
            e = extra[(cycle - 1) % len(extra)] + ("%d" % ((cycle - 1) // len(extra) + 1) if cycle > len(extra) else "")
            if pat == "ru":
                name = name[:-1] + " " + e + '"'
            else:
                name = e + name

    domain = "%s.%s" % (dom, d["tld"])
    if domain in _CURATED_DOMAINS:
        domain = "%s-trade.%s" % (dom, d["tld"])
    charset_opt = d.get("charset")
    contacts: list[_Party] = []
    n_contacts = rng.choice((1, 1, 2, 2, 3))
    titles = {"de": ["Einkauf", "Einkaufsleiter", "Logistik", "Qualitätssicherung"],
              "ru": ["Менеджер по закупкам", "Логист", "Директор"], "ja": ["購買部", "物流課", "品質保証課"],
              "zh_tw": ["採購", "經理", "物流"]}.get(lang, ["Purchasing Manager", "Buyer", "Logistics", "Quality Manager"])
    used = set()
    for i in range(n_contacts):
        fi = rng.randrange(len(d["first"]))
        la = rng.randrange(len(d["last"]))
        first, last = d["first"][fi], d["last"][la]
        if pat in ("ru", "jp", "tw"):
            (fn_local, fn_rom), (ln_local, ln_rom) = first, last
            female = fn_rom in ("Olga", "Irina", "Natalia")
            if pat == "ru":
                name_ = "%s %s" % (fn_local, ln_local + ("а" if female else ""))
            elif pat == "jp":
                name_ = "%s %s" % (ln_local, fn_local)
            else:
                name_ = "%s%s" % (ln_local, fn_local)
            first_g = fn_rom
            dear = "%s-san" % ln_rom if pat == "jp" else fn_rom
            local = "%s.%s%s" % (fn_rom.lower().replace("-", ""), ln_rom.lower(), "a" if pat == "ru" and female else "")
        else:
            name_ = "%s %s" % (first, last)
            first_g, dear = first, first
            local = rng.choice(("{f}.{l}", "{f0}.{l}", "{f}", "{f}{l0}")).format(
                f=_slug(first, cc == "DE"), l=_slug(last, cc == "DE").replace("-", ""), f0=_slug(first)[0],
                l0=_slug(last)[0])
        if local in used:
            local += str(i + 1)
        used.add(local)
        if i == 1 and rng.random() < 0.4:
            local = {"de": "einkauf", "es": "compras", "pt": "compras", "fr": "achats", "it": "acquisti"}.get(lang, "purchase")
            if local in used:
                local += "2"
            used.add(local)
        cs = "utf-8"
        if charset_opt and rng.random() < charset_opt[1]:
            cs = charset_opt[0]
        mailer = rng.choice(d["mailers"])
        if cs == "koi8-r":
            mailer = "thebat"
        contacts.append(_Party(name_, "%s@%s" % (local, domain), lang, charset=cs, mailer=mailer, zone=zone,
                               title=titles[i % len(titles)], company=name, phone="+%d %d %04d %04d" % (
                                   rng.randrange(20, 99), rng.randrange(10, 99), rng.randrange(10000), rng.randrange(10000)),
                               first=first_g, dear=dear))
    comp = _Company("s%d" % k, name, d["country"], cc, zone, lang, city, port, d["cur"], [domain], contacts)
    if len(contacts) > 1 and rng.random() < 0.15:  # a group domain next to the local one
        group = "%s-group.com" % dom
        comp.domains.append(group)
        c1 = contacts[1]
        c1.email = "%s@%s" % (c1.email.split("@")[0], group)
    # some buyers write from a free-mail address (one of them switches to the company address later)
    if rng.random() < 0.1:
        fm_dom, fm_mailer = rng.choice(_FREEMAIL)
        c0 = contacts[0]
        who = c0.email.split("@")[0].split(".")
        fm = _Party(c0.name, "%s%d@%s" % (".".join(who[:2]) if len(who) > 1 else _slug(c0.name).replace("-", "."), k,
                                          fm_dom), c0.lang, charset="utf-8", mailer=fm_mailer, zone=zone,
                    first=c0.first, dear=c0.dear)
        comp.contacts.insert(0, fm)
        comp.freemail = True
    return comp


_ARCHETYPES = ["repeat", "won", "stalled", "churned", "complaint", "cold", "negotiating", "platform"]
_ARCH_W = [16, 16, 14, 10, 9, 14, 11, 10]
_STAGE = {"repeat": "after-sales/repeat", "won": "after-sales", "stalled": "negotiation/stalled", "churned": "churned",
          "complaint": "complaint", "cold": "quotation", "negotiating": "negotiation", "platform": "inquiry"}


def _synthetic_block(world: _World, k: int) -> tuple[list[_Msg], list[tuple[_Msg, SampleOrder]]]:
    rng = random.Random("mailcrm-sample:%d:block:%d" % (world.seed, k))
    wr = _Writer(world, k + 1, rng)
    world.quote_seq = (k * 7) % 900 + 100
    S = _Story(wr)
    c = _synth_company(k, rng)
    arch = rng.choices(_ARCHETYPES, _ARCH_W)[0]
    main = c.contacts[0]
    company_contact = c.contacts[1] if c.freemail and len(c.contacts) > 1 else main
    other = c.contacts[-1]
    code = rng.choice(PRODUCTS)[0]
    moq = _PRODUCT[code][5]
    scale = rng.lognormvariate(0.0, 0.9) * (3.0 if arch == "repeat" else 1.0)
    qty = max(moq // 2, int(moq * scale * rng.choice((1, 2, 3, 5))) // 10 * 10 or moq)
    en = main.lang == "en"
    p = S.deal(c, code, qty)
    low_mid = lambda: rng.random() < 0.01  # noqa: E731  a few mailers send no Message-ID
    archive_old = lambda day: "Archive" if day > 365 and rng.random() < 0.25 else None  # noqa: E731

    def inquiry_thread(day0: float) -> _Thread:
        t = S.thread(c, S.subject(main.lang, "subj_inquiry", p), p, main, main.lang)
        extra = []
        for it, pr in (("ask_cert", 0.25), ("ask_eco", 0.12), ("oem", 0.1), ("moq_small", 0.1), ("urgent", 0.08)):
            if rng.random() < pr:
                extra.append(it)
        S.inn(t, day0, ["inquiry"] + extra, no_mid=low_mid(), folder=archive_old(day0))
        att = []
        if "ask_cert" in extra:
            att.append(("Certificate.pdf", "application/pdf", _cert_b64(rng.choice(("CE", "ISO 9001:2015", "WRAS")))))
        S.quote(t, day0 - rng.choice((0, 1, 1, 1, 2)), attach=att, logo=rng.random() < 0.25)
        if "ask_eco" in extra:
            S.out(t, day0 - 2, "eco_answer")
        if "oem" in extra:
            S.out(t, day0 - 2, "oem_answer")
        if en and rng.random() < 0.08:
            S.inn(t, day0 - 4, "for_example")
            S.out(t, day0 - 5, "thanks_out")
        return t

    def negotiate(t: _Thread, day: float, rounds: int) -> float:
        for _ in range(rounds):
            its = rng.choice((["too_expensive"], ["payment_terms"], ["too_expensive", "payment_terms"], ["moq_small"]))
            if en and rng.random() < 0.12:
                its = its + ["neg_eco"]
            S.inn(t, day, its, no_mid=low_mid())
            day -= rng.choice((1, 1, 2, 3))
            ans = ["counter_offer"] + (["payment_answer"] if "payment_terms" in its else []) + \
                (["moq_answer"] if "moq_small" in its else [])
            S.out(t, day, ans)
            day -= rng.randrange(5, 20)
        return day

    def sample(t: _Thread, day: float) -> float:
        S.inn(t, day, "sample_request")
        S.out(t, day - 1, "sample_sent")
        day -= rng.randrange(14, 25)
        S.inn(t, day, "sample_ok")
        return day - 2

    def orders(start: float, n: int, interval: tuple[int, int], stop: float = 3) -> float:
        day = start
        last = start
        for i in range(n):
            if day < stop:
                break
            who = company_contact if c.freemail and company_contact is not main else main
            f = rng.random()
            S.order(c, who, code if rng.random() < 0.7 else rng.choice(PRODUCTS)[0], max(10, int(qty * rng.uniform(0.7, 1.4))),
                    day, reorder=i > 0, deposit=i == 0 or rng.random() < 0.3, update=rng.random() < 0.2,
                    goods_ok=rng.random() < 0.3, ask_shipment=rng.random() < 0.25, forwarder=rng.random() < 0.15,
                    scanned=rng.random() < 0.12, cc=[other] if other is not who and f < 0.2 else [])
            last = day
            day -= rng.randrange(*interval)
        return last

    if arch in ("repeat", "won", "complaint"):
        d0 = rng.randrange(300 if arch != "repeat" else 420, 540)
        t = inquiry_thread(d0)
        day = d0 - rng.randrange(5, 10)
        if rng.random() < 0.6:
            day = sample(t, day)
        if rng.random() < 0.5:
            day = negotiate(t, day, 1)
        S.inn(t, day, "accept")
        day -= rng.randrange(2, 8)
        if c.freemail and company_contact is not main:
            S.inn(t, day, "thanks", who=company_contact,
                  extra="Please use my company address %s from now on." % company_contact.email)
            day -= 2
        n = rng.randrange(3, 9) if arch == "repeat" else rng.randrange(1, 3)
        last = orders(day, n, (35, 80) if arch == "repeat" else (90, 200))
        if arch == "complaint" and last > 60:
            kind = rng.choice(("complaint_quality", "complaint_damage", "complaint_delay"))
            tc = S.thread(c, S.subject(main.lang, "subj_complaint", dict(p, po="%s-%d" % (c.key.upper(), k % 1000))),
                          dict(p, po="%s-%d" % (c.key.upper(), k % 1000), amount="%s %s" % (p["cur"], _money(
                              p["amount_val"] * 0.08))), company_contact)
            day = last - rng.randrange(30, 50)
            dd = wr.when(day, company_contact.zone)
            att = [S.photo(dd)] if kind != "complaint_delay" else []
            S.inn(tc, day, kind, date=dd, attach=att, flagged=True)
            S.out(tc, day - 1, "delay_reply" if kind == "complaint_delay" else "complaint_reply",
                  cc=[world.manager] if rng.random() < 0.5 else [],
                  params={"etd": (world.today - timedelta(days=int(day) - 10)).strftime("%d %b %Y")})
            if kind != "complaint_delay" and rng.random() < 0.6:
                S.inn(tc, day - 5, "refund")
                dd = wr.when(day - 7, "CN", tc.last)
                S.out(tc, day - 7, "refund_reply", date=dd, attach=[S.report_8d(tc.params, dd)])
            if rng.random() < 0.5 and day > 40:
                orders(day - 30, 1, (30, 60))
        if arch in ("repeat", "won") and en and rng.random() < 0.3:
            ta = S.thread(c, "Feedback", {}, company_contact)
            dd = rng.randrange(5, 60)
            S.inn(ta, dd, "no_complaints")
            S.out(ta, dd - 1, "goods_ok_reply")
        if arch in ("repeat", "won") and rng.random() < 0.25:
            tv = S.thread(c, "Whitepaper: valve selection for water distribution", {}, company_contact)
            S.out(tv, rng.randrange(10, 120), "value_content",
                  attach=[("Hengtai_Whitepaper_Valve_Selection.pdf", "application/pdf", _whitepaper_b64())])
    elif arch == "stalled":
        last_day = rng.randrange(50, 121)
        d0 = last_day + rng.randrange(30, 150)
        t = inquiry_thread(d0)
        day = d0 - rng.randrange(5, 12)
        if rng.random() < 0.4:
            day = sample(t, day)
        rounds = 1 if day - last_day < 25 else 2
        day = max(day, last_day + 3)
        negotiate(t, day, rounds)
        if rng.random() < 0.5:
            if main.lang == "en":
                S.inn(t, last_day, [], extra=rng.choice((
                    "We will discuss internally and come back to you.", "Let me check with my boss.",
                    "We are still comparing offers.")))
            else:
                S.inn(t, last_day, "thanks")
        else:
            S.out(t, last_day, "followup")
    elif arch == "churned":
        d0 = rng.randrange(470, 541)
        t = inquiry_thread(d0)
        S.inn(t, d0 - 6, "accept")
        last = orders(d0 - 10, rng.randrange(2, 6), (40, 110), stop=185)
        tr = S.thread(c, "New catalogue and an exclusive offer for %s" % _ascii(c.name), {}, company_contact)
        day = rng.randrange(60, 160)
        m = S.out(tr, day, "reactivation", attach=[("Hengtai_Catalogue_2026.pdf", "application/pdf", _catalogue_b64())]
                  if rng.random() < 0.25 else [])
        if len(c.contacts) > 1 and rng.random() < 0.2:
            gone = c.contacts[-1]
            mb = S.out(S.thread(c, "Order history / " + _ascii(c.name), {}, gone), day - 1, "followup",
                       params={"quote": p.get("quote") or "HT-%d-%03d" % (S._year(day), k % 1000)})
            S.bounce(mb, gone.email, day - 1)
        if rng.random() < 0.6:
            S.out(tr, day - rng.randrange(25, 50), "followup", params={"quote": t.params.get("quote", "")})
    elif arch == "cold":
        d0 = rng.randrange(20, 540)
        t = inquiry_thread(d0)
        for i in range(rng.randrange(1, 3)):
            d0 -= rng.randrange(10, 40)
            if d0 < 2:
                break
            S.out(t, d0, "followup")
    elif arch == "negotiating":
        d0 = rng.randrange(15, 75)
        t = inquiry_thread(d0)
        day = d0 - rng.randrange(3, 8)
        if day > 30 and rng.random() < 0.5:
            day = sample(t, day)
        day = max(day, 3)
        its = rng.choice((["too_expensive"], ["payment_terms"], ["moq_small"], ["urgent"]))
        S.inn(t, rng.randrange(1, min(int(day), 10) + 1), its)
    else:  # platform lead, free-mail buyer
        fm_dom, fm_mailer = rng.choice(_FREEMAIL)
        buyer = _Party(main.name, "%s.%s%d@%s" % (_slug(main.first).replace("-", "") or "buyer",
                                                 _slug(c.country)[:6], k, fm_dom), "en", mailer=fm_mailer, zone=c.zone,
                       first=main.first, dear=main.dear)
        d0 = rng.randrange(5, 540)
        S.alibaba(d0, buyer, _ascii(c.name) if c.lang in ("ru", "ja", "zh_tw") else c.name, c.country, code, qty,
                  "Please send your best price and MOQ for %d pcs. Thank you." % qty,
                  platform="alibaba" if rng.random() < 0.75 else "mic")
        fake = _Company(c.key, c.name, c.country, c.cc, c.zone, "en", c.city, c.port, c.currency, [fm_dom], [buyer],
                        freemail=True)
        tl = S.thread(fake, "Hengtai Valve quotation - %s" % _PRODUCT[code][1], S.deal(fake, code, qty), buyer)
        S.quote(tl, max(d0 - 1, 1))
        if d0 > 8 and rng.random() < 0.4:
            S.inn(tl, d0 - 4, ["too_expensive"])
            S.out(tl, d0 - 5, "counter_offer")
    # ---- the mail around it --------------------------------------------------------------
    if rng.random() < 0.45:
        S.newsletter(rng.randrange(2, 540), rng.randrange(3), image=rng.random() < 0.5)
    if rng.random() < 0.06:
        sup = world.supplier
        day = rng.randrange(5, 540)
        ts = S.thread(None, "毛坯交货计划 %s" % (world.today - timedelta(days=day)).strftime("%m月%d日"), {}, sup)
        m = wr.send(ts, sup, [world.owner], day=day, intent_tag="supplier",
                    text="%s经理：\n\n本周的阀体毛坯%d件已经铸造完成，明天安排送货，请安排人员收货。\n\n王喆\n浙江永固铸造有限公司"
                         % (world.owner_cn[0], rng.randrange(20, 200) * 100))
        if rng.random() < 0.5:
            wr.send(ts, world.owner, [sup], day=day, parent=m, charset="gb2312", intent_tag="supplier",
                    text="王总：\n\n收到，谢谢！\n\n%s" % world.owner_cn[1])
    if rng.random() < 0.05:
        ti = S.thread(None, "Status %s" % _ascii(c.name), {}, world.manager)
        m = wr.send(ti, world.manager, [world.owner], day=rng.randrange(3, 300), intent_tag="internal",
                    text="Hi %s,\n\nWhat is the status with %s? Please update the CRM notes before Friday.\n\nGrace"
                         % (world.owner.first, _ascii(c.name)))
        wr.send(ti, world.owner, [world.manager], day=0, parent=m, intent_tag="internal",
                text="Hi Grace,\n\nUpdated. I will follow up with them this week.\n\n%s" % world.owner.first)
    if rng.random() < 0.05:
        outs = [m for m in wr.msgs if not m.inbound and m.intent not in ("internal", "supplier", "forwarder")]
        if outs:
            our = rng.choice(outs)
            S.out_of_office(company_contact, our, (our.date + timedelta(days=rng.randrange(3, 15))).strftime("%d.%m.%Y"),
                            lang="de" if c.lang == "de" else ("it" if c.lang == "it" else "en"))
    for m in wr.msgs:
        if m.inbound and len(m.folders) == 1 and m.folders[0] == "INBOX" and rng.random() < 0.005:
            m.folders.append("Archive")
    return wr.msgs, wr.orders


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def _describe_curated() -> list[dict]:
    out = []
    for c in _curated_companies().values():
        out.append(dict(domain=c.contacts[0].email if c.freemail else c.domain,
                        domains=list(c.domains) if not c.freemail else [],
                        company=c.name, country=c.country, language=c.lang,
                        contacts=[p.email for p in c.contacts], freemail=c.freemail, stage=c.stage, story=c.story))
    return out


#: Ground truth for the curated customers: domain (a free-mail buyer's address instead), all domains,
#: company, country, language, contacts, stage and story.
CURATED_CUSTOMERS: list[dict] = _describe_curated()


def _flags(m: _Msg, today: date) -> tuple[str, ...]:
    if not m.inbound:
        return ("\\Seen",)
    unread = m.unread
    if unread is None:
        unread = (today - m.internaldate.date()).days <= 2 and not m.answered
    flags = []
    if not unread:
        flags.append("\\Seen")
    if m.answered:
        flags.append("\\Answered")
    if m.flagged:
        flags.append("\\Flagged")
    return tuple(flags)


def _emit(msgs: list[_Msg], orders: list[tuple[_Msg, SampleOrder]], today: date
          ) -> Iterator[tuple[SampleMessage, SampleOrder | None]]:
    by_msg = {id(m): o for m, o in orders}
    for m in sorted(msgs, key=lambda x: (x.internaldate, x.seq)):
        flags = _flags(m, today)
        o = by_msg.get(id(m))
        for i, folder in enumerate(m.folders):
            yield SampleMessage(folder=folder, raw=m.raw, flags=flags, internaldate=m.internaldate), (o if i == 0 else None)


def _pairs(n_messages: int, seed: int, today: date | None, account_email: str
           ) -> Iterator[tuple[SampleMessage, SampleOrder | None]]:
    if n_messages <= 0:
        return
    today = today or date.today()
    world = _World(seed, today, account_email)
    count = 0
    msgs, orders = _curated(world)
    for pair in _emit(msgs, orders, today):
        yield pair
        count += 1
        if count >= n_messages:
            return
    del msgs, orders
    k = 0
    while True:
        msgs, orders = _synthetic_block(world, k)
        for pair in _emit(msgs, orders, today):
            yield pair
            count += 1
            if count >= n_messages:
                return
        k += 1


def iter_messages(n_messages: int, *, seed: int = 7, today: date | None = None,
                  account_email: str = "lisa@hengtai-valve.com") -> Iterator[SampleMessage]:
    """Stream ``n_messages`` sample messages in constant memory (one customer block at a time)."""
    for m, _o in _pairs(n_messages, seed, today, account_email):
        yield m


def generate_mailbox(n_messages: int = 400, *, seed: int = 7, today: date | None = None,
                     account_email: str = "lisa@hengtai-valve.com") -> SampleMailbox:
    """The sample mailbox: ``n_messages`` messages and the orders whose PO mail is among them."""
    messages: list[SampleMessage] = []
    orders: list[SampleOrder] = []
    for m, o in _pairs(n_messages, seed, today, account_email):
        messages.append(m)
        if o is not None:
            orders.append(o)
    orders.sort(key=lambda o: (o.date, o.customer_domain))
    return SampleMailbox(account_email=account_email, messages=messages, orders=orders)


def curated_count(*, seed: int = 7, today: date | None = None, account_email: str = "lisa@hengtai-valve.com") -> int:
    """How many messages (folder locations) the curated story has; past it, synthetic customers follow."""
    today = today or date.today()
    msgs, _orders = _curated(_World(seed, today, account_email))
    return sum(len(m.folders) for m in msgs)


_MAILDIR_FLAG = {"\\Draft": "D", "\\Flagged": "F", "\\Answered": "R", "\\Seen": "S", "\\Deleted": "T"}


def _messages_of(mailbox_or_messages) -> Iterable[SampleMessage]:
    if isinstance(mailbox_or_messages, SampleMailbox):
        return mailbox_or_messages.messages
    return mailbox_or_messages


def write_maildir(mailbox_or_messages, root: Path) -> dict[str, int]:
    """Write a Maildir++ tree: INBOX in ``root/{cur,new,tmp}``, folder F in ``root/.F/...``.

    Messages without flags go to ``new/``; the others to ``cur/`` with ``:2,<flags>``. Each file's
    mtime is the message's internal date. Returns the number of messages written per folder.
    """
    root = Path(root)
    counts: dict[str, int] = {}
    made: set[str] = set()
    for i, m in enumerate(_messages_of(mailbox_or_messages)):
        folder = m.folder
        if folder not in made:
            base = root if folder.upper() == "INBOX" else root / ("." + folder.replace("/", "."))
            for sub in ("cur", "new", "tmp"):
                (base / sub).mkdir(parents=True, exist_ok=True)
            if base != root:
                (base / "maildirfolder").touch()
            made.add(folder)
        base = root if folder.upper() == "INBOX" else root / ("." + folder.replace("/", "."))
        ts = int(m.internaldate.timestamp())
        info = "".join(sorted(_MAILDIR_FLAG[f] for f in m.flags if f in _MAILDIR_FLAG))
        name = "%d.M%06dP0.mailcrm-sample,S=%d" % (ts, i, len(m.raw))
        path = base / ("cur" if info else "new") / (name + (":2," + info if info else ""))
        path.write_bytes(m.raw)
        os.utime(path, (ts, ts))
        counts[folder] = counts.get(folder, 0) + 1
    return counts


_FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)
_ADDR = re.compile(rb"<([^<>\s]+@[^<>\s]+)>")


def write_mbox(messages, path: Path) -> int:
    """Write an mboxrd file (LF line endings, ``>From`` quoting). Returns the number of messages."""
    n = 0
    with open(path, "wb") as fh:
        for m in _messages_of(messages):
            raw = m.raw.replace(b"\r\n", b"\n")
            head = raw[: raw.find(b"\n\n")]
            sender = b"MAILER-DAEMON"
            for ln in head.split(b"\n"):
                if ln.lower().startswith(b"from:"):
                    mm = _ADDR.search(ln)
                    if mm:
                        sender = mm.group(1)
                    break
            stamp = m.internaldate.astimezone(timezone.utc).strftime("%a %b %d %H:%M:%S %Y").encode("ascii")
            fh.write(b"From " + sender + b" " + stamp + b"\n")
            body = _FROM_LINE.sub(rb">\1", raw)
            fh.write(body)
            if not body.endswith(b"\n"):
                fh.write(b"\n")
            fh.write(b"\n")
            n += 1
    return n


def write_orders_csv(orders, path: Path) -> None:
    """Sales records as CSV: ``date,customer,amount,currency,product,quantity,paid``."""
    if isinstance(orders, SampleMailbox):
        orders = orders.orders
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "customer", "amount", "currency", "product", "quantity", "paid"])
        for o in orders:
            w.writerow([o.date.isoformat(), o.customer_domain, "%.2f" % o.amount, o.currency, o.product, o.quantity,
                        "%.2f" % o.paid])
