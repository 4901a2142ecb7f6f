"""The shared index of every rule's words: a document is looked up once, and each matcher
gets the candidate words it lists (matcher.TextMatcher reads them from here)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from . import lemmas
from .matcher import Document, Term, fold


class Lexicon:
    """First tokens of every term of every matcher, so a document is looked up once."""

    def __init__(self):
        # A phrase is keyed by its rarest word ("our quotation" by "quotation"), so the common words
        # of a message ("our", "order", "no") wake few phrases: word → (matchers, term, other words).
        self.exact: dict[str, list[tuple[int, Term, frozenset[str], str, frozenset[str] | None]]] = {}
        self.owners_of: dict[Term, list[int]] = {}  # every exact term → the matchers that list it
        # A concept's words are listed by the same few matchers: a word found is filed once under
        # its group of matchers, and each matcher gathers its groups when it asks (see hits_for).
        self.group_ids: dict[tuple[int, ...], int] = {}
        self.members: list[frozenset[int]] = []  # group → its matchers
        self.groups_of: dict[int, list[int]] = {}  # matcher → its groups
        self.group_set_of: dict[int, frozenset[int]] = {}
        self.keys_stale = False
        self.exact_keys: frozenset[str] = frozenset()
        # wildcard terms, keyed by the group of their one matcher
        self.wild: list[tuple[int, Term]] = []
        self.by_prefix: dict[str, list[tuple[int, Term]]] = {}  # "sample*": keyed by "sa"
        self.by_suffix: dict[str, list[tuple[int, Term]]] = {}  # "*عينة": keyed by "نة"
        self.wild_cache: dict[str, list[tuple[int, Term]]] = {}
        self.wild_hits: set[str] = set()
        self.wild_seen: set[str] = set()
        self.fields: set[str] = set()  # document fields some matcher reads
        self.pending: list[tuple[int, Term]] = []  # words whose inflections are not looked up yet
        self.stands_for: dict[str, set[str]] = {}  # an inflection → the rule words it is a form of
        self.form_keys: frozenset[str] = frozenset()

    def add(self, owner: int, term: Term) -> None:
        if term.lang in lemmas.LEMMA_LANGUAGES and not (term.lead or term.trail):
            self.pending.append((owner, term))
        else:
            self.index(owner, term)

    def finish(self) -> None:
        """Index the inflections of the words added since (one dictionary pass per language, cached)."""
        pending, self.pending = self.pending, []
        # many rules share a concept's words: each distinct term is looked up and rebuilt once
        words = {term: lemmas.casefold_tokens(term.source) for term in {term for _owner, term in pending}}
        by_lang: dict[str, list[list[str]]] = {}
        for term, casefolded in words.items():
            by_lang.setdefault(term.lang, []).append(casefolded)
        found = lemmas.inflections(by_lang)
        inflected = {term: self.with_forms(term, casefolded, found) for term, casefolded in words.items()}
        for owner, term in pending:
            self.index(owner, inflected[term])
        for term in inflected.values():
            for word, forms in zip(term.tokens, term.forms):
                for form in forms:
                    self.stands_for.setdefault(form, set()).add(word)
        self.form_keys = frozenset(self.stands_for)

    @staticmethod
    def with_forms(term: Term, casefolded: list[str], found: dict) -> Term:
        if len(casefolded) != len(term.tokens):  # folding split a word: exact only
            return term
        forms = tuple(found.get((term.lang, w), frozenset()) for w in casefolded)
        return replace(term, forms=forms) if any(forms) else term

    def group(self, owners: tuple[int, ...]) -> int:
        found = self.group_ids.get(owners)
        if found is None:
            found = self.group_ids[owners] = len(self.members)
            self.members.append(frozenset(owners))
            for owner in owners:
                self.groups_of.setdefault(owner, []).append(found)
                self.group_set_of[owner] = frozenset(self.groups_of[owner])
        return found

    def index(self, owner: int, term: Term) -> None:
        entry = (self.group((owner,)), term)
        first = term.tokens[0]
        if not term.wild_first:
            # Many rules share a concept's words: a word is checked once per document, then
            # handed to every matcher that lists it (half the entries were such repeats).
            owners = self.owners_of.get(term)
            if owners is None:
                owners = self.owners_of[term] = []
            owners.append(owner)
            self.keys_stale = True  # the index is rebuilt once, before the next lookup
        elif (term.lead and term.trail and len(term.tokens) == 1) or len(first) < 2:
            self.wild.append(entry)  # *word* and one-letter stems: checked one by one
        elif term.lead:
            self.by_suffix.setdefault(first[-2:], []).append(entry)
        else:
            self.by_prefix.setdefault(first[:2], []).append(entry)

    def owners(self, doc: Document, field_names: tuple[str, ...]) -> set[int]:
        """Matchers with at least one candidate word in these fields of the document."""
        groups: set[int] = set()
        for name in field_names:
            groups.update(self.candidates(doc, name))
        return set().union(*(self.members[group] for group in groups))

    def hits_for(self, doc: Document, field_name: str, owner: int) -> list[tuple[Term, str]]:
        """[(term, first token as found)] of one matcher's terms whose first token occurs."""
        found = self.candidates(doc, field_name)
        hits: list[tuple[Term, str]] = []
        if found:
            for group in self.groups_of.get(owner, ()):
                if group in found:
                    hits += found[group]
        return hits

    def has_words(self, doc: Document, field_name: str, owner: int) -> bool:
        """Whether a word of this matcher's occurs in the field (cheaper than hits_for)."""
        found = self.candidates(doc, field_name)  # first: the first lookup may still file words into groups
        return not self.group_set_of.get(owner, frozenset()).isdisjoint(found)

    def candidates(self, doc: Document, field_name: str) -> dict[int, list[tuple[Term, str]]]:
        """group of matchers → [(term, first token as found)] for terms whose first token occurs."""
        found = doc.candidates.get(field_name)
        if found is None:
            found = doc.candidates[field_name] = self.lookup(doc.token_set(field_name))
        return found

    def lookup(self, words: set[str]) -> dict[int, list[tuple[Term, str]]]:
        if self.pending:
            self.finish()
        if self.keys_stale:
            self.rebuild_index()
        found: dict[int, list[tuple[Term, str]]] = {}
        inflected = words & self.form_keys
        via = lemmas.forms_found(inflected, self.stands_for) if inflected else {}  # rule word → its forms here
        known = words | via.keys() if via else words
        for token in known & self.exact_keys:
            for group, term, others, first, first_forms in self.exact[token]:
                if others <= known:  # every other word of the phrase occurs somewhere (in some form)
                    # matchers look for the phrase where its first word stands, as written or inflected
                    hits = [(term, first)] if first in words else []
                    if first_forms and first in via:
                        hits += [(term, form) for form in via[first] if form in first_forms]
                    if hits:
                        found.setdefault(group, []).extend(hits)
        for token in self.wild_tokens(words):
            for group, term in self.wild_cache[token]:
                if term.rest <= words:
                    found.setdefault(group, []).append((term, token))
        return found

    def rebuild_index(self) -> None:
        """Key every exact term by its rarest word: the one fewest terms of the pack share."""
        shared: dict[str, int] = {}
        for term in self.owners_of:
            for word in term.words:
                shared[word] = shared.get(word, 0) + 1
        self.exact = {}
        common = common_words()
        for term, owners in self.owners_of.items():
            # a function word ("we", "will", "der") is in almost every mail: never the key if another will do
            key = min(term.words, key=lambda word: (word in common, shared[word], -len(word), word))
            first_forms = term.forms[0] if term.forms else None
            group = self.group(tuple(owners))
            self.exact.setdefault(key, []).append((group, term, term.words - {key}, term.tokens[0], first_forms))
        self.exact_keys, self.keys_stale = frozenset(self.exact), False

    def wild_tokens(self, words: set[str]) -> set[str]:
        # The vocabulary of a mailbox is small: remember which tokens match a
        # wildcard so each new message costs two set operations.
        for token in words - self.wild_seen:
            matches = [(o, t) for o, t in self.wild_candidates(token) if t.token_matches(0, token)]
            if matches:
                self.wild_cache[token] = matches
                self.wild_hits.add(token)
            self.wild_seen.add(token)
        return words & self.wild_hits

    def wild_candidates(self, token: str) -> list[tuple[int, Term]]:
        return self.by_prefix.get(token[:2], []) + self.by_suffix.get(token[-2:], []) + self.wild


@cache
def common_words() -> frozenset[str]:
    """Function words of the Latin-script languages, folded as the matcher folds mail."""
    from ..customers.language import function_words  # lower layer: imported when first needed

    return frozenset(fold(word) for words in function_words().values() for word in words)
