"""Render draft templates safely: Jinja2's sandbox, StrictUndefined, HTML autoescaped.

Layout (see templates/README.md): ``<language>/<purpose>.j2`` extends ``_base.j2`` and
fills the blocks ``subject`` and ``body`` (and may override ``text`` or ``html``).
A country variant ``<language>-<COUNTRY>/<purpose>.j2`` (``pt-BR``, ``zh-HK``) wins over the
plain language; a script code (``zh_tw``: Traditional Chinese) picks its own templates
(``zh-TW``); the configured fallback language (English) is used when none exists.
Folders from ``[templates] paths`` are searched before the shipped ``templates/``, file
by file, so a user can override one template and keep the rest.

Customer data only ever enters as template *variables*: nothing from a mail is
compiled as template source, so ``{{ 7*7 }}`` in a name stays that text.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..errors import MailcrmError
from .typography import polish, polish_html

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
# Language codes that name a script rather than a country: customers/language.py calls
# Traditional Chinese "zh_tw" (Taiwan, Hong Kong, Macau, and writers of it anywhere).
SCRIPT_TEMPLATES = {"zh_tw": "zh-TW", "zh-tw": "zh-TW", "zh_hant": "zh-TW", "zh-hant": "zh-TW"}
PARTS = ("subject", "text", "html")


class TemplateProblem(MailcrmError):
    """A template is missing, broken or uses a variable that is not there.

    The message starts with ``FILE:LINE:`` so the user can open the spot.
    """


@dataclass
class Rendered:
    subject: str
    text: str
    html: str
    template: str  # the name that was used, e.g. "de/reactivation.j2"
    path: str  # the file on disk (a user folder or the shipped one)
    language: str  # the language actually written in


def shipped_dir() -> Path:
    """The shipped templates: package data (``mailcrm/data/templates``; ``templates/`` links to it)."""
    return Path(str(resources.files("mailcrm") / "data" / "templates"))


# -- filters and globals -----------------------------------------------------------


def paragraphs(value: Any) -> Markup:
    """Plain text -> <p> paragraphs with <br> line breaks; text is escaped first
    unless it is already Markup (a block rendered with autoescape on)."""
    text = str(value if isinstance(value, Markup) else escape(value))
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]
    return Markup("\n".join("<p>" + b.replace("\n", "<br>\n") + "</p>" for b in blocks))


def text_link(item: Any, label: str | None = None) -> str:
    return f"{label or item['title']}: {item['url']}"


def html_link(item: Any, label: str | None = None) -> Markup:
    # Markup.format escapes both arguments; URLs are http(s) only (checked in the config).
    return Markup('<a href="{}">{}</a>').format(item["url"], label or item["title"])


def finalize(value: Any) -> Any:
    return "" if value is None else value  # an empty field prints nothing, not "None"


def make_env(loader: FileSystemLoader, html: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=html,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["paragraphs"] = paragraphs
    env.globals["link"] = html_link if html else text_link
    return env


# -- rendering -----------------------------------------------------------------------


class Templates:
    """Finds and renders the template for a purpose in a customer's language."""

    def __init__(self, user_dirs: list[Path] | None = None, fallback_language: str = "en"):
        self.dirs = [Path(d) for d in (user_dirs or [])] + [shipped_dir()]
        for directory in self.dirs[:-1]:
            if not directory.is_dir():
                raise MailcrmError(f"{directory}: templates folder does not exist (check [templates] paths)")
        loader = FileSystemLoader([str(d) for d in self.dirs], encoding="utf-8")
        self.text_env = make_env(loader, html=False)
        self.html_env = make_env(loader, html=True)
        self.fallback = fallback_language

    def candidates(self, purpose: str, language: str | None, country: str | None) -> list[str]:
        names = []
        code = (language or "").strip().lower()
        base = code.replace("_", "-").split("-")[0]
        if base and country:
            names.append(f"{base}-{country.upper()}/{purpose}.j2")
        if code in SCRIPT_TEMPLATES:
            names.append(f"{SCRIPT_TEMPLATES[code]}/{purpose}.j2")
        if base:
            names.append(f"{base}/{purpose}.j2")
        names.append(f"{self.fallback}/{purpose}.j2")
        return list(dict.fromkeys(names))

    def written_in(self, purpose: str, language: str | None, country: str | None) -> str:
        """The language the draft will be written in: its template's folder ("de", "pt-PT", "en")."""
        return self.pick(self.text_env, self.candidates(purpose, language, country), purpose).name.split("/")[0]

    def render(self, purpose: str, language: str | None, country: str | None, context: dict[str, Any]) -> Rendered:
        names = self.candidates(purpose, language, country)
        text_template = self.pick(self.text_env, names, purpose)
        html_template = self.html_env.get_template(text_template.name)
        written_in = text_template.name.split("/")[0]
        variables = context | {
            "language": written_in,
            "direction": "rtl" if written_in.split("-")[0] in RTL_LANGUAGES else "ltr",
        }
        subject = self.run(text_template, variables | {"part": "subject"})
        text = self.run(text_template, variables | {"part": "text"})
        html = self.run(html_template, variables | {"part": "html"})
        return Rendered(
            polish(one_line(subject), written_in),
            polish(tidy_text(text), written_in),
            polish_html(html.strip() + "\n", written_in),
            text_template.name,
            text_template.filename or text_template.name,
            written_in,
        )

    def pick(self, env: ImmutableSandboxedEnvironment, names: list[str], purpose: str):
        try:
            return env.select_template(names)
        except TemplateNotFound:
            looked = ", ".join(names)
            raise TemplateProblem(
                f"no template for {purpose!r} (looked for {looked} in {', '.join(str(d) for d in self.dirs)})"
            ) from None
        except TemplateSyntaxError as exc:
            raise TemplateProblem(describe(exc)) from None

    def run(self, template, variables: dict[str, Any]) -> str:
        try:
            return template.render(variables)
        except TemplateError as exc:
            raise TemplateProblem(describe(exc, template.filename)) from None

    def check_all(self, purposes: tuple[str, ...], languages: tuple[str, ...]) -> list[str]:
        """Names of (purpose, language) pairs that have no template of their own."""
        missing = []
        for purpose in purposes:
            for language in languages:
                try:
                    self.text_env.get_template(f"{language}/{purpose}.j2")
                except TemplateNotFound:
                    missing.append(f"{language}/{purpose}.j2")
        return missing


def describe(exc: TemplateError, fallback: str | None = None) -> str:
    """ "FILE:LINE: reason" for a template error (syntax or while rendering)."""
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}"
    # Jinja rewrites tracebacks so that template frames carry the template's file and line.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename == fallback:
            return f"{frame.filename}:{frame.lineno}: {exc}"
    return f"{fallback or 'template'}: {exc}"


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def tidy_text(text: str) -> str:
    """Trailing spaces off (but keep the "-- " signature separator), at most one blank line."""
    lines = [line if line == "-- " else line.rstrip() for line in text.strip("\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


PLAIN_FRAME = Markup(
    '<!DOCTYPE html>\n<html lang="{}" dir="{}">\n<head><meta charset="utf-8"></head>\n'
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5;">\n'
    '<div class="mailcrm-body">\n{}\n</div>\n</body>\n</html>\n'
)


def plain_html(text: str, language: str) -> str:
    """The HTML part for a text a person wrote (drafts edit): escaped paragraphs."""
    direction = "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"
    return str(PLAIN_FRAME.format(language, direction, paragraphs(text)))
