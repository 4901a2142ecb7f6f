"""How the mail commands print: summaries, errors, a message, the demo's tour.

The commands in main.py parse and call; these turn what the library returned into
lines on stdout, and every error onto stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def not_synced_text(summary) -> str:
    failed = sorted(
        {error.split(":", 1)[0] for error in summary.errors}
        | {f"{folder.account}/{folder.folder}" for folder in summary.folders if folder.error}
    )
    return f"{', '.join(failed)} did not sync completely (a sent draft is noticed at the next complete sync)"


def print_sync(summary, quiet: bool, as_json: bool) -> None:
    """Folder lines and the summary on stdout; every error and server alert on stderr, once,
    also under -q and --json (cron mails stderr)."""
    for folder in summary.folders:
        if folder.error:
            click.echo(f"error: {folder.line()}", err=True)
        elif not (quiet or as_json):
            click.echo(folder.line())
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    for alert in summary.alerts:
        click.echo(f"server alert: {alert}", err=True)
    if not as_json:
        click.echo(summary.line())


def print_after_store(after, quiet: bool) -> None:
    """What filing, rules and draft tracking did; problems always, on stderr."""
    if not quiet:
        for line in after.lines():
            click.echo(line)
    for problem in after.problems():
        click.echo(problem, err=True)


def print_errors(errors: list[dict], as_json: bool) -> None:
    from ..output import print_json, print_table, table

    if as_json:
        print_json(errors)
        return
    grid = table("at", "account", "folder", "uid", "message", "stage", "error")
    for e in errors:
        grid.add_row(
            e["at"],
            e["account"] or "",
            e["folder"] or "",
            str(e["uid"] or ""),
            str(e["message"] or ""),
            e["stage"],
            e["error"],
        )
    print_table(grid)


def print_last_nightly(run: dict | None) -> None:
    from ..output import console

    if not run:
        console.print("no nightly run yet (mailcrm nightly)", markup=False)
        return
    took = f" in {run['seconds']:.1f} s" if run["seconds"] is not None else ""
    console.print(
        f"last nightly: {run['started']}, {run['status']}{took}, {len(run['stages'])} stages, "
        f"{len(run['problems'])} problems",
        markup=False,
    )
    for problem in run["problems"]:
        console.print(f"  problem: {problem}", markup=False)


def print_message(info: dict) -> None:
    from ..output import say  # as written, never wrapped: mail text is not markup

    say(info["subject"] or "", "bold")
    for address in info["addresses"]:
        say(f"{address['role']:>8}: {address['name']} <{address['email']}>")
    say(f"    date: {info['date']}   id: {info['id']}   message-id: {info['message_id']}")
    for location in info["locations"]:
        gone = " (gone from server)" if location["gone_at"] else ""
        say(f"      in: {location['account']}/{location['folder']} uid {location['uid']} [{location['flags']}]{gone}")
    for attachment in info["attachments"]:
        say(
            f"  attach: #{attachment['idx']} {attachment['filename']} "
            f"({attachment['content_type']}, {attachment['size']} bytes)"
        )
    if info["parse_error"]:
        say(f"  stored raw only: {info['parse_error']}")
    say("")
    say(info["body_text"] or "")


def in_project_venv() -> bool:
    """scripts/demo runs mailcrm from .venv, which is not on the user's PATH."""
    return Path(sys.prefix).name == ".venv"


def print_demo(result) -> None:
    from .drafts import print_drafts_demo
    from .nightly import print_digest_demo
    from .plans import print_plan_demo
    from ..output import console, print_table, table
    from .rules import print_rules_demo

    console.rule("[bold]mailcrm demo[/bold]: a sample export-trade mailbox, imported")
    console.print(result.imported.line(), markup=False)
    info = result.status
    console.print(
        f"{info['messages']} unique messages in {info['threads']} threads, "
        f"{info['attachments']} attachments, {info['unparsed']} stored raw only"
    )
    for query, hits in result.searches.items():
        grid = table("id", "date", "from", "subject", title=f"search: {query}")
        for hit in hits:
            grid.add_row(str(hit.id), (hit.date or "")[:10], hit.from_email or "", hit.subject)
        print_table(grid)
    grid = table("date", "dir", "from", "subject", "attachments", title="the longest thread")
    for m in result.thread:
        grid.add_row(
            (m["date"] or "")[:10],
            m["direction"] or "",
            m["from_email"] or "",
            m["subject"],
            m["attachment_names"].replace("\n", ", "),
        )
    print_table(grid)
    if result.customers:
        from .customers import print_customers, print_profile, print_timeline

        console.print(result.filed.line(), markup=False)
        print_customers(result.customers[:12], title=f"customers: {len(result.customers)}, most mail first")
        print_profile(result.profile)
        print_timeline(result.timeline)
    if result.documents:
        from .documents import print_documents

        console.print(
            f"$ mailcrm customers docs {result.documents_key} --kind contract --kind pi --kind po", markup=False
        )
        print_documents(result.documents[:15], result.documents_key)
    if result.contacts:
        from ..customers.contacts import describe

        grid = table("date", "customer", "kind", "what", title="calls and visits (customers import-notes calls.csv)")
        for row in result.contacts:
            grid.add_row(row["at"][:10], row["customer"], describe(row), row["text"])
        print_table(grid)
    print_rules_demo(result)
    print_plan_demo(result)
    print_drafts_demo(result)
    print_digest_demo(result)
    config = result.config.path
    console.print(
        f"Done in {result.seconds:.1f} s. Explore it yourself"
        f"{' (after `. .venv/bin/activate`)' if in_project_venv() else ''}:",
        markup=False,
    )
    console.print(f"  mailcrm --config {config} status", markup=False)
    console.print(f'  mailcrm --config {config} search "ball valve"', markup=False)
    console.print(f"  mailcrm --config {config} customers list", markup=False)
    if result.documents_key:
        console.print(
            f"  mailcrm --config {config} customers docs {result.documents_key} --kind contract", markup=False
        )
    console.print(f"  mailcrm --config {config} today", markup=False)
    console.print(f"  mailcrm --config {config} orders plan", markup=False)
    console.print(f"  mailcrm --config {config} drafts list", markup=False)
    console.print(f"  mailcrm --config {config} digest --owner lisa", markup=False)
    if result.report:
        console.print(f"  open {result.report}   (the HTML report: charts, works offline)", markup=False)
