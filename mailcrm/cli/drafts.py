"""`mailcrm drafts …`: the review queue on the command line.

No SQL, IMAP or SMTP here: each command calls the library and prints.
"""

from __future__ import annotations

import sys

import click

from ..drafts import checklist, queue
from .. import output  # rich loads when a table is printed, not for --json
from ..output import print_json


@click.group()
def drafts() -> None:
    """Follow-up drafts: generate, review, put into your Drafts folder, send.

    \b
    The review flow:
        mailcrm drafts generate        # write drafts for what the rules asked for
        mailcrm drafts list            # the queue
        mailcrm drafts show 12         # the draft, and why it was written
        mailcrm drafts push            # into your mailbox's Drafts folder
        (edit and send them from Thunderbird, Outlook, Foxmail or webmail;
         the next `mailcrm sync` notices what you sent or deleted)
    """


@drafts.command()
@click.option("--dry-run", is_flag=True, help="Show what would be drafted; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_obj
def generate(state, dry_run: bool, as_json: bool) -> None:
    """Write drafts for the pending draft requests (and holiday greetings).

    Each request is decided from the customer's whole state first: no reply about
    a thread older than [drafts] window_days; none while we owe them an answer
    (that becomes a task in `mailcrm today`: "answer the RFQ from …"); no sales
    mail during an open complaint, no promotion with an overdue balance; no offer
    within days_between_offers; at most chasers_per_quotation chasers. One open
    draft per customer and purpose; none for ignored, black-listed or
    do-not-contact customers, nor during the cool-down after a rejection.
    At most [drafts] per_run drafts (25; 0 = no limit), the most important
    first: complaint replies, answers in a thread, then A before B before C
    customers, then the oldest request; the rest wait for the next run.
    --dry-run shows each decision and its reason.

    \b
    Example:
        mailcrm drafts generate --dry-run
    """
    from ..drafts.generate import generate as run_generate  # holidays, templates: only when drafts are written

    report = run_generate(state.db, state.config, dry_run=dry_run)
    if as_json:
        print_json(report.as_dict())
        return
    grid = output.table("draft", "purpose", "result", "to", "subject", "why")
    for o in report.outcomes:
        if o.result == "waits":
            continue  # past [drafts] per_run: counted in the summary, drafted next run
        written = o.result in ("drafted", "would draft")
        grid.add_row(
            str(o.draft or ""),
            o.purpose,
            o.result,
            o.to or f"customer #{o.customer}",
            o.subject if written else "",
            "needs edit: " + "; ".join(o.needs_edit) if o.needs_edit else o.detail,
        )
    if report.outcomes:
        output.print_table(grid)
    for o in report.outcomes:
        if o.result == "failed":
            click.echo(f"failed: customer {o.customer} {o.purpose}: {o.detail}", err=True)
    click.echo(report.line())
    if report.count("needs you") and not dry_run:
        click.echo("`mailcrm today` lists what needs you before any draft.")


@drafts.command(name="list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(queue.STATUSES),
    help="Only drafts with this status (repeatable). Default: the open ones.",
)
@click.option("--all", "show_all", is_flag=True, help="Every draft, whatever its status.")
@click.option("--customer", metavar="REF", help="Only this customer (key, #id or name).")
@click.option("--limit", type=int, metavar="N", help="At most N drafts.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@output.format_options
@click.pass_obj
def list_(
    state,
    statuses: tuple[str, ...],
    show_all: bool,
    customer: str | None,
    limit: int | None,
    as_json: bool,
    fmt: str | None,
) -> None:
    """The review queue: open drafts (new, approved, pushed) by suggested send time.

    \b
    Examples:
        mailcrm drafts list --status new --customer acme-armaturen.de
        mailcrm drafts list --limit 10 --tsv
    """
    chosen = queue.STATUSES if show_all else (statuses or queue.OPEN)
    found = queue.list_drafts(state.db, statuses=tuple(chosen), customer=customer, limit=limit)
    if output.print_data(found, fmt, as_json):
        return
    grid = output.table("id", "status", "customer", "purpose", "to", "lang", "subject", "send at (their time)")
    for d in found:
        grid.add_row(
            str(d["id"]),
            d["status"] + (", needs edit" if d["checks"] else ""),
            d["customer_name"] or str(d["customer"]),
            d["purpose"],
            d["to_email"],
            d["language"],
            d["subject"],
            send_at(d),
        )
    output.print_table(grid)
    flagged = sum(1 for d in found if d["checks"])
    click.echo(f"{len(found)} drafts" + (f", {flagged} need edit (`mailcrm drafts check`)" if flagged else ""))


def send_at(draft: dict) -> str:
    if not draft.get("send_at"):
        return ""
    return draft["send_at"][:16].replace("T", " ") + f" {draft['send_zone']}"


@drafts.command()
@click.argument("draft")
@click.option("--html", is_flag=True, help="Print the HTML part instead of the text.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def show(state, draft: str, html: bool, as_json: bool) -> None:
    """One draft: the mail, and why it was written (the rule and its evidence).

    \b
    Example:
        mailcrm drafts show 12
    """
    info = queue.details(state.db, draft)
    if as_json:
        print_json(info)
        return
    print_draft(info, html)


def print_draft(info: dict, html: bool) -> None:
    say = lambda text="": output.say(text)  # noqa: E731
    say(
        f"draft #{info['id']}: {info['status']}, {info['purpose']} for {info['customer_name']} "
        f"(customer #{info['customer']}), account {info['account']}"
    )
    say(f"    From: {info['from_name']} <{info['from_email']}>")
    say(f"      To: {info['to_name']} <{info['to_email']}>")
    say(f" Subject: {info['subject']}")
    say(f"   Reply: {'in the thread of ' + info['in_reply_to'] if info['in_reply_to'] else 'a new thread'}")
    say(f" Send at: {send_at(info)}")
    for note in info["send_notes"]:
        say(f"          {note}")
    say()
    say(info["body_html"] if html else info["body_text"].rstrip())
    if info["quote_text"] and not html:
        say()
        say(info["quote_text"].rstrip())
    say()
    for failure in info.get("checks") or []:
        say(f"Needs edit: {failure['check']}: {failure['reason']}")
    print_why(info, say)


def print_why(info: dict, say) -> None:
    say(f"Why: rule {info['rule']}, template {info['template']} ({info['language']})")
    request = info["request_info"]
    if request and request.get("note"):
        say(f"     note: {request['note']}")
    for key, value in info["evidence"].items():
        if value not in (None, "", [], {}):
            say(f"     {key}: {value}")
    for m in info["evidence_messages"]:
        say(f"     message #{m['id']} {(m['date'] or '')[:10]} {m['from_email']}: {m['subject']}")
    say("History:")
    for event in info["events"]:
        say(
            f"     {event['at'][:16].replace('T', ' ')} {event['kind']}"
            + (f": {event['text']}" if event["text"] else "")
        )


def print_drafts_demo(result) -> None:
    """The demo's drafts section: what was drafted, where it went, and one draft in full."""
    if result.drafts is None:
        return
    output.console.rule("[bold]drafts[/bold]: follow-ups written for review, in each customer's language")
    grid = output.table("draft", "purpose", "to", "lang", "subject", "send at (their time)")
    by_id = {d["id"]: d for d in result.draft_list}
    for o in [o for o in result.drafts.outcomes if o.draft][:12]:
        grid.add_row(str(o.draft), o.purpose, o.to, o.language, o.subject, send_at(by_id.get(o.draft, {})))
    output.print_table(grid)
    click.echo(result.drafts.line())
    click.echo(
        f"{len(result.drafts_written)} drafts written to the Maildir {result.directory / 'Drafts'} "
        "(flags: draft, seen), as `mailcrm drafts push` puts them into an IMAP Drafts folder"
    )
    if result.draft:
        output.console.rule(f"draft #{result.draft['id']}, as it sits in Drafts")
        print_draft(result.draft, html=False)


@drafts.command()
@click.argument("draft")
@click.pass_obj
def approve(state, draft: str) -> None:
    """Approve a draft so that `drafts send` may send it from mailcrm.

    \b
    Example:
        mailcrm drafts approve 12
    """
    info = queue.approve(state.db, draft)
    click.echo(f"draft #{info['id']} approved: mailcrm drafts send {info['id']}")


@drafts.command()
@click.argument("draft")
@click.option("--reason", metavar="TEXT", help="Why (kept with the draft).")
@click.pass_obj
def reject(state, draft: str, reason: str | None) -> None:
    """Reject a draft; the customer and purpose then cool down ([drafts] cooldown_days).

    \b
    Example:
        mailcrm drafts reject 12 --reason "they just ordered by phone"
    """
    info = queue.reject(state.db, draft, reason)
    click.echo(f"draft #{info['id']} rejected")
    if info.get("warning"):
        click.echo(f"note: {info['warning']}", err=True)


@drafts.command()
@click.argument("draft")
@click.pass_obj
def edit(state, draft: str) -> None:
    """Edit a draft's subject and text in $EDITOR (an approved draft needs approving again).

    \b
    Example:
        EDITOR=nano mailcrm drafts edit 12
    """
    edited = click.edit(queue.edit_text(state.db, draft), extension=".txt", require_save=True)
    if edited is None:
        click.echo("not saved: draft unchanged")
        return
    info = queue.apply_edit(state.db, draft, edited)
    click.echo(f"draft #{info['id']} " + ("unchanged" if info.get("unchanged") else f"saved ({info['status']})"))
    results = checklist.check_drafts(state.db, state.config, [info["id"]])  # the edit is checked again
    checklist.record(state.db, results)
    print_checks(results)


@drafts.command()
@click.argument("ids", nargs=-1, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_obj
def check(state, ids: tuple[int, ...], as_json: bool) -> None:
    """Check drafts against the customer's history; exit 1 when any fails.

    The checklist: no draft on a thread older than [drafts] window_days; none
    while we owe them the answer; no sales mail during an open complaint, no
    promotion with an overdue balance; no offer within days_between_offers of
    another; the addressee wrote in the thread (never Cc-only); the salutation
    follows the thread; subject and text in one language; a reply answers the
    thread's latest message; past dates and amounts in the text are true.
    Without IDs: every open draft (new, approved, pushed). A failing draft is
    marked "needs edit" in `drafts list`.

    \b
    Examples:
        mailcrm drafts check
        mailcrm drafts check 12 14 --json
    """
    results = checklist.check_drafts(state.db, state.config, list(ids) or None)
    checklist.record(state.db, results)
    if as_json:
        print_json([r.as_dict() for r in results])
    else:
        print_checks(results)
    if any(not r.passed for r in results):
        sys.exit(1)


def print_checks(results) -> None:
    for r in results:
        verdict = "pass" if r.passed else "FAIL"
        click.echo(f"#{r.draft} {verdict}  {r.purpose} ({r.language}) to {r.to}: {r.subject}")
        for failure in r.failures:
            click.echo(f"    {failure.check}: {failure.reason}")
    click.echo(checklist.summary(results))


@drafts.command()
@click.argument("ids", nargs=-1, type=int)
@click.option("--account", metavar="NAME", help="Only drafts of this account.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def push(state, ids: tuple[int, ...], account: str | None, as_json: bool) -> None:
    """Put new drafts into your mailbox's Drafts folder (\\Draft \\Seen), never twice.

    \b
    Example:
        mailcrm drafts push --account lisa
    """
    from ..drafts.push import push as run_push  # IMAP only when drafts go to the Drafts folder

    report = run_push(state.db, state.config, ids=list(ids) or None, account=account)
    if as_json:
        print_json(report.as_dict())
    else:
        for r in report.results:
            click.echo(
                f"#{r.draft} {r.account}: {r.result}"
                + (f" to {r.folder} uid {r.uid}" if r.uid else "")
                + (f": {r.detail}" if r.detail else "")
            )
        click.echo(report.line())
    if not report.ok:
        sys.exit(1)


@drafts.command()
@click.argument("ids", nargs=-1, type=int)
@click.option("--approved", "all_approved", is_flag=True, help="Send every approved draft.")
@click.option("--retry", is_flag=True, help="Send even if an earlier send of it was interrupted.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def send(state, ids: tuple[int, ...], all_approved: bool, retry: bool, as_json: bool) -> None:
    """Send approved drafts from mailcrm over SMTP ([accounts.smtp]); a copy goes to Sent.

    \b
    Examples:
        mailcrm drafts send 12
        mailcrm drafts send --approved
    """
    if not ids and not all_approved:
        raise click.UsageError("name the drafts to send, or use --approved")
    from ..drafts.smtp import send_drafts  # asyncio and aiosmtplib only when mail is sent

    report = send_drafts(state.db, state.config, ids=list(ids) or None, retry=retry)
    if as_json:
        print_json(report.as_dict())
    else:
        for r in report.results:
            click.echo(f"#{r.draft}: {r.result}" + (f": {r.detail}" if r.detail else ""))
        click.echo(report.line())
    if not report.ok:
        sys.exit(1)


@drafts.command()
@click.option("--account", metavar="NAME", help="Only this account.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def track(state, account: str | None, as_json: bool) -> None:
    """See what became of pushed drafts: sent, edited in your client, or deleted.

    This also runs after every `mailcrm sync`.

    \b
    Example:
        mailcrm drafts track --account lisa
    """
    from ..drafts.tracking import close_loop

    report = close_loop(state.db, state.config, account=account)
    if as_json:
        print_json(report.as_dict())
        return
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(report.line())
