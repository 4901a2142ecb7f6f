"""CLI for the rule engine: `rules check|run|list`, `why`, `today`. No SQL here."""

from __future__ import annotations

import shlex
import sys
from datetime import date

import click

from ..customers.location import evidence_lines
from ..engine.agenda import SECTION_TITLES, agenda as build_agenda, old_unanswered
from .. import output  # rich loads when a table is printed, not for --json
from ..output import TODAY_OPTION, print_json
from ..money import show, unpriced_text


@click.group()
def rules() -> None:
    """Check and run the rules that read your mail: tags, stages, flags, follow-ups.

    Rules are TOML files: the shipped pack plus the folders in [rules] paths
    (format: docs/rules.md).

    \b
    Example:
        mailcrm rules check
        mailcrm rules run --dry-run
    """


@rules.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def check(state, as_json: bool) -> None:
    """Validate every rule file; report file, line, rule and reason for each mistake.

    \b
    Example:
        mailcrm rules check
    """
    from ..engine.loader import check_rules

    ruleset, problems = check_rules(state.config)
    summary = {
        "files": [str(f) for f in ruleset.files],
        "rules": len(ruleset.rules),
        "segments": len(ruleset.segments),
        "problems": problems,
    }
    if as_json:
        print_json(summary)
    else:
        for problem in problems:
            click.echo(problem, err=True)  # plain: one problem per line, never wrapped
        verdict = f"{len(problems)} problems" if problems else "all valid"
        click.echo(
            f"{len(ruleset.files)} rule files, {len(ruleset.rules)} rules, {len(ruleset.segments)} segments: {verdict}"
        )
    if problems:
        sys.exit(1)


@rules.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def list_rules(state, as_json: bool) -> None:
    """List the loaded rules and segments with where they come from.

    \b
    Example:
        mailcrm rules list
    """
    from ..engine.loader import check_rules

    ruleset, problems = check_rules(state.config)
    rows = [
        {
            "id": r.id,
            "scope": r.scope,
            "enabled": r.enabled,
            "description": r.description,
            "actions": [a.kind for a in r.then],
            "file": f"{r.source.name}:{r.line}",
        }
        for r in ruleset.rules
    ]
    segments = [
        {"name": s.name, "description": s.description, "file": f"{s.source.name}:{s.line}"}
        for s in ruleset.segments.values()
    ]
    if as_json:
        print_json({"rules": rows, "segments": segments, "problems": problems})
        return
    grid = output.table("rule", "scope", "actions", "description", "file")
    for row in rows:
        grid.add_row(
            row["id"] + ("" if row["enabled"] else " (off)"),
            row["scope"],
            ", ".join(row["actions"]),
            row["description"],
            row["file"],
        )
    output.print_table(grid)
    grid = output.table("segment", "description", "file")
    for row in segments:
        grid.add_row(row["name"], row["description"], row["file"])
    output.print_table(grid)


