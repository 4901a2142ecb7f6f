"""The rule engine: load rules, evaluate them per message and per customer,
record every conclusion with its evidence.

Public API (imported lazily, so `mailcrm.engine.grading` and `db.py` can import
engine modules without pulling in the whole engine)::

    load_rules(config) -> RuleSet              # raises RuleError (file:line: rule: reason)
    check_rules(config) -> (RuleSet, problems)
    run_rules(db, config, today=, dry_run=) -> RunReport
    explain(db, customer_ref, topic) -> dict    # `mailcrm why`
    agenda.agenda(db, config, today=, owner=) -> dict  # `mailcrm today`
    segment_members(db, config, name) -> [customer ids]
    evaluate_message(ruleset, rule_id, ...) -> matched words or None
"""

from importlib import import_module

_EXPORTS = {
    "Change": "changes",
    "RunReport": "changes",
    "check_rules": "loader",
    "load_rules": "loader",
    "rule_settings": "loader",
    "RuleError": "model",
    "evaluate_message": "probe",
    "run_rules": "runner",
    "segment_members": "segments",
    "explain": "why",
}
# The modules the parts above may import from, besides the names above.
PUBLIC_MODULES = [
    "agenda",
    "changes",
    "figures",
    "grading",
    "horizon",
    "loader",
    "model",
    "runner",
    "schema",
    "segments",
    "summary",
    "why",
]
__all__ = sorted(_EXPORTS) + PUBLIC_MODULES


def __getattr__(name: str):
    if name in PUBLIC_MODULES:
        return import_module(f".{name}", __name__)
    if name not in _EXPORTS:
        raise AttributeError(f"module 'mailcrm.engine' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
