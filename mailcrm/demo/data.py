"""The sample mailbox's literal data (companies, people, phrases, products) from mailcrm/data/demo/*.toml."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """One data file, parsed once: ``load("phrases")`` reads ``mailcrm/data/demo/phrases.toml``."""
    text = resources.files("mailcrm").joinpath("data/demo/%s.toml" % name).read_text(encoding="utf-8")
    return tomllib.loads(text)
