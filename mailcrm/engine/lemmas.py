"""Inflected forms of rule words, and the language of a document field.

A rule lists lemmas ("damage", "повреждение", "dañado"); mail has inflections
("damaged", "повреждений", "dañadas"). simplemma ships form → lemma dictionaries
for the languages the pack uses (no model, no network). Lemmatizing every
document token with them would mean holding those dictionaries in memory (the
Polish one is 3.7 million entries, 400 MB as a dict) in every process and
forked worker; instead the dictionaries are read once, when rules are loaded,
for the inverse: every form whose lemma is a rule word's lemma. The Lexicon
keeps them beside the words: a document's words are intersected once with all
forms, and each form found stands for its rule word, so a document is still
looked up once. The forms are cached on disk per language (a pass over a
dictionary takes 0.1 – 3 s; reading the cache, milliseconds). Only words of 4+
letters are inflected (see ``inflectable``).

Which forms count: a word written as its own lemma ("damage", "pedido" es)
matches every form of that lemma; a word written inflected ("damaged",
"dañado") matches the forms whose lemma is that word ("danificados" →
"danificado") and its siblings, the forms of its lemma that keep all but its
last letter and are no shorter ("dañados", "dañada", "damages"). Not the rest
of the verb: pt "pedido" (order) has the lemma "pedir" (to ask), and "pedimos"
must not make an order; nor the bare lemma: a rule that lists es "muestras"
(samples) means to leave out "muestra" (shows).

A language-keyed word fires only on a field in that language or one whose
language is not determined (see ``field_languages``).
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from functools import cache
from pathlib import Path

# Languages whose inflections are matched (simplemma has a dictionary for each).
# ar is left out: its rule words carry their own "*" affixes (the article), and adding
# it changed nothing on the reading benchmark's development part. ja, zh, ko, vi, th
# have no simplemma dictionary; id and hi have one, but no benchmark case to measure it on.
LEMMA_LANGUAGES = frozenset("en es pt fr de it nl pl tr ru".split())


def casefold_tokens(source: str) -> list[str]:
    """A term's tokens before accents are folded away: dictionaries are spelled with them."""
    from .matcher import is_break, tokenize

    text = unicodedata.normalize("NFC", source.strip().strip("*").casefold())
    return [t for t in tokenize(text) if not is_break(t)]


def common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def sibling(form: str, word: str) -> bool:
    """An inflection next to a word written inflected: "dañadas" to "dañado", not "muestra" to "muestras"."""
    return len(form) >= len(word) and common_prefix(form, word) >= len(word) - 1


def folded_forms(word: str, entry: dict) -> frozenset[str]:
    """Folded forms a rule word (casefolded, accents kept) matches, from its cache entry."""
    from .matcher import fold

    lemma, forms = entry["lemma"], entry["forms"]
    folded_word = fold(word)
    found = set()
    for form, form_lemma in forms.items():
        folded = fold(form)
        if form_lemma == word or (form_lemma == lemma and (lemma == word or sibling(folded, folded_word))):
            found.add(folded)
    found.discard(folded_word)
    return frozenset(f for f in found if f.isalpha())  # "numune'de", "e-mail": not one token


# -- the dictionaries, read once per language into a cache --------------------------------


def cache_dir() -> Path:
    configured = os.environ.get("MAILCRM_LEMMA_CACHE")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mailcrm")) / "lemmas"


@cache
def simplemma_version() -> str:
    from importlib.metadata import version

    return version("simplemma")


def entries(lang: str, words: set[str]) -> dict[str, frozenset[str]]:
    """word → the folded forms it matches, from the cache or the dictionary.

    A cache entry is {"lemma": …, "forms": {form: lemma}, "folded": [...]}: the folded forms are
    kept too, since folding them again took most of the time of loading the rules."""
    path = cache_dir() / f"{lang}-{simplemma_version()}.json"
    known = read_cache(path)
    missing = {w for w in words if w not in known}
    changed = bool(missing)
    if missing:
        known.update(scan_dictionary(lang, missing))
    for word in words:
        if "folded" not in known[word]:
            known[word]["folded"] = sorted(folded_forms(word, known[word]))
            changed = True
    if changed:
        write_cache(path, known)
    return {w: frozenset(known[w]["folded"]) for w in words}


