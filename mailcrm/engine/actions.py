"""Action names → validated :class:`Action` objects (what they do is in derive/events).

Each ``[[rule.then]]`` table holds exactly one action key and its options; an
unknown action or option is an error when the rules load.
"""

from __future__ import annotations

import re
from typing import Any

from .model import STAGES, Action, Invalid

FLAGS = ("stalled", "churn-risk", "complaint", "payment-risk", "competitor")
SEVERITIES = ("urgent", "normal", "low")
PURPOSES = ("reactivation", "value-content", "stalled-nudge", "quote-follow-up", "complaint-reply")
RECIPIENTS = ("owner", "manager")
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
NOTE_FIELDS = {"customer", "rule", "stage", "days"}

# action → allowed options
OPTIONS: dict[str, set[str]] = {
    "add_tag": {"fades_after_days", "min_count"},
    "remove_tag": set(),
    "set_stage": {"force", "from", "after"},
    "flag": {"severity", "note", "expires_after_days"},
    "unflag": set(),
    "follow_up": {"default_days", "note"},
    "draft": {"note", "cooldown_days"},
    "alert": {"note"},
    "record_order": set(),
}
STATE_ACTIONS = {"add_tag", "remove_tag", "set_stage", "flag", "unflag"}
EVENT_ACTIONS = {"follow_up", "draft", "alert"}
# record_order (message rules): an order the matched mail places goes into the order book
# (engine.mail_orders); in a customer rule it does nothing.


def compile_action(data: Any, index: int) -> Action:
    if not isinstance(data, dict):
        raise Invalid("each action is a table: [[rule.then]]", "then")
    kinds = [k for k in data if k in OPTIONS]
    if len(kinds) != 1:
        unknown = [k for k in data if k not in set().union(*OPTIONS.values())]
        if unknown and not kinds:
            raise Invalid(f"unknown action {unknown[0]!r} (known: {', '.join(OPTIONS)})", unknown[0])
        raise Invalid(f"action #{index + 1} must hold exactly one of: {', '.join(OPTIONS)}", "then")
    kind = kinds[0]
    options = {k: v for k, v in data.items() if k != kind}
    wrong = sorted(set(options) - OPTIONS[kind])
    if wrong:
        allowed = ", ".join(sorted(OPTIONS[kind])) or "none"
        raise Invalid(f"{kind}: unknown option {wrong[0]!r} (allowed: {allowed})", wrong[0])
    value = VALIDATORS[kind](data[kind], options)
    return Action(kind, value, options)


def name_value(value: Any, what: str) -> str:
    if not isinstance(value, str) or not NAME.match(value):
        raise Invalid(f"{what} must be a lowercase name like 'green-product', not {value!r}")
    return value


def whole(options: dict, key: str, low: int = 1) -> None:
    if key in options:
        value = options[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise Invalid(f"{key} must be a whole number ≥ {low}", key)


def note_option(options: dict) -> None:
    note = options.get("note")
    if note is None:
        return
    if not isinstance(note, str):
        raise Invalid("note must be a string", "note")
    for name in re.findall(r"\{(\w*)\}", note):
        if name not in NOTE_FIELDS:
            raise Invalid(f"note: unknown placeholder {{{name}}} (use {', '.join(sorted(NOTE_FIELDS))})", "note")


def tag_action(value, options) -> str:
    whole(options, "fades_after_days")
    whole(options, "min_count")
    return name_value(value, "the tag")


def stage_action(value, options) -> str:
    if value not in STAGES:
        raise Invalid(f"set_stage must be one of {', '.join(STAGES)}, not {value!r}", "set_stage")
    if "force" in options and not isinstance(options["force"], bool):
        raise Invalid("force must be true or false", "force")
    if "from" in options:
        stages = options["from"]
        if not options.get("force"):
            raise Invalid("from needs force = true: it says which stages a forced stage may move back from", "from")
        if not isinstance(stages, list) or not stages or any(s not in STAGES for s in stages):
            raise Invalid(f"from must be a list of stages ({', '.join(STAGES)})", "from")
    if "after" in options:
        stages = options["after"]
        if options.get("force"):
            raise Invalid("after is for a stage moved forward; a forced stage names its stages with from", "after")
        if not isinstance(stages, list) or not stages or any(s not in STAGES for s in stages):
            raise Invalid(f"after must be a list of stages ({', '.join(STAGES)})", "after")
    return value


def flag_action(value, options) -> str:
    if options.get("severity", "normal") not in SEVERITIES:
        raise Invalid(f"severity must be one of {', '.join(SEVERITIES)}", "severity")
    whole(options, "expires_after_days")
    note_option(options)
    return name_value(value, "the flag")


def follow_up_action(value, options) -> int | str:
    whole(options, "default_days")
    note_option(options)
    if value == "after_return":
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise Invalid('follow_up must be a number of days or "after_return"', "follow_up")


def draft_action(value, options) -> str:
    if value not in PURPOSES:
        raise Invalid(f"draft must be one of {', '.join(PURPOSES)}, not {value!r}", "draft")
    whole(options, "cooldown_days", 0)
    note_option(options)
    return value


def record_order_action(value, options) -> bool:
    if value is not True:
        raise Invalid("record_order must be true", "record_order")
    return value


def alert_action(value, options) -> tuple[str, ...]:
    recipients = [value] if isinstance(value, str) else value
    if not isinstance(recipients, list) or not recipients or any(r not in RECIPIENTS for r in recipients):
        raise Invalid('alert must be "owner", "manager" or ["owner", "manager"]', "alert")
    note_option(options)
    return tuple(dict.fromkeys(recipients))


VALIDATORS = {
    "add_tag": tag_action,
    "remove_tag": lambda v, o: name_value(v, "the tag"),
    "set_stage": stage_action,
    "flag": flag_action,
    "unflag": lambda v, o: name_value(v, "the flag"),
    "follow_up": follow_up_action,
    "draft": draft_action,
    "alert": alert_action,
    "record_order": record_order_action,
}


def render_note(template: str | None, **values: Any) -> str:
    if not template:
        return ""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)
