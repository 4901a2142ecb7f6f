"""CLI: `nightly`, `digest`, `report`, `customers pool`, `customers claim`. Parse, call, print."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..output import TODAY_OPTION, print_json


LANGUAGE_OPTION = click.option("--language", type=click.Choice(["en", "zh"]),
                               help="Write in this language (default: [digest] language).")


def plain(*values) -> list[str]:
    """Table cells as text (output.table shows "[accounts.imap]" as written, not as markup)."""
    return [str(value) for value in values]


def say(text: str, style: str | None = None, err: bool = False) -> None:
    if err:
        click.echo(text, err=True)
    else:
        output.say(text, style)


# -- nightly ----------------------------------------------------------------------------------------


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the run as JSON.")
@TODAY_OPTION
@click.pass_obj
def nightly(state, as_json: bool, today: date | None) -> None:
    """The whole night in one command: sync every account, file and read the mail,
    mail urgent alerts, release idle customers to the public pool, write and push
    drafts, send the digests.

    One lock covers every stage; a failing account or stage is reported and the
    rest still runs. Problems go to stderr, also under -q. Exit code 1 when
    anything failed, or when [nightly] send_digests = true and no account has
    [accounts.smtp] to send them. Safe to run again: nothing is pushed, sent or
    alerted twice. `mailcrm status` shows the last run.

    \b
    Example:
        mailcrm nightly
        mailcrm -q nightly      # under cron or a systemd timer: problems and one line
    """
    from ..night.run import nightly as run_nightly
    from ..progress import for_terminal

    report = run_nightly(state.db, state.config, today=today, progress=for_terminal(state.quiet or as_json))
    if as_json:
        print_json(report.as_dict())
    else:
        print_nightly(report, quiet=state.quiet)
    if not report.ok:
        sys.exit(1)


def print_nightly(report, quiet: bool) -> None:
    """A table in a terminal; one plain line per stage under cron or systemd (their logs keep them)."""
    if not quiet and output.console.is_terminal:
        grid = output.table("stage", "seconds", "what happened")
        for step in report.steps:
            grid.add_row(*plain(step.name, f"{step.seconds:.2f}", stage_text(step)))
        output.print_table(grid)
    elif not quiet:
        for step in report.steps:
            click.echo(f"{step.name}: {step.seconds:.2f} s: {stage_text(step)}")
    for problem in report.problems():
        say(f"problem: {problem}", err=True)
    for warning in report.warnings():
        say(f"warning: {warning}", err=True)
    click.echo(report.line())


def stage_text(step) -> str:
    what = "; ".join(step.lines) or (f"skipped: {step.skipped}" if step.skipped else "nothing to do")
    return f"FAILED: {what}" if step.problems else what


# -- digest -------------------------------------------------------------------------------------------


@click.command()
@click.option("--send", is_flag=True, help="Mail them (each person gets a day's digest once).")
@click.option("--owner", metavar="NAME", help="Only this salesperson's digest (name or account).")
@click.option("--manager", "manager_only", is_flag=True, help="Only the manager digest.")
@LANGUAGE_OPTION
@click.option("--html", "as_html", is_flag=True, help="Print the HTML part instead of the text.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@TODAY_OPTION
@click.pass_obj
def digest(state, send: bool, owner: str | None, manager_only: bool, language: str | None, as_html: bool,
           as_json: bool, today: date | None) -> None:
    """The digests: each salesperson's day (agenda, drafts in Drafts, new customers,
    stages that moved) and the manager's view of the team (pipeline, stalled deals,
    churn risks, who waits for an answer, complaints). Printed unless --send.

    \b
    Examples:
        mailcrm digest --owner lisa
        mailcrm digest --manager --language zh
        mailcrm digest --send
    """
    from ..night.digest import build_digests

    config = with_language(state.config, language)
    documents = build_digests(state.db, config, today=today, owner=owner, manager=not owner)
    if manager_only:
        documents = [d for d in documents if d.kind == "manager"]
    if owner and not documents:
        raise click.ClickException(f"no salesperson {owner!r} in the config")
    if send:
        send_documents(state, config, documents, as_json)
    elif as_json:
        print_json([d.as_dict() for d in documents])
    else:
        print_documents(documents, as_html)


def with_language(config, language: str | None):
    """A copy of the config whose [digest] writes in `language`."""
    if not language:
        return config
    from dataclasses import replace

    section = dict(config.sections.get("digest") or {}, language=language, manager_language=language)
    return replace(config, sections={**config.sections, "digest": section})


def print_documents(documents, as_html: bool) -> None:
    for document in documents:
        if as_html:
            click.echo(document.html())
            continue
        output.rule(f"{document.kind}: {document.person} <{document.email or 'no address'}>", style="dim")
        say(f"Subject: {document.subject}", "bold")
        click.echo(document.text())


def send_documents(state, config, documents, as_json: bool) -> None:
    from ..night.mailout import send_digests

    report = send_digests(state.db, config, documents)
    if as_json:
        print_json(report.as_dict())
    else:
        for line in report.lines():
            say(line)
        for problem in report.problems:
            say(f"problem: {problem}", err=True)
    if not report.ok:
        sys.exit(1)


def print_digest_demo(result) -> None:
    """The demo's digest section: Lisa's day (English) and the manager's view (Chinese), and the report."""
    if not result.digests:
        return
    output.console.rule("[bold]digests[/bold]: what `mailcrm nightly` mails each morning")
    shown = [d for d in result.digests if d.person == "Lisa Chen" or d.kind == "manager"]
    print_documents(shown, as_html=False)
    if result.report:
        output.console.rule("[bold]report[/bold]")
        say(f"HTML report with charts written to {result.report} (self-contained: open it in any browser)")


