"""CLI: `customers` (with the public pool's `pool` and `claim`). Parse, call the library, print.

`orders` and `handover` have their own modules; they share echo and print_report from here.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..customers import csvfiles, decisions, filing, lookup
from ..customers.contacts import describe
from ..customers.country import country_name
from ..customers.dupes import find_dupes
from ..customers.handover import reply_times
from ..output import print_json
from ..customers.documents import summary
from .documents import docs, summary_lines
from .contacts import import_notes, note, notes
from .pool import claim, pool
from .triage import pending, promote


def echo(text: str) -> None:
    output.say(text)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def day(value: str | None) -> str:
    return (value or "")[:10]


# --------------------------------------------------------------------------- customers


@click.group()
def customers() -> None:
    """Customers built from the mail: list, profile and timeline, merge, split, import, hand over.

    A customer is a company keyed by its registrable domain (acme.co.uk), or a
    free-mail address (gmail, qq, 163 …). It exists on business evidence: we wrote to
    them, they asked for business, a B2B platform named them; spam, bulk mail and
    forwarders never are, and one-off senders wait in `customers pending`.
    """


@customers.command(name="list")
@click.option("--country", metavar="CODE|NAME", help="Only this country (DE, Germany, 德国).")
@click.option("--owner", metavar="NAME", help="Only this salesperson's customers (name or account).")
@click.option("--tag", metavar="TAG", help="Only customers with this tag (from the rules).")
@click.option("--grade", metavar="A|B|C", help="Only this grade.")
@click.option("--stage", metavar="STAGE", help="Only this trade stage.")
@click.option("--text", metavar="TEXT", help="Name, key, contact name or address contains TEXT.")
@click.option("--segment", metavar="NAME", help="Only customers in this segment ([[segment]] in rule files).")
@click.option("--turn", type=click.Choice(["us", "them"]), help="us: they wrote last, unanswered; them: we did.")
@click.option("--sort", type=click.Choice(sorted(lookup.SORTS)), default="last", show_default=True)
@click.option("--limit", type=int, metavar="N", help="At most N customers.")
@click.option("--all", "include_all", is_flag=True, help="Include ignored and merged customers.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@output.format_options
@click.pass_obj
def list_(
    state, country, owner, tag, grade, stage, text, segment, turn, sort, limit, include_all, as_json, fmt
) -> None:
    """List customers with country, owner, mail counts and whose turn it is.

    \b
    Examples:
        mailcrm customers list --country DE --sort messages
        mailcrm customers list --owner lisa --turn us
        mailcrm customers list --text acme --json
        mailcrm customers list --segment key-accounts
        mailcrm customers list --csv > customers.csv
    """
    ids = None
    if segment:
        from ..engine.segments import segment_members

        ids = segment_members(state.db, state.config, segment)
    rows = lookup.list_customers(
        state.db,
        state.config,
        country=country,
        owner=owner,
        tag=tag,
        grade=grade,
        stage=stage,
        text=text,
        turn=turn,
        sort=sort,
        include_all=include_all,
        limit=limit,
        ids=ids,
    )
    if output.print_data(rows, fmt, as_json):
        return
    if not rows:
        echo("no customers match (run `mailcrm sync` or `mailcrm import` first?)")
        return
    print_customers(rows)
    echo(f"{len(rows)} customers")


def print_customers(rows: list[dict], title: str | None = None) -> None:
    """Name over key; owner and stage · grade columns only when they say something.

    'last mail' carries whose turn it is: ← they wrote last (our turn), → we did.
    """
    staged = any(row["stage"] or row["grade"] for row in rows)
    owners = {row["owner"] for row in rows}
    several = len(owners) > 1
    columns = [
        "customer",
        "ctry",
        *(["owner"] if several else []),
        "in/out",
        "last mail",
        *(["stage · grade"] if staged else []),
    ]
    if not several and owners != {None}:
        title = f"{title + ' · ' if title else ''}owner: {owners.pop()}"
    grid = output.table(*columns, title=title)
    grid.caption = "← they wrote last: our turn · → we wrote last: theirs"
    for row in rows:
        last = max(day(row["last_in"]), day(row["last_out"]))
        arrow = {"us": "← ", "them": "→ "}.get(row["turn"] or "", "")
        status = "" if row["status"] == "active" else f" ({row['status']})"
        key = [] if row["name"] == row["key"] else ["\n", (row["key"], "dim")]
        stage = " · ".join(v for v in (row["stage"], row["grade"]) if v)
        grid.add_row(
            output.styled(row["name"] or "", *key, status),
            row["country"] or ("?" if row["country_source"] == "conflict" else ""),  # uncertain: `why KEY country`
            *([row["owner"] or ""] if several else []),
            f"{row['messages_in']}/{row['messages_out']}",
            arrow + last,
            *([stage] if staged else []),
        )
    output.print_table(grid)


@customers.command()
@click.argument("key")
@click.option("--limit", default=30, show_default=True, help="Timeline entries to show.")
@click.option("--full", is_flag=True, help="The whole timeline.")
@click.option("--json", "as_json", is_flag=True, help="Print profile and timeline as JSON.")
@click.pass_obj
def show(state, key: str, limit: int, full: bool, as_json: bool) -> None:
    """One customer: profile, contacts, orders and the timeline of mail, notes and orders.

    KEY is the customer's domain or free-mail address, #id, a contact's address,
    or (part of) the name.

    \b
    Examples:
        mailcrm customers show acme-armaturen.de
        mailcrm customers show john@besttrading.com --full
        mailcrm customers show "#12" --json
    """
    from ..engine.why import away

    info = lookup.profile(state.db, key)
    info["away"] = away(state.db, info["id"])
    info["documents"] = summary(state.db, info["key"])
    entries = lookup.timeline(state.db, info["key"], limit=None if full else limit)
    if as_json:
        print_json({"customer": info, "timeline": entries})
        return
    print_profile(info)
    for line in summary_lines(info["documents"], info["key"]):
        echo(line)
    print_timeline(entries)


def print_profile(info: dict) -> None:
    status = "" if info["status"] == "active" else f"  [{info['status']}]"
    output.say(output.styled((info["name"] or "", "bold"), f"  ({', '.join(info['keys']) or info['key']}){status}"))
    evidence = info["country_evidence"]
    if evidence["uncertain"]:
        country = evidence["note"]
    else:
        country = f"{country_name(info['country'])} ({info['country']})" if info["country"] else "country unknown"
    place = " · ".join(
        p for p in (country, info["timezone"] or "", f"language {info['language']}" if info["language"] else "") if p
    )
    echo(f"  where      {place}")
    if evidence["uncertain"]:
        echo(
            f"             set it: mailcrm customers set {info['key']} --country CODE · evidence: mailcrm why {info['key']} country"
        )
    elif evidence["set_by_hand"]:
        echo(f"             set by hand; the mail says: {evidence['note']}")
    elif info["country"]:
        echo(f"             {evidence['note']}")
    echo(f"  owner      {info['owner'] or '—'}" + ("  (set by hand)" if info["owner_override"] else ""))
    echo(
        f"  stage      {info['stage'] or '—'}   grade {info['grade'] or '—'}   credit list "
        f"{info['credit_list'] or '—'}   next contact {info['next_contact'] or '—'}"
    )
    if info.get("away"):
        echo(f"  away       {info['away']['text'].removeprefix('away, ')}")
    first = min([d for d in (info["first_in"], info["first_out"]) if d], default=None)
    echo(
        f"  mail       {info['messages_in']} in / {info['messages_out']} out in {info['threads']} threads · "
        f"first {day(first) or '—'} · last in {day(info['last_in']) or '—'} · last out {day(info['last_out']) or '—'}"
    )
    echo(f"  replies    {reply_times(info)}")
    echo(f"  turn       {lookup.summary_line(info)}")
    for total in info["orders"]["by_currency"]:
        echo(
            f"  orders     {total['currency']} {total['amount']:,.2f} in {plural(total['orders'], 'order')} · "
            f"outstanding {total['outstanding']:,.2f}"
        )
    if info["orders"]["amount_unknown"]:
        echo(f"  orders     {plural(info['orders']['amount_unknown'], 'order')} seen in the mail, amount not stated")
    for merge in info["merges"]:
        how = "automatically" if merge["automatic"] else "by hand"
        why = f": {merge['evidence']}" if merge["evidence"] else ""
        echo(f"  merged in  {merge['key']} {how} on {day(merge['at'])}{why}")
        echo(f"             undo: mailcrm customers split {info['key']} --from {merge['key']}")
    recorded = {merge["key"] for merge in info["merges"]}
    if set(info["merged"]) - recorded:
        echo(f"  merged in  {', '.join(sorted(set(info['merged']) - recorded))}")
    echo(f"  source     {info['source']} · since {day(info['created'])}")
    if info["contacts"]:
        grid = output.table("contact", "address", "role", "phone", "messages")
        for c in info["contacts"]:
            grid.add_row(
                c["name"] or "", c["email"] or "(no address)", c["title"] or "", c["phone"] or "", str(c["messages"])
            )
        output.print_table(grid)
    for entry in info["notes"][:5]:
        echo(f"  {describe(entry)} {day(entry['at'])}: {entry['text']}")


def print_timeline(entries: list[dict]) -> None:
    """One line per entry: mail in (←) and out (→), auto-replies, notes, calls and visits, orders, events."""
    grid = output.table("date", "", "who", "what", title="timeline")
    for e in entries:
        if e["kind"] == "message":
            mark = {"in": "←", "out": "→"}.get(e["direction"], "·") + (" auto" if e["automated"] else "")
            who = (e["from_name"] or e["from_email"]) if e["direction"] != "out" else f"to {e['to_names'] or ''}"
            files = (e["attachment_names"] or "").replace("\n", ", ")
            grid.add_row(day(e["at"]), mark, who or "", e["subject"] + (f"\n📎 {files}" if files else ""))
        elif e["kind"] == "order":
            paid = "paid" if not e["outstanding"] else f"outstanding {e['outstanding']:,.2f}"
            if e["source"] == "mail":
                paid = f"from mail #{e['message']}"
            value = f"{e['currency']} {e['amount']:,.2f}" if e["amount_known"] else "amount not stated"
            grid.add_row(day(e["at"]), "order", e["order_no"] or "", f"{value} {e['product']} ({paid})")
        elif e["kind"] == "note":
            grid.add_row(day(e["at"]), describe(dict(e, kind=e["contact"])), e["author"] or "", e["text"])
        else:
            grid.add_row(day(e["at"]), e["event"], "", e["text"])
    output.print_table(grid)


@customers.command()
@click.argument("keep")
@click.argument("other")
@click.option("--json", "as_json", is_flag=True, help="Print the merged customer as JSON.")
@click.pass_obj
def merge(state, keep: str, other: str, as_json: bool) -> None:
    """Merge OTHER into KEEP: domains, contacts, mail, notes and orders move to KEEP.

    New mail from OTHER's domains is filed under KEEP from now on.
    `customers split` undoes it.

    \b
    Example:
        mailcrm customers merge acme-armaturen.de acme-group.com
    """
    info = decisions.merge(state.db, state.config, keep, other)
    if as_json:
        print_json(info)
        return
    echo(
        f"merged into {info['key']} ({info['name']}): {', '.join(info['keys'])}; "
        f"{info['messages_in']} in / {info['messages_out']} out"
    )


@customers.command()
@click.argument("key")
@click.argument("part", required=False)
@click.option("--from", "from_", metavar="KEY2|ADDRESS|DOMAIN", help="What to take out (same as PART).")
@click.option("--json", "as_json", is_flag=True, help="Print the customer split off as JSON.")
@click.pass_obj
def split(state, key: str, part: str | None, from_: str | None, as_json: bool) -> None:
    """Undo a merge, automatic or by hand, or take a domain or an address out of customer KEY.

    The merged customer gets back its domains, contacts, mail, notes and orders, and
    the two are never merged automatically again (`customers merge` still can). With
    one merge only, KEY alone is enough.

    \b
    Examples:
        mailcrm customers split acme-armaturen.de --from acme-group.com
        mailcrm customers split acme-group.com          # the merged key alone
        mailcrm customers split besttrading.com john.smith1975@gmail.com
    """
    if part and from_ and part != from_:
        raise click.UsageError("give what to split off once: PART or --from")
    info = decisions.split(state.db, state.config, key, part or from_)
    if as_json:
        print_json(info)
        return
    echo(
        f"{info['key']} is its own customer again ({info['name']}): "
        f"{info['messages_in']} in / {info['messages_out']} out; it will not be merged automatically again"
    )


@customers.command(name="set")
@click.argument("key")
@click.option("--name", help="Company name as you want it shown.")
@click.option("--country", metavar="CODE|NAME", help="Country (DE, Germany, 德国).")
@click.option("--timezone", metavar="ZONE", help="IANA time zone (Europe/Berlin).")
@click.option("--language", metavar="CODE", help="Language to write in (de, es, zh …).")
@click.option("--owner", metavar="NAME", help="Salesperson (name or account).")
@click.option("--stage", metavar="STAGE", help=f"Trade stage: {', '.join(decisions.STAGES)}.")
@click.option("--grade", metavar="A|B|C", help="Grade override (wins over the computed grade).")
@click.option("--next-contact", metavar="DATE", help="Next contact date: YYYY-MM-DD, +14d, +2w, +3m.")
@click.option("--credit", metavar="LIST", help="Credit list: red, grey, black.")
@click.option("--json", "as_json", is_flag=True, help="Print the customer as JSON.")
@click.pass_obj
def set_(state, key, name, country, timezone, language, owner, stage, grade, next_contact, credit, as_json) -> None:
    """Set what you know better than the mail. An empty value or `none` goes back to the inferred one.

    \b
    Examples:
        mailcrm customers set acme-armaturen.de --stage negotiation --next-contact +14d
        mailcrm customers set besttrading.com --owner tom --credit grey
        mailcrm customers set acme-armaturen.de --country none
    """
    changes = decisions.Changes(
        name=name,
        country=country,
        timezone=timezone,
        language=language,
        owner=owner,
        stage=stage,
        grade=grade,
        next_contact=next_contact,
        credit=credit,
    )
    info = decisions.set_fields(state.db, state.config, key, changes)
    if as_json:
        print_json(info)
        return
    print_profile(info)


@customers.command()
@click.argument("target")
@click.option("--reason", metavar="TEXT", help="Why (supplier, forwarder, colleague …).")
@click.option("--undo", is_flag=True, help="Treat TARGET as a possible customer again.")
@click.pass_obj
def ignore(state, target: str, reason: str | None, undo: bool) -> None:
    """Mark an address or a domain as not a customer: suppliers, forwarders, partners.

    Their mail stays in the archive but is filed under no customer.

    \b
    Examples:
        mailcrm customers ignore zhuzao-casting.com --reason supplier
        mailcrm customers ignore ops@fastfreight-logistics.com --reason forwarder
        mailcrm customers ignore zhuzao-casting.com --undo
    """
    result = decisions.ignore(state.db, state.config, target, reason=reason, undo=undo)
    if undo:
        echo(
            f"{result.target} is no longer ignored"
            + (f"; customer again: {', '.join(result.customers)}" if result.customers else "")
        )
    else:
        echo(
            f"ignoring {result.kind} {result.target}"
            + (f"; no longer a customer: {', '.join(result.customers)}" if result.customers else "")
        )


@customers.command()
@click.option("--limit", type=int, metavar="N", help="At most N entries.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def ignored(state, limit: int | None, as_json: bool) -> None:
    """List the addresses and domains that are never customers.

    \b
    Example:
        mailcrm customers ignored
    """
    rows = decisions.ignored_list(state.db, state.config)[:limit]
    if as_json:
        print_json(rows)
        return
    if not rows:
        echo("nothing is ignored")
        return
    grid = output.table("target", "kind", "reason", "since")
    for row in rows:
        grid.add_row(row["target"], row["kind"], row["reason"] or "", day(row["created"]) or row["origin"])
    output.print_table(grid)


@customers.command(name="import")
@click.argument("csv_path", metavar="CSV", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", metavar="NAME", help="Where the rows come from (default: csv:<file name>).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def import_(state, csv_path: Path, source: str | None, as_json: bool) -> None:
    """Import trade-fair cards or B2B inquiry exports (company, contact, email, phone, country, source).

    UTF-8 or GBK, comma, semicolon or tab separated; Chinese headers work too
    (公司, 联系人, 邮箱, 电话, 国家, 来源). Bad rows are reported with their line
    number and the others imported; importing a file twice changes nothing.

    \b
    Example:
        mailcrm customers import canton-fair-2026.csv --source "Canton Fair 2026"
    """
    report = csvfiles.import_customers_csv(state.db, state.config, csv_path, source=source)
    print_report(report, as_json)


def print_report(report, as_json: bool) -> None:
    if as_json:
        print_json(report)
    else:
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        echo(report.line())
    if report.errors:
        raise SystemExit(1)


@customers.command()
@click.argument("csv_path", metavar="CSV", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--all", "include_all", is_flag=True, help="Include ignored and merged customers.")
@click.pass_obj
def export(state, csv_path: Path, include_all: bool) -> None:
    """Export customers with contacts, counts, order totals to CSV (opens in Excel).

    \b
    Example:
        mailcrm customers export customers.csv
    """
    count = csvfiles.export_customers_csv(state.db, csv_path, include_all=include_all)
    echo(f"{count} customers written to {csv_path}")


@customers.command()
@click.option("--limit", type=int, metavar="N", help="At most N pairs.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def dupes(state, limit: int | None, as_json: bool) -> None:
    """Probable duplicates (查重) to decide: one company under two domains, free-mail contacts
    who sign for a known company, the same person or phone under two customers.

    Only the uncertain pairs: where the evidence is strong (the same signed company name
    with the same phone or address, a thread continued from the other address) the
    refresh merges them itself (`customers show KEY` says why; `customers split` undoes
    it). A pair you split apart is not listed again.

    \b
    Example:
        mailcrm customers dupes
    """
    found = find_dupes(state.db)[:limit]
    if as_json:
        print_json([dict(d.__dict__, command=d.command) for d in found])
        return
    if not found:
        echo("no probable duplicates")
        return
    grid = output.table("keep", "merge", "why", "command")
    for d in found:
        grid.add_row(f"{d.keep}\n{d.keep_name}", f"{d.other}\n{d.other_name}", "; ".join(d.reasons), d.command)
    output.print_table(grid)


@customers.command()
@click.option("--full", is_flag=True, help="Re-file every message from scratch (keeps merges, notes, orders).")
@click.pass_obj
def refresh(state, full: bool) -> None:
    """File new mail under customers and recompute profiles (sync and import do this).

    \b
    Example:
        mailcrm customers refresh --full
    """
    echo(filing.refresh(state.db, state.config, full=full).line())


customers.add_command(note)
customers.add_command(notes)
customers.add_command(import_notes)
customers.add_command(pool)
customers.add_command(claim)
customers.add_command(pending)
customers.add_command(promote)
customers.add_command(docs)
