"""What is said and sold in the sample: products, phrases per language, the trade's vocabulary.

The words live in mailcrm/data/demo/ (products.toml, phrases.toml, trade.toml); this module gives
them the shapes the writer and the story use.
"""

from __future__ import annotations

from .data import load

_products = load("products")
_phrases = load("phrases")
_trade = load("trade")

#: code, English name, category, short spec, unit price USD, MOQ
PRODUCTS: list[tuple[str, str, str, str, float, int]] = [
    (p["code"], p["name"], p["category"], p["spec"], p["price_usd"], p["moq"]) for p in _products["product"]
]
_PRODUCT = {p[0]: p for p in PRODUCTS}
#: language -> category -> how customers in that language name it
_CATS: dict[str, dict[str, str]] = _products["category"]

#: Per language: greeting (to our salesperson), closing, reply and forward prefixes, subjects, intents.
PHRASES: dict[str, dict] = _phrases["customer"]
#: What we (always in English) write to customers.
OUR_PHRASES: dict[str, list[str]] = _phrases["ours"]

_VESSELS: list[str] = _trade["vessels"]
_CNTR: list[str] = _trade["container_prefixes"]
_BLP: list[str] = _trade["bl_prefixes"]
_TRANSIT: dict[str, int] = _trade["transit_days"]
_COMPETITORS: dict[str, list[str]] = _trade["competitors"]
_TERMS: dict[str, list[str]] = _trade["payment_terms"]
_CERTS: list[str] = _trade["certificates"]
