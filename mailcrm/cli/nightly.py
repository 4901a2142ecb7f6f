"""CLI: `nightly`, `digest`, `report`. Parse, call, print."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..output import TODAY_OPTION, print_json


LANGUAGE_OPTION = click.option(
    "--language", type=click.Choice(["en", "zh"]), help="Write in this language (default: [digest] language)."
)


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
def digest(
    state,
    send: bool,
    owner: str | None,
    manager_only: bool,
    language: str | None,
    as_html: bool,
    as_json: bool,
    today: date | None,
) -> None:
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
    """A copy of the config whose digests are all in `language` (the accounts' own languages too)."""
    if not language:
        return config
    from dataclasses import replace

    section = dict(config.sections.get("digest") or {}, language=language, manager_language=language)
    accounts = [replace(a, language=None) for a in config.accounts]
    return replace(config, accounts=accounts, sections={**config.sections, "digest": section})


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
@click.option(
    "--html",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the report to this HTML file.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the headline figures (customers, grades, order value, agenda counts) as JSON.",
)
@LANGUAGE_OPTION
@TODAY_OPTION
@click.pass_obj
def report(state, path: Path | None, as_json: bool, language: str | None, today: date | None) -> None:
    """One self-contained HTML page of charts: headline figures, pipeline funnel,
    monthly trends, where inquiries came from, ABC / Pareto of order value, RFM
    grid, customers by country, reply times both ways, activity per salesperson,
    churn risks; each chart with a legend and its data table. Opens offline,
    prints on A4; mail it as an attachment. --json prints the headline figures,
    the same numbers the report, the digests and `today` show.

    \b
    Example:
        mailcrm report --html report.html
        mailcrm report --html ~/Reports/team-2026-05.html --language zh
        mailcrm report --json
    """
    if not path and not as_json:
        raise click.UsageError("give --html FILE (the report) or --json (its headline figures)")
    if path:
        from ..night.report import write_report

        written = write_report(state.db, state.config, path, today=today, language=language)
        if not as_json:
            click.echo(f"report written to {written} (open it in any browser; it needs no network)")
    if as_json:
        from ..engine.figures import headline

        print_json(headline(state.db, state.config, today or date.today()))