# -- report ------------------------------------------------------------------------------------------


@click.command()
@click.option("--html", "path", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FILE",
              help="Write the report to this HTML file.")
@LANGUAGE_OPTION
@TODAY_OPTION
@click.pass_obj
def report(state, path: Path, language: str | None, today: date | None) -> None:
    """One self-contained HTML page of charts: pipeline funnel, ABC / Pareto of order
    value, RFM grid, customers by country, reply times both ways, activity per
    salesperson, churn risks. Opens offline; mail it as an attachment.

    \b
    Example:
        mailcrm report --html report.html
        mailcrm report --html ~/Reports/team-2026-05.html --language zh
    """
    from ..night.report import write_report

    written = write_report(state.db, state.config, path, today=today, language=language)
    click.echo(f"report written to {written} (open it in any browser; it needs no network)")


# -- the public pool -------------------------------------------------------------------------------------


@click.command()
@click.option("--release", is_flag=True, help="Release idle customers now (the nightly run does this).")
@click.option("--dry-run", is_flag=True, help="With --release: show who would go, change nothing.")
@click.option("--limit", type=int, metavar="N", help="List at most N customers.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@TODAY_OPTION
@click.pass_obj
def pool(state, release: bool, dry_run: bool, limit: int | None, as_json: bool, today: date | None) -> None:
    """The public pool (公海): customers whose owner did not follow up for [pool] days.

    Anyone may claim them with `mailcrm customers claim KEY`.

    \b
    Examples:
        mailcrm customers pool
        mailcrm customers pool --release --dry-run
    """
    from ..night import pool as lib

    if release or dry_run:
        released = lib.release_idle(state.db, state.config, today=today, dry_run=dry_run)
        if as_json:
            print_json(released.as_dict())
            return
        print_released(released)
        return
    rows = lib.pool_list(state.db)[:limit]
    if as_json:
        print_json(rows)
        return
    print_pool(rows)


def print_released(released) -> None:
    if not released.days:
        say("no public pool: set [pool] days in the config (e.g. days = 30)")
        return
    grid = output.table("customer", "owner", "grade", "stage", "last follow-up", "idle days")
    for row in released.released:
        grid.add_row(*plain(row["name"] or row["key"], row["owner"] or "", row["grade"] or "", row["stage"] or "",
                            row["last"], row["idle_days"]))
    if released.released:
        output.print_table(grid)
    say(released.line())


def print_pool(rows: list[dict]) -> None:
    if not rows:
        say("the public pool is empty")
        return
    grid = output.table("customer", "key", "country", "grade", "stage", "was with", "released", "idle days")
    for row in rows:
        grid.add_row(*plain(row["name"] or row["key"], row["key"], row["country"] or "", row["grade"] or "",
                            row["stage"] or "", row["previous_owner"] or "", row["released"] or "",
                            row["idle_days"] or ""))
    output.print_table(grid)
    say(f"{len(rows)} customers in the public pool; `mailcrm customers claim KEY` takes one")


@click.command()
@click.argument("key")
@click.option("--owner", metavar="NAME", help="Who claims it (name or account); needed when there are several.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def claim(state, key: str, owner: str | None, as_json: bool) -> None:
    """Claim a customer from the public pool: they become yours, their follow-up clock starts again.

    \b
    Example:
        mailcrm customers claim acme-armaturen.de --owner tom
    """
    from ..night.pool import claim as claim_customer

    result = claim_customer(state.db, state.config, key, owner)
    if as_json:
        print_json(result)
        return
    say(f"{result['name'] or result['key']} ({result['key']}) is now {result['owner']}'s customer")
