"""The mailcrm command line: parse, call the library, print.

No SQL, IMAP or SMTP here: every command calls a library function and prints
what it returns, as a rich table for people or JSON with --json.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import click

from .. import __version__
from .printing import (
    not_synced_text,
    print_after_store,
    print_demo,
    print_errors,
    print_last_nightly,
    print_message,
    print_sync,
)
from ..errors import MailcrmError
from ..output import format_options

# Command groups load when used: `mailcrm sync` under cron should not pay for
# importing the report, the templates and the rule engine's CLI. Each one's summary
# (the first paragraph of its help) is kept here too, so that `mailcrm --help` can list
# them without importing them all (0.08 s instead of 0.4); a test keeps the two alike.
LAZY_COMMANDS = {
    "customers": (
        "mailcrm.cli.customers:customers",
        "Customers built from the mail: list, profile and timeline, merge, split, import, hand over.",
    ),
    "orders": (
        "mailcrm.cli.orders:orders",
        "Orders per customer: shown in the timeline, summed per customer, the basis of grading.",
    ),
    "handover": (
        "mailcrm.cli.handover:handover",
        "Move a salesperson's customers to another and write a Markdown brief per customer: who they "
        "are, contacts, last exchanges, open threads, orders, what is pending.",
    ),
    "rules": (
        "mailcrm.cli.rules:rules",
        "Check and run the rules that read your mail: tags, stages, flags, follow-ups.",
    ),
    "why": (
        "mailcrm.cli.rules:why",
        "Explain a customer's country, tags, flags, stage and grade, quoting the messages.",
    ),
    "today": (
        "mailcrm.cli.rules:today",
        "Your agenda, most important first: complaints, mail that asks something (complaining and A "
        "customers first), follow-ups due (A before B before C), overdue payments, stalled deals, churn "
        "risks, drafts to review.",
    ),
    "drafts": ("mailcrm.cli.drafts:drafts", "Follow-up drafts: generate, review, put into your Drafts folder, send."),
    "nightly": (
        "mailcrm.cli.nightly:nightly",
        "The whole night in one command: sync every account, file and read the mail, mail urgent "
        "alerts, release idle customers to the public pool, write and push drafts, send the digests.",
    ),
    "digest": (
        "mailcrm.cli.nightly:digest",
        "The digests: each salesperson's day (agenda, drafts in Drafts, new customers, stages that "
        "moved) and the manager's view of the team (pipeline, stalled deals, churn risks, who waits "
        "for an answer, complaints).",
    ),
    "report": (
        "mailcrm.cli.nightly:report",
        "One self-contained HTML page of charts: headline figures, pipeline funnel, monthly trends, "
        "where inquiries came from, ABC / Pareto of order value, RFM grid, customers by country, reply "
        "times both ways, activity per salesperson, churn risks; each chart with a legend and its data table.",
    ),
}


class State:
    """Lazily loaded config and database, shared by every command."""

    def __init__(self, config_path: str | None, debug: bool, quiet: bool):
        self.config_path, self.debug, self.quiet = config_path, debug, quiet
        self._config = self._db = None

    @property
    def config(self):
        if self._config is None:
            from ..config import load_config
            from .settings_check import check_sections

            # Every section now: a bad value fails `status` too, not a sync halfway through.
            self._config = check_sections(load_config(self.config_path))
        return self._config

    @property
    def db(self):
        if self._db is None:
            from ..schema import open_db

            self._db = open_db(self.config.database_path)
        return self._db


class MailcrmGroup(click.Group):
    """Loads command groups lazily; turns library errors into one line (--debug: traceback)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[name][0].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own command list, with stand-ins made from LAZY_COMMANDS' summaries."""
        stand_ins = {name: click.Command(name, help=summary) for name, (_, summary) in LAZY_COMMANDS.items()}
        click.Group.format_commands(click.Group(commands={**self.commands, **stand_ins}), ctx, formatter)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MailcrmError as exc:
            if debug_requested(ctx):
                raise
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence for users
            if debug_requested(ctx):
                raise
            from ..health import damaged, is_damage

            if is_damage(exc):  # a query met a bad page: say what to do, not "unexpected"
                raise click.ClickException(str(damaged(database_named(ctx), str(exc)))) from None
            raise click.ClickException(
                f"unexpected error: {type(exc).__name__}: {exc} (run with --debug for details)"
            ) from None