def read_cache(path: Path) -> dict[str, dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_cache(path: Path, known: dict[str, dict]) -> None:
    """Written whole and renamed into place: two processes never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as out:
            json.dump(known, out, ensure_ascii=False, sort_keys=True)
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only home: the forms are recomputed next time


def dictionary_records(lang: str):
    """A function yielding simplemma's (form, lemma) pairs as bytes, one record at a time."""
    try:
        from simplemma.strategies.dictionaries import frontcode
        from simplemma.strategies.dictionaries.dictionary_factory import _read_decompressed

        data = _read_decompressed(lang)
        reverse, _count, start = frontcode._read_header(data)
    except (ImportError, AttributeError):  # another 2.x layout: the public (memory-hungry) mapping
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        mapping = DefaultDictionaryFactory(cache_max_size=0).get_dictionary(lang)
        return lambda: ((k.encode(), v.encode()) for k, v in mapping.items())

    def records():
        for _pos, key, value in frontcode._iter_records(data, start):
            yield (key[::-1], value[::-1]) if reverse else (key, value)

    return records


def scan_dictionary(lang: str, words: set[str]) -> dict[str, dict]:
    """Two passes over simplemma's front-coded stream, without building its dict.

    First the lemma of each word (German nouns are keyed capitalized), then every
    form whose lemma is one of those lemmas or one of the words themselves.
    """
    records = dictionary_records(lang)

    variants = {v.encode(): w for w in words for v in {w, w[:1].upper() + w[1:]}}
    lemma_of = {w: w for w in words}
    for key, value in records():
        word = variants.get(key)
        if word is not None and (key == word.encode() or lemma_of[word] == word):
            lemma_of[word] = value.decode().casefold()
    wanted = {}
    for word, lemma in lemma_of.items():
        for target in (word, lemma):
            for v in {target, target[:1].upper() + target[1:]}:
                wanted.setdefault(v.encode(), set()).add(word)
    found: dict[str, dict] = {w: {"lemma": lemma_of[w], "forms": {}} for w in words}
    for key, value in records():
        for word in wanted.get(value, ()):
            found[word]["forms"][key.decode().casefold()] = value.decode().casefold()
    return found


def inflectable(word: str) -> bool:
    """Not the short words of a phrase: the forms of "w", "ha", "foi", "è", "a", "we" are other
    languages' function words ("we", "has", "for", "so", "as", "us"), found everywhere."""
    return len(word) >= 4 and word.isalpha()


_FORMS: dict[tuple[str, str], frozenset[str]] = {}  # per process: rules are loaded again and again


def inflections(terms_by_lang: dict[str, list[list[str]]]) -> dict[tuple[str, str], frozenset[str]]:
    """(lang, casefolded word) → the folded forms it also matches, for every word of every term."""
    for lang, token_lists in terms_by_lang.items():
        words = {w for tokens in token_lists for w in tokens if inflectable(w) and (lang, w) not in _FORMS}
        if lang not in LEMMA_LANGUAGES or not words:
            continue
        for word, forms in entries(lang, words).items():
            _FORMS[(lang, word)] = forms
    return _FORMS


# -- the language of a field ---------------------------------------------------------------


@cache
def function_words() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Folded function words of the Latin-script languages, and which languages use each."""
    from ..customers.language import function_words as words_by_language
    from .matcher import fold

    languages: dict[str, list[str]] = {}
    for lang, words in words_by_language().items():
        for word in words:
            languages.setdefault(fold(word), []).append(lang)
    return frozenset(languages), {w: tuple(langs) for w, langs in languages.items()}


def detect_field(tokens: set[str]) -> frozenset[str]:
    """The Latin-script languages a field is written in, by the function words it uses.

    Empty when undetermined: a short subject ("Re: Pedido 4711"), a CJK, Cyrillic
    or Arabic text (Latin words in it are names and English), a signature. A
    language counts when it has at least 2 distinct function words and a third of
    the best language's count: a Spanish body with an English disclaimer is both.
    """
    known, languages = function_words()
    scores: dict[str, int] = {}
    for word in tokens & known:
        for lang in languages[word]:
            scores[lang] = scores.get(lang, 0) + 1
    if not scores:
        return frozenset()
    best = max(scores.values())
    return frozenset(lang for lang, n in scores.items() if n >= 2 and n * 3 >= best)


def field_languages(doc, name: str) -> frozenset[str]:
    """Cached on the document: detected on first use only (most fields never need it)."""
    found = doc.__dict__.setdefault("_languages", {})
    if name not in found:
        found[name] = detect_field(doc.token_set(name))
    return found[name]


def forms_found(forms: set[str], stands_for: dict[str, set[str]]) -> dict[str, list[str]]:
    """Rule word → the inflections of it among a document's words (most documents: none)."""
    via: dict[str, list[str]] = {}
    for form in forms:
        for word in stands_for[form]:
            via.setdefault(word, []).append(form)
    return via


def surface_first(candidates: list) -> list:
    """(term, word found) pairs, the rule words found as written before those found inflected."""
    if all(not term.forms or term.tokens[0] == first for term, first in candidates):
        return candidates
    return sorted(candidates, key=lambda c: bool(c[0].forms) and c[0].tokens[0] != c[1])


def fits(term, doc, name: str) -> bool:
    """A language-keyed word fires on a field in its language or of no determined language."""
    if term.lang is None or term.lang not in detectable_languages():
        return True
    present = field_languages(doc, name)
    return not present or term.lang in present


@cache
def detectable_languages() -> frozenset[str]:
    from ..customers.language import function_words as words_by_language

    return frozenset(words_by_language())
