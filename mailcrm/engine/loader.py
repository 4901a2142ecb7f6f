"""Rule files (TOML) → a validated :class:`RuleSet`.

Every problem is reported as ``FILE:LINE: rule ID: reason``; all files are
checked before anything runs, so a typo never stops a nightly run halfway.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..config import Config, validator_for
from ..errors import ConfigError
from .actions import compile_action
from .concepts import Concepts, load_concepts
from .conditions import LANGUAGE_KEYS, Compiler
from .lexicon import Lexicon
from .parts import Speakers
from .model import SCOPES, Invalid, Needs, Rule, RuleError, RuleSet, Segment

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
RULE_KEYS = {"id", "scope", "description", "enabled", "replaces", "when", "then"}
SEGMENT_KEYS = {"name", "description", "when"}
ENGINE_VERSION = "5"  # bump when matching changes meaning: every rule re-reads all mail


@dataclass
class RuleSettings:
    """The ``[rules]`` config section (paths are read by config.py)."""

    shipped: bool = True
    tag_fade_days: int = 365
    event_window_days: int = 14
    flag_expiry_days: int = 30
    draft_cooldown_days: int = 30


SETTING_KEYS = {"paths", "shipped", "tag_fade_days", "event_window_days", "flag_expiry_days", "draft_cooldown_days"}


def rule_settings(config: Config | None) -> RuleSettings:
    section = (config.sections.get("rules") if config else None) or {}
    check = validator_for(config)
    settings = RuleSettings()
    for key, value in section.items():
        if key not in SETTING_KEYS:
            raise check.fail(f"rules.{key}", f"unknown setting (expected one of: {', '.join(sorted(SETTING_KEYS))})")
        if key == "paths":
            continue
        expected = bool if key == "shipped" else int
        if not isinstance(value, expected) or (expected is int and (isinstance(value, bool) or value < 1)):
            kind = "true or false" if expected is bool else "a whole number ≥ 1"
            raise check.fail(f"rules.{key}", f"must be {kind}")
        setattr(settings, key, value)
    return settings


def shipped_rules_dir() -> Path:
    return Path(str(resources.files("mailcrm") / "data" / "rules"))


def rule_dirs(config: Config | None) -> list[Path]:
    settings = rule_settings(config)
    dirs = [shipped_rules_dir()] if settings.shipped else []
    return dirs + list(config.rules_dirs if config else [])


def rule_files(dirs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for directory in dirs:
        if not directory.is_dir():
            raise ConfigError(f"{directory}: rules folder does not exist (check [rules] paths)")
        files.extend(sorted(directory.glob("*.toml")))
    return files


def load_rules(config: Config | None = None, dirs: list[Path] | None = None) -> RuleSet:
    """Load and validate every rule file; raises RuleError listing the problems."""
    ruleset, problems = check_rules(config, dirs)
    if problems:
        raise RuleError(problems)
    return ruleset


def check_rules(config: Config | None = None, dirs: list[Path] | None = None) -> tuple[RuleSet, list[str]]:
    files = rule_files(dirs if dirs is not None else rule_dirs(config))
    loader = Loader()
    parsed = [loader.read_file(path) for path in files]
    for data, source in parsed:  # concepts first: a rule may use one defined in a later file
        if data is not None:
            loader.problems += load_concepts(loader.concepts, data, source.path, source.line_of)
    for data, source in parsed:
        if data is not None:
            loader.add_tables(data, source)
    ruleset = loader.finish(files)
    ruleset.speakers = speakers_of(config)
    return ruleset, loader.problems


def speakers_of(config: Config | None) -> Speakers:
    """Our domains (``[me] domains`` and the accounts' addresses): a quote from them is ours."""
    if config is None:
        return Speakers()
    domains = {d.lower().lstrip("@.") for d in config.me.domains}
    domains |= {a.rpartition("@")[2] for account in config.accounts for a in account.addresses if "@" in a}
    return Speakers(frozenset(d for d in domains if d))


class Loader:
    def __init__(self):
        self.lexicon = Lexicon()
        self.needs = Needs()
        self.counter = [0]
        self.rules: dict[str, Rule] = {}
        self.segments: dict[str, Segment] = {}
        self.problems: list[str] = []
        self.referenced: list[tuple[str, Path, int, str]] = []
        self.concepts = Concepts(LANGUAGE_KEYS)

    def read_file(self, path: Path) -> tuple[dict | None, "SourceText"]:
        text = path.read_text(encoding="utf-8")
        source = SourceText(path, text)
        try:
            return tomllib.loads(text), source
        except tomllib.TOMLDecodeError as exc:
            self.problems.append(f"{path}: {exc}")
            return None, source

    def add_tables(self, data: dict, source: "SourceText") -> None:
        unknown = sorted(set(data) - {"rule", "segment", "concept"})
        if unknown:
            self.problems.append(
                f"{source.path}:{source.line_of(unknown[0])}: unknown table {unknown[0]!r} "
                "(a rule file holds [[rule]], [[segment]] and [concept.NAME] tables)"
            )
        for index, table in enumerate(as_tables(data.get("rule", []))):
            self.add_rule(table, source, index)
        for index, table in enumerate(as_tables(data.get("segment", []))):
            self.add_segment(table, source, index)

    def add_rule(self, table: dict, source: SourceText, index: int) -> None:
        rule_id = table.get("id") if isinstance(table.get("id"), str) else f"#{index + 1}"
        line = source.line_of_id("id", rule_id, index, "rule")
        try:
            rule = self.compile_rule(table, source, rule_id, line)
        except Invalid as exc:
            key_line = source.line_of(exc.key, after=line) if exc.key else line
            self.problems.append(f"{source.path}:{key_line or line}: rule {rule_id}: {exc.reason}")
            return
        self.place(rule, table.get("replaces", False))

    def compile_rule(self, table: dict, source: SourceText, rule_id: str, line: int) -> Rule:
        check_keys(table, RULE_KEYS, "rule")
        if not RULE_ID.match(rule_id):
            raise Invalid("id must be lowercase letters, digits, '.', '-' or '_'", "id")
        scope = table.get("scope")
        if scope not in SCOPES:
            raise Invalid(f'scope must be "message" or "customer", not {scope!r}', "scope")
        for key, kind in (("enabled", bool), ("replaces", bool), ("description", str)):
            if key in table and not isinstance(table[key], kind):
                raise Invalid(f"{key} must be a {'boolean' if kind is bool else 'string'}", key)
        compiler = Compiler(scope, self.lexicon, self.needs, self.counter, self.concepts)
        when = compiler.table(table.get("when"), "when")
        then = table.get("then")
        if not isinstance(then, list) or not then:
            raise Invalid("needs at least one action: [[rule.then]]", "then")
        actions = [compile_action(a, i) for i, a in enumerate(then)]
        for ref in getattr(compiler, "referenced_rules", ()):
            self.referenced.append((ref, source.path, line, rule_id))
        return Rule(
            rule_id,
            scope,
            table.get("description", ""),
            when,
            actions,
            source.path,
            line,
            fingerprint(table, self.concepts),
            table.get("enabled", True),
        )

    def place(self, rule: Rule, replaces: bool) -> None:
        existing = self.rules.get(rule.id)
        if existing and not replaces:
            self.problems.append(
                f"{rule.source}:{rule.line}: rule {rule.id}: duplicate id (also in "
                f"{existing.source}:{existing.line}; set replaces = true to override it)"
            )
            return
        self.rules[rule.id] = rule

    def add_segment(self, table: dict, source: SourceText, index: int) -> None:
        name = table.get("name") if isinstance(table.get("name"), str) else f"#{index + 1}"
        line = source.line_of_id("name", name, index, "segment")
        try:
            check_keys(table, SEGMENT_KEYS, "segment")
            if not RULE_ID.match(name):
                raise Invalid("name must be lowercase letters, digits, '.', '-' or '_'", "name")
            when = Compiler("customer", self.lexicon, self.needs, self.counter, self.concepts).table(table.get("when"))
        except Invalid as exc:
            key_line = source.line_of(exc.key, after=line) if exc.key else line
            self.problems.append(f"{source.path}:{key_line or line}: segment {name}: {exc.reason}")
            return
        self.segments[name] = Segment(name, table.get("description", ""), when, source.path, line)

    def finish(self, files: list[Path]) -> RuleSet:
        for ref, path, line, rule_id in self.referenced:
            target = self.rules.get(ref)
            if target is None or target.scope != "message":
                self.problems.append(
                    f"{path}:{line}: rule {rule_id}: rule_hits names {ref!r}, which is not a message rule"
                )
        rules = list(self.rules.values())
        self.lexicon.finish()  # inflections looked up once, before workers fork
        return RuleSet(rules, self.segments, self.lexicon, self.needs, files)


def as_tables(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def check_keys(table: dict, allowed: set[str], what: str) -> None:
    for key in table:
        if key not in allowed:
            raise Invalid(f"unknown key {key!r} in [[{what}]] (expected: {', '.join(sorted(allowed))})", key)


def fingerprint(table: dict, concepts: Concepts | None = None) -> str:
    """Same definition → same fingerprint; an edit makes the rule re-read all mail.

    The words of the concepts a rule names are part of its definition: adding a word
    to a concept makes the rules that use it read the mail again."""
    canonical = json.dumps(
        {k: v for k, v in table.items() if k not in ("description",)}, sort_keys=True, ensure_ascii=False, default=str
    )
    used = [
        (name, concept.words)
        for name, concept in sorted(concepts.by_name.items() if concepts else [])
        if f'"{name}"' in canonical or f'"@{name}"' in canonical
    ]
    if used:
        canonical += json.dumps(used, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((ENGINE_VERSION + canonical).encode()).hexdigest()[:16]


class SourceText:
    """Best-effort line numbers: tomllib does not report where a value was."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()

    def line_of_id(self, key: str, value: str, index: int, table: str) -> int:
        pattern = re.compile(rf"^\s*{key}\s*=\s*[\"']{re.escape(value)}[\"']")
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return number
        return self.nth_header(table, index)

    def nth_header(self, table: str, index: int) -> int:
        headers = [n for n, line in enumerate(self.lines, 1) if re.match(rf"^\s*\[\[\s*{table}\s*\]\]", line)]
        return headers[index] if index < len(headers) else 1

    def line_of(self, key: str | None, after: int = 0) -> int | None:
        if not key:
            return None
        leaf = re.escape(key.split(".")[-1])
        pattern = re.compile(rf"^\s*(?:\[+\s*[\w.]*\.)?{leaf}\s*(?:=|\]|\.)|^\s*\[+[\w.]*\.{leaf}\s*\]")
        for number in range(max(after, 1), len(self.lines) + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None