def database_named(ctx: click.Context) -> str:
    state = ctx.obj
    return str(state._config.database_path) if state and state._config else "the database"


def debug_requested(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.debug) or "--debug" in sys.argv


@click.group(cls=MailcrmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mailcrm")
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    envvar="MAILCRM_CONFIG",
    help="Config file (default: $MAILCRM_CONFIG, else the platform config dir).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or info output (cron).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, debug: bool, quiet: bool) -> None:
    """mailcrm: your IMAP mail as per-customer histories, with follow-ups.

    \b
    Example:
        mailcrm --config ~/mailcrm/config.toml sync
    """
    ctx.obj = State(config_path, debug, quiet)
    level = logging.DEBUG if debug else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.option("--account", metavar="NAME", help="Sync only this account.")
@click.option("--full", is_flag=True, help="Re-read every folder from UID 1 (adds nothing twice).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary, and what filing and rules did, as JSON.")
@click.option(
    "--wait",
    metavar="SECONDS",
    type=click.FloatRange(min=0),
    default=0,
    help="If another run (the nightly, an import) holds the database, wait this long for it.",
)
@click.pass_obj
def sync(state: State, account: str | None, full: bool, as_json: bool, wait: float) -> None:
    """Pull new mail from IMAP into the database (read-only on the server).

    \b
    Example:
        mailcrm sync --account lisa
        mailcrm sync --wait 900     # while the nightly run may be going
    """
    from ..night import pipeline
    from ..lock import run_lock
    from ..progress import for_terminal
    from ..mail.sync import sync as run_sync

    # One lock over the sync and the steps after it: another sync's filing must not
    # slip in between, or this one's steps would each find the database busy.
    with run_lock(state.config.database_path, "sync", wait=wait):
        summary = run_sync(
            state.config, state.db, account=account, full=full, progress=for_terminal(state.quiet or as_json)
        )
        print_sync(summary, quiet=state.quiet, as_json=as_json)
        # Files what was stored even on a partial sync; drafts are tracked only on a complete one.
        after = pipeline.after_store(
            state.db,
            state.config,
            stored=pipeline.sync_changed(summary),
            account=account,
            track_drafts=summary.ok,
            untracked_because=None if summary.ok else not_synced_text(summary),
        )
    if as_json:
        from ..output import print_json  # rich loads only when printing needs it

        print_json(summary.as_dict() | {"after_store": after.as_dict()})
    print_after_store(after, quiet=state.quiet or as_json)
    if not summary.ok or not after.ok:
        sys.exit(1)


@cli.command(name="import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--account", metavar="NAME", help="File the messages under this account.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the summary (skipped files included), and what filing and rules did, as JSON.",
)
@click.pass_obj
def import_(state: State, path: Path, account: str | None, as_json: bool) -> None:
    """Import an mbox file, a Maildir, or a folder of mail files (.eml, .txt, .msg, any name).

    \b
    Example:
        mailcrm import ~/Exports/Foxmail/Inbox.mbox --account lisa
        mailcrm import ~/Exports/ --json | jq .skipped
    """
    from ..night import pipeline
    from ..mail.importer import import_path
    from ..lock import run_lock
    from ..progress import for_terminal

    with run_lock(state.config.database_path, "import"):  # the import and the filing after it
        summary = import_path(
            state.config, state.db, path, account=account, progress=for_terminal(state.quiet or as_json)
        )
        for error in summary.errors[:20]:
            click.echo(f"failed: {error}", err=True)
        if not as_json:
            click.echo(summary.line())
        after = pipeline.after_store(state.db, state.config, stored=pipeline.import_changed(summary), alerts=False)
    if as_json:
        from ..output import print_json

        print_json(summary.as_dict() | {"after_store": after.as_dict()})
    print_after_store(after, quiet=state.quiet or as_json)
    if not after.ok:
        sys.exit(1)


@cli.command()
@click.option("--errors", "show_errors", is_flag=True, help="List the recorded errors, newest first.")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(min=1), help="With --errors: at most this many."
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def status(state: State, show_errors: bool, limit: int, as_json: bool) -> None:
    """What is stored: messages per account and folder, last sync, errors.

    \b
    Example:
        mailcrm status --json
        mailcrm status --errors --limit 20   # what failed, and where
    """
    from ..mail import archive
    from ..output import print_json

    if show_errors:
        print_errors(archive.recorded_errors(state.db, limit), as_json)
        return
    info = archive.status(state.db)
    if as_json:
        print_json(info)
        return
    from ..output import console, print_table, table

    grid = table("account", "folder", "role", "messages", "gone", "errors", "last sync")
    for f in info["folders"]:
        grid.add_row(
            f["account"],
            f["folder"],
            f["role"] or "",
            str(f["messages"]),
            str(f["gone"]),
            str(f["errors"]),
            f["last_sync"] or "never",
        )
    print_table(grid)
    console.print(
        f"{info['messages']} unique messages in {info['threads']} threads, "
        f"{info['attachments']} attachments, {info['unparsed']} stored raw only, "
        f"{info['errors']} errors recorded" + (" (mailcrm status --errors)" if info["errors"] else "")
    )
    older = sum(f.get("older_than_since") or 0 for f in info["folders"])
    if older:
        console.print(
            f"{older} messages on the server are older than `since` and were not synced "
            "(lower `since`, then `mailcrm sync --full`, to fetch them)",
            markup=False,
        )
    print_last_nightly(info.get("last_nightly"))


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="At most this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@format_options
@click.pass_obj
def search(state: State, query: str, limit: int, as_json: bool, fmt: str | None) -> None:
    """Full-text search over subjects, bodies and attachment names.

    \b
    Examples:
        mailcrm search "ball valve" quotation
        mailcrm search 报价
        mailcrm search Angebot --tsv | cut -f1,3
    """
    from ..mail import archive
    from ..output import print_data

    hits = archive.search(state.db, query, limit=limit)
    if print_data(hits, fmt, as_json):
        return
    if not hits:
        click.echo(f"no messages match {query!r}")
        return
    from ..output import print_table, table

    grid = table("id", "date", "from", "subject", "snippet")
    for hit in hits:
        grid.add_row(str(hit.id), (hit.date or "")[:10], hit.from_email or "", hit.subject, hit.snippet)
    print_table(grid)


@cli.command()
@click.argument("message")
@click.option("--raw", is_flag=True, help="Print the original bytes as received.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option(
    "--save-attachments",
    "save_dir",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Write the message's attachments into DIR.",
)
@click.pass_obj
def show(state: State, message: str, raw: bool, as_json: bool, save_dir: Path | None) -> None:
    """Show one stored message (by id from `search`, or by Message-ID).

    \b
    Examples:
        mailcrm show 42
        mailcrm show 42 --raw > original.eml
        mailcrm show 42 --save-attachments ./files
    """
    from ..mail import archive
    from ..output import print_json

    if raw:
        sys.stdout.buffer.write(archive.raw_message(state.db, message))
        return
    if save_dir:
        for path in archive.save_attachments(state.db, message, save_dir):
            click.echo(f"saved {path}")
        return
    info = archive.message(state.db, message)
    if as_json:
        print_json(info)
        return
    print_message(info)


@cli.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path),
    default=Path("mailcrm-demo"),
    show_default=True,
    help="Where to write the sample mailbox, database and outputs.",
)
@click.option("--messages", type=int, help="Size of the sample mailbox (default 400; 3000 with --first-day).")
@click.option(
    "--first-day",
    is_flag=True,
    help="A first-day mailbox: the sample plus phishing, bulk mail, forwarders, banks, years-old threads, "
    "five currencies, one company under two domains.",
)
@click.pass_obj
def demo(state: State, directory: Path, messages: int | None, first_day: bool) -> None:
    """Run the whole pipeline on a generated sample mailbox (no server needed).

    \b
    Example:
        mailcrm demo --dir /tmp/mailcrm-demo
        mailcrm demo --first-day --dir /tmp/first-day
    """
    from ..demo import run as demo_module  # the sample generator loads only for the demo
    from ..progress import for_terminal

    n_messages = messages or (3000 if first_day else 400)
    result = demo_module.run_demo(
        directory, n_messages=n_messages, progress=for_terminal(state.quiet), first_day=first_day
    )
    print_demo(result)
