"""The demo's database (Ningbo Hengtai Valve: 32 customers in 10 languages, orders, rules run,
drafts written) for the digest, pool and report tests: built once per test process, copied
per test so each test may change its own."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mailcrm.config import load_config
from mailcrm.schema import open_db
from mailcrm.demo.run import run_demo

_built: Path | None = None


def demo_dir() -> Path:
    global _built
    if _built is None:
        _built = Path(tempfile.mkdtemp(prefix="mailcrm-demo-data-")) / "demo"
        run_demo(_built)
    return _built


def demo_copy(tmp_path: Path, extra: str = "") -> Path:
    """A private copy of the demo; `extra` TOML is appended to its config. Returns the config path."""
    target = tmp_path / "demo"
    shutil.copytree(demo_dir(), target, ignore=shutil.ignore_patterns("mailbox", "Drafts"))
    config = target / "config.toml"
    if extra:
        config.write_text(config.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return config


def load(config_path: Path):
    config = load_config(config_path)
    return config, open_db(config.database_path)
