"""The per-customer pass: customer rules over facts, tags, stage and grade."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from .actions import render_note
from .derive import Derived, FlagState, StageState, TagState
from .events import Events, note_values
from .facts import Span
from .model import STAGE_ORDER, Context, CustomerFacts, Rule, RuleSet
from . import state


class CustomerPass:
    def __init__(
        self,
        db,
        ruleset: RuleSet,
        derived: Derived,
        events: Events,
        today: date,
        stored_tags: dict,
        stored_flags: dict,
        names: dict[int, str],
        span: Span | None = None,
    ):
        self.db, self.ruleset, self.derived, self.events, self.today = db, ruleset, derived, events, today
        self.stored_tags, self.stored_flags, self.names = stored_tags, stored_flags, names
        self.episodes = state.episodes(db, span)
        self.holding: dict[tuple[str, int], str] = {}

    def run(self, customers: dict[int, CustomerFacts]) -> None:
        rules = self.ruleset.scope("customer")
        for customer in sorted(customers.values(), key=lambda c: c.id):
            for rule in rules:
                ctx = Context(self.today, self.ruleset.lexicon, customer=customer)
                if rule.when(ctx):
                    self.holds(rule, customer, ctx)
        state.save_episodes(self.db, self.episodes, self.holding)

    def holds(self, rule: Rule, customer: CustomerFacts, ctx: Context) -> None:
        key = (rule.id, customer.id)
        since = self.episodes.get(key, self.today.isoformat())
        self.holding[key] = since
        seen = {k: v for k, v in ctx.facts.items()}
        for action in rule.then:
            apply = STATE_ACTIONS.get(action.kind)
            if apply:
                apply(self, rule, action, customer, seen)
        if key not in self.episodes:
            self.events.fire(rule, customer, f"episode:{since}", self.today, evidence={"facts": seen}, facts_seen=seen)

    # -- state actions, applied to the desired state and to the facts later rules read --

    def add_tag(self, rule, action, customer: CustomerFacts, seen) -> None:
        key = (customer.id, action.value)
        current = self.derived.tags.get(key)
        if current and current.status == "active":
            return
        old = self.stored_tags.get(key)
        first = old.first_seen if old and old.status == "active" and not old.count else self.today.isoformat()
        self.derived.tags[key] = TagState(customer.id, action.value, "active", first, first, 0, (rule.id,), (), None)
        customer.add_tag(action.value)

    def remove_tag(self, rule, action, customer: CustomerFacts, seen) -> None:
        key = (customer.id, action.value)
        if key in self.derived.tags:
            self.derived.tags[key] = replace(self.derived.tags[key], status="removed")
        customer.drop_tag(action.value)

    def set_stage(self, rule, action, customer: CustomerFacts, seen) -> None:
        current = self.derived.stages.get(customer.id)
        forced = action.option("force", False)
        if current and current.stage == action.value:
            return
        if current and STAGE_ORDER[action.value] < STAGE_ORDER[current.stage] and not forced:
            return
        if forced and action.option("from") and (current is None or current.stage not in action.option("from")):
            return  # moves back only from the stages it names
        if action.option("after") and (current is None or current.stage not in action.option("after")):
            return  # evidence only once one of these stages is reached
        state.record_rule_stage(self.db, customer.id, action.value, self.today, rule.id, forced)
        source = "manual" if forced else "rule"
        self.derived.stages[customer.id] = StageState(
            customer.id, action.value, self.today.isoformat(), source, rule.id
        )
        customer.stage, customer.stage_since = action.value, self.today

    def flag(self, rule, action, customer: CustomerFacts, seen) -> None:
        key = (customer.id, action.value, rule.id)
        stored = self.stored_flags.get(key)
        raised = stored[1].raised if stored else self.today.isoformat()
        note = (
            render_note(action.option("note"), **note_values(rule, customer, self.names, seen))
            or rule.description
            or rule.id
        )
        evidence = json.dumps({"facts": seen}, ensure_ascii=False, default=str, sort_keys=True)
        self.derived.flags[key] = FlagState(
            customer.id, action.value, rule.id, action.option("severity", "normal"), note, raised, None, None, evidence
        )
        customer.add_flag(action.value)

    def unflag(self, rule, action, customer: CustomerFacts, seen) -> None:
        for key in [k for k in self.derived.flags if k[0] == customer.id and k[1] == action.value]:
            del self.derived.flags[key]
        customer.drop_flag(action.value)


STATE_ACTIONS = {
    "add_tag": CustomerPass.add_tag,
    "remove_tag": CustomerPass.remove_tag,
    "set_stage": CustomerPass.set_stage,
    "flag": CustomerPass.flag,
    "unflag": CustomerPass.unflag,
}
