"""docs/schema.md stays complete: every table, view, column and migration of a freshly
migrated database is in it, so a new migration fails here until it is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mailcrm.schema import open_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
# SQLite's own storage of the FTS5 index: named in the doc, their columns are not ours.
SHADOW = re.compile(r"_fts_(data|idx|docsize|config|content)$")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return open_db(tmp_path_factory.mktemp("schema") / "mailcrm.db")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def objects(db) -> list[tuple[str, str]]:
    return db.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()


def sections(doc: str) -> dict[str, str]:
    """The text under each `### \\`name\\`` heading, by name."""
    found = {}
    for block in re.split(r"^### ", doc, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        match = re.fullmatch(r"`([^`]+)`\s*", heading)
        if match:
            found[match.group(1)] = body.split("\n## ")[0]
    return found


def test_every_table_and_view_is_named_in_the_doc(db, doc):
    missing = [f"{kind} {name}" for kind, name in objects(db) if f"`{name}`" not in doc]
    assert not missing, f"docs/schema.md does not mention: {', '.join(missing)}"


def test_every_table_and_view_has_its_own_section_naming_each_column(db, doc):
    by_name = sections(doc)
    problems = []
    for kind, name in objects(db):
        if SHADOW.search(name):
            continue
        if name not in by_name:
            problems.append(f"no '### `{name}`' section for the {kind}")
            continue
        # table_xinfo names generated columns too; hidden = 1 marks a virtual table's own (rank …)
        columns = [row[1] for row in db.execute(f"PRAGMA table_xinfo([{name}])") if row[6] != 1]
        unnamed = [c for c in columns if f"`{c}`" not in by_name[name]]
        if unnamed:
            problems.append(f"{name}: {', '.join(unnamed)}")
    assert not problems, "docs/schema.md is missing:\n" + "\n".join(problems)


def test_every_migration_set_and_migration_is_listed(db, doc):
    applied = db.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert {s for s, _ in applied} >= {"mailcrm-core", "mailcrm", "mailcrm-engine", "mailcrm-drafts"}
    missing = [f"{s}: {n}" for s, n in applied if f"`{s}`" not in doc or f"`{n}`" not in doc]
    assert not missing, f"docs/schema.md lists no: {', '.join(missing)}"


def test_the_sections_helper_finds_a_heading_and_stops_at_the_next_chapter():
    text = "## Tables\n\n### `a`\n\n`x`, `y`\n\n### `b`\n\n`z`\n\n## Other\n\n`w`\n"
    assert sections(text) == {"a": "\n`x`, `y`\n\n", "b": "\n`z`\n"}
