"""The sample's attachments, cached where the real world would send the same file again (a catalogue,
a certificate, the logo): caching them also keeps 100,000-message runs fast."""

from __future__ import annotations

import random
from datetime import datetime
from functools import lru_cache

from .formats import make_jpeg, make_pdf, make_png
from .mime import _b64_lines
from .parties import _OWN_ADDRESS, OWN_COMPANY
from .phrasebook import PRODUCTS


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
        return make_pdf(
            "HENGTAI VALVE CATALOGUE",
            lines,
            datetime(2026, 1, 8, 10, 0),
            image=(w, h, r.randbytes(w * h * 3)),
            producer="Adobe InDesign 18.2 (Windows)",
        )

    return _blob(("catalogue",), make)


def _whitepaper_b64() -> bytes:
    def make():
        r = random.Random("whitepaper")
        lines = [
            "Valve selection for water distribution networks",
            "",
            "1. Pressure classes and materials",
            "2. Case study: Hamburg district heating retrofit",
            "3. Case study: Dubai high-rise booster stations",
            "4. Case study: Sao Paulo irrigation cooperative",
        ]
        return make_pdf(
            "WHITEPAPER: VALVE SELECTION",
            lines,
            datetime(2025, 9, 2, 9, 0),
            image=(300, 180, r.randbytes(300 * 180 * 3)),
            producer="Microsoft Word 2019",
        )

    return _blob(("whitepaper",), make)


def _cert_b64(cert: str) -> bytes:
    def make():
        lines = [
            "Certificate holder: " + OWN_COMPANY,
            "Address: " + _OWN_ADDRESS,
            "",
            "Scope: design and manufacture of industrial and building valves, pipe fittings",
            "Standard: " + cert,
            "Certificate No.: %s-%05d" % (cert.replace(" ", "").upper()[:6], sum(map(ord, cert)) * 37),
            "Valid until: 2027-06-30",
        ]
        return make_pdf("CERTIFICATE " + cert, lines, datetime(2024, 7, 1, 9, 0), producer="Acrobat Distiller 11")

    return _blob(("cert", cert), make)