@rules.command("run")
@click.option("--dry-run", is_flag=True, help="Show what would change, change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option("--limit", default=40, show_default=True, help="Print at most this many changes.")
@TODAY_OPTION
@click.pass_obj
def run(state, dry_run: bool, as_json: bool, limit: int, today: date | None) -> None:
    """Run every rule: new messages first, then grading and the per-customer pass.

    Running twice changes nothing the second time.

    \b
    Example:
        mailcrm rules run --dry-run
        mailcrm rules run
    """
    from ..engine.runner import run_rules  # the rule engine loads only for the commands that run it

    report = run_rules(state.db, state.config, today=today, dry_run=dry_run, keep_changes=None if as_json else limit)
    if as_json:
        print_json(report.as_dict())
        return
    print_changes(report, limit)
    for line in report.unpriced_lines()[:limit]:
        click.echo(line)
    click.echo(report.line())


def print_changes(report, limit: int) -> None:
    shown = [c for c in report.changes if c.kind not in ("hits", "rule")][:limit]
    if not shown:
        return
    grid = output.table("change", "customer", "what", "rule", title="would change" if report.dry_run else "changed")
    for change in shown:
        grid.add_row(change.kind, change.customer_name, change.text, change.rule or "")
    output.print_table(grid)
    hidden = sum(n for kind, n in report.counts().items() if kind not in ("hits", "rule")) - len(shown)
    if hidden > 0:
        click.echo(f"… and {hidden} more (--limit, or --json for all)")


# -- why -------------------------------------------------------------------------------


@click.command()
@click.argument("customer")
@click.argument("topic", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--limit", default=3, show_default=True, help="Messages quoted per conclusion.")
@click.pass_obj
def why(state, customer: str, topic: str | None, as_json: bool, limit: int) -> None:
    """Explain a customer's country, tags, flags, stage and grade, quoting the messages.

    CUSTOMER is a domain, address, #id or name; TOPIC narrows it to one tag,
    one flag, `stage`, `grade`, `country` (the address, domain, phone and
    language that say where they are, and what was outweighed or is uncertain)
    or `merges` (the customers merged into it, and why).

    \b
    Example:
        mailcrm why acme-armaturen.de
        mailcrm why acme-armaturen.de green-product
        mailcrm why acme-armaturen.de country
        mailcrm why acme-armaturen.de merges
        mailcrm why "#12" grade --json
    """
    from ..engine.loader import speakers_of
    from ..engine.why import explain

    result = explain(state.db, customer, topic, limit=limit, speakers=speakers_of(state.config))
    if as_json:
        print_json(result)
        return
    print_why(result)


def say(text: str, style: str | None = None) -> None:
    output.say(text, style)


def print_why(result: dict) -> None:
    c = result["customer"]
    say(
        f"{c['name'] or c['key']} ({c['key']}) · {c['country'] or '??'} · owner {c['owner'] or '—'} · "
        f"grade {c['grade'] or '—'} · stage {c['stage'] or '—'}",
        "bold",
    )
    if "country" in result:
        lines = evidence_lines(result["country"], c["key"])
        say(lines[0], "bold")
        for line in lines[1:]:
            say(line)
    if result.get("away"):
        print_away(result["away"])
    if "stage" in result:
        print_stage(result["stage"])
    if "tags" in result:
        print_tags(result["tags"])
    if "flags" in result:
        print_flags(result["flags"])
    if "grade" in result:
        print_grade(result["grade"])
    for merge in result.get("merges") or []:
        how = "automatically" if merge["automatic"] else "by hand"
        say(
            f"Merged in {merge['key']} {how} ({merge['at'][:10]})"
            + (f": {merge['evidence']}" if merge["evidence"] else "")
        )
        say(f"   undo: mailcrm customers split {c['key']} --from {merge['key']}", "dim")


def print_away(away: dict) -> None:
    say(f"{away['text'][0].upper()}{away['text'][1:]}", "bold")
    say(f"   their latest mail to us, #{away['message']}", "dim")


def print_messages(messages: list[dict]) -> None:
    for m in messages:
        say(f"      {m['date']} {m['direction'] or '':3} #{m['message']} {m['from'] or ''} “{m['subject']}”")
        where = f"{m['says']}: " if m.get("says") else ""
        say(f"          {where}{m['quote']}", "dim")


def print_stage(stage: dict | None) -> None:
    if not stage:
        say("Stage: no evidence yet")
        return
    origin = "set by hand" if stage["source"] == "manual" else f"rule {stage['rule']}"
    say(f"Stage: {stage['stage']} since {stage['since']} ({origin})", "bold")
    steps = " → ".join(f"{h['stage']} ({h['since']})" for h in stage["history"])
    if steps:
        say(f"   history: {steps}")
    print_messages(stage["messages"])


def print_tags(tags: list[dict]) -> None:
    say("Tags:" if tags else "Tags: none", "bold")
    for t in tags:
        fades = f", fades {t['fades_on']}" if t["fades_on"] else ""
        say(
            f"   {t['tag']} ({t['status']}: {t['count']} messages {t['first_seen']} – {t['last_seen']}{fades}) "
            f"words: {', '.join(t['terms']) or '—'}; rules: {', '.join(t['rules'])}"
        )
        print_messages(t["messages"])


def print_flags(flags: list[dict]) -> None:
    say("Flags:" if flags else "Flags: none", "bold")
    for f in flags:
        state = f"resolved {f['resolved']} ({f['resolution']})" if f["resolved"] else "open"
        say(f"   {f['flag']} [{f['severity']}] {state}, raised {f['raised']} by {f['rule']}: {f['note']}")
        facts = (f["evidence"] or {}).get("facts")
        if facts:
            say("      because " + ", ".join(f"{k} = {v}" for k, v in facts.items()), "dim")
        print_messages(f["messages"])


def print_grade(grade: dict | None) -> None:
    if not grade:
        say("Grade: not graded yet (run `mailcrm rules run`)")
        return
    if grade["basis"] in ("orders", "single-share"):
        basis = (
            f"{grade['share']:.0%} of 12-month order value ({show(grade['value_12m'], grade['currency'])}), "
            f"rank {grade['rank']}, running total {grade['cumulative']:.0%}"
        )
    elif grade["basis"] == "engagement":
        basis = f"no orders in 12 months; {grade['engagement']} mails from them in the engagement window"
    else:
        basis = "no orders and no recent mail"
    rfm = "/".join(str(grade[k] or "–") for k in ("r_score", "f_score", "m_score"))
    say(f"Grade: {grade['grade']} — {basis}; RFM {rfm}", "bold")
    for currency, (orders, amount) in sorted((grade.get("unpriced") or {}).items()):
        say(f"   {unpriced_text(currency, orders)} ({show(amount, currency, 2)})", "dim")
    say(f"   next contact {grade['next_contact']} ({grade['next_contact_reason']})")


# -- today -------------------------------------------------------------------------------


@click.command()
@click.option("--owner", metavar="NAME", help="Only this salesperson's customers (account or owner name).")
@click.option("--old", is_flag=True, help="List the threads left unanswered before the horizon instead.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@output.format_options
@click.option("--limit", default=15, show_default=True, help="Items per section (with --old: threads).")
@TODAY_OPTION
@click.pass_obj
def today(state, owner: str | None, old: bool, as_json: bool, fmt: str | None, limit: int, today: date | None) -> None:
    """Your agenda, most important first: complaints, mail that asks something
    (complaining and A customers first), follow-ups due (A before B before C),
    overdue payments, stalled deals, churn risks, drafts to review.

    Mail older than [agenda] horizon_days (60) before the first sync is history:
    it waits for no answer. --old lists the threads it left unanswered, latest first.

    --csv and --tsv print one row per item, its section first.

    \b
    Example:
        mailcrm today --owner lisa
        mailcrm today --json
        mailcrm today --tsv | grep complaints
        mailcrm today --old --owner lisa
    """
    if old:
        print_old(old_unanswered(state.db, state.config, today=today, owner=owner), limit, as_json, fmt)
        return
    result = build_agenda(state.db, state.config, today=today, owner=owner, limit=limit)
    if fmt:
        output.print_rows(
            [{"section": name} | item for name, items in result["sections"].items() for item in items], fmt
        )
        return
    if as_json:
        print_json(result)
        return
    print_agenda(result, owner)


def print_agenda(result: dict, asked: str | None = None) -> None:
    """``asked``: the --owner as typed (lisa), repeated in the hint at `today --old`."""
    who = f" for {result['owner']}" if result["owner"] else ""
    say(f"Today {result['today']}{who}", "bold")
    empty = True
    for name, items in result["sections"].items():
        if not items:
            continue
        empty = False
        more = result["counts"][name] - len(items)
        grid = output.table(
            "customer", "grade", "what", "since", title=SECTION_TITLES[name] + (f" (+{more} more)" if more > 0 else "")
        )
        for item in items:
            grid.add_row(item["customer_name"], item["grade"] or "", item["what"], item["since"] or "")
        output.print_table(grid)
    if empty:
        say("Nothing needs you today.")
    line = result["horizon"]
    if line["old_unanswered"]:
        n = line["old_unanswered"]
        owner = f" --owner {shlex.quote(asked)}" if asked else ""
        say(
            f"{n} thread{'s' if n != 1 else ''} from before {line['start']} ({line['days']} days before the first "
            f"sync) {'was' if n == 1 else 'were'} left unanswered: history, not listed here; "
            f"`mailcrm today --old{owner}` lists them."
        )


def print_old(items: list[dict], limit: int, as_json: bool, fmt: str | None) -> None:
    if fmt:
        output.print_rows(items[:limit], fmt)
        return
    if as_json:
        print_json(items[:limit])
        return
    if not items:
        say("No thread was left unanswered before the horizon.")
        return
    more = len(items) - limit
    grid = output.table(
        "customer",
        "grade",
        "owner",
        "what",
        "last mail",
        title="Left unanswered before the horizon (history)" + (f" (+{more} more)" if more > 0 else ""),
    )
    for item in items[:limit]:
        grid.add_row(item["customer_name"], item["grade"] or "", item["owner"] or "", item["what"], item["since"] or "")
    output.print_table(grid)


def print_rules_demo(result) -> None:
    """The demo's rule section: what the rules found, grades, one `why`, today's agenda."""
    if result.rules is None:
        return
    output.console.rule("[bold]rules[/bold]: tags with evidence, grades, today's agenda")
    say(result.rules.line())
    grid = output.table("customer", "tag", "messages", "words", "last seen", title="tags the rules found")
    for t in result.tags:
        grid.add_row(t["customer_name"], t["tag"], str(t["count"]), ", ".join(t["terms"][:4]), t["last_seen"] or "")
    output.print_table(grid)
    counts = result.grades.get("counts", {})
    grid = output.table(
        "customer",
        "grade",
        "share",
        "12-month value",
        "RFM",
        "next contact",
        title=f"grades: A {counts.get('A', 0)} · B {counts.get('B', 0)} · C {counts.get('C', 0)}",
    )
    for g in result.grades.get("top", []):
        rfm = "/".join(str(g[k] or "–") for k in ("r_score", "f_score", "m_score"))
        grid.add_row(
            g["customer_name"],
            g["grade"],
            f"{g['share']:.0%}",
            show(g["value_12m"], g["currency"]),
            rfm,
            g["next_contact"] or "",
        )
    output.print_table(grid)
    if result.why:
        output.rule(f"why {result.why['customer']['key']}")
        print_why(result.why)
    if result.agenda:
        output.console.rule("today")
        print_agenda(result.agenda)
