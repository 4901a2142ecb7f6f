"""Pick the content blocks for one draft from ``[content]``: the catalogue, an
offer for the purpose, and value-content items matched to the customer's
industry and tags (never the same item twice to one customer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .settings import ContentItem, ContentSettings, Offer, localized

MAX_ITEMS = 2


@dataclass
class Blocks:
    catalogue: dict | None = None
    offer: dict | None = None
    items: list[dict] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        found = [b["key"] for b in (self.catalogue, self.offer) if b] + [i["key"] for i in self.items]
        return found


def choose(
    settings: ContentSettings,
    purpose: str,
    language: str,
    fallback: str,
    *,
    tags: list[str],
    industry: str | None,
    used: set[str],
    today: date,
) -> Blocks:
    return Blocks(
        catalogue=item_view(settings.catalogue, language, fallback) if settings.catalogue else None,
        offer=pick_offer(settings.offers, purpose, language, fallback, today),
        items=pick_items(settings.items, language, fallback, tags, industry, used)
        if purpose == "value-content"
        else [],
    )


def item_view(item: ContentItem, language: str, fallback: str) -> dict:
    return {
        "key": item.key,
        "kind": item.kind,
        "url": item.url,
        "title": localized(item.title, language, fallback),
        "summary": localized(item.summary, language, fallback) if item.summary else "",
    }


def pick_offer(offers: list[Offer], purpose: str, language: str, fallback: str, today: date) -> dict | None:
    for offer in offers:
        if purpose in offer.purposes and (offer.valid_until is None or offer.valid_until >= today):
            return {
                "key": offer.key,
                "text": localized(offer.text, language, fallback),
                "valid_until": offer.valid_until.isoformat() if offer.valid_until else None,
            }
    return None


def pick_items(
    items: list[ContentItem], language: str, fallback: str, tags: list[str], industry: str | None, used: set[str]
) -> list[dict]:
    """Best matches first: industry, then tags, then the customer's language.
    Generic items (no industries, no tags) only when nothing specific fits."""
    interests = {t.lower() for t in tags} | ({industry.lower()} if industry else set())
    scored = []
    for position, item in enumerate(items):
        if item.key in used or not speaks(item, language, fallback):
            continue
        score = relevance(item, interests, industry, language)
        if score is not None:
            scored.append((-score, position, item))
    scored.sort(key=lambda s: (s[0], s[1]))
    best = [item for score, _, item in scored if score < 0] or [item for _, _, item in scored[:1]]
    return [item_view(item, language, fallback) for item in best[:MAX_ITEMS]]


def relevance(item: ContentItem, interests: set[str], industry: str | None, language: str) -> int | None:
    """A score, or None when the item is aimed at other customers."""
    wanted = set(item.industries) | set(item.tags)
    if not wanted:
        return 0
    industry_hit = bool(industry) and industry.lower() in item.industries
    # A tag such as "industry-machinery" counts as the industry too.
    tag_hits = len(wanted & interests) + len({f"industry-{i}" for i in item.industries} & interests)
    if not industry_hit and not tag_hits:
        return None
    return 3 * industry_hit + 2 * tag_hits + (1 if language.replace("_", "-").split("-")[0] in item.languages else 0)


def speaks(item: ContentItem, language: str, fallback: str) -> bool:
    """The item's document is in the draft's language or the fallback, and a title translated into
    several languages has one in the draft's (a missing translation would leave the subject and
    text half in another language: the checklist's language check). A single title goes to all."""
    base, _, region = language.replace("_", "-").partition("-")
    keys = (language, f"{base}-{region.upper()}", base)
    titled = len(item.title) <= 1 or any(key in item.title for key in keys)
    return titled and (not item.languages or base in item.languages or fallback in item.languages)
