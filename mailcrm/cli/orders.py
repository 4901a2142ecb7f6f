"""CLI: `orders`. Parse, call the library, print."""

from __future__ import annotations

from pathlib import Path

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..customers import orders as orders_lib
from ..money import money_settings, show, unpriced_text
from ..output import print_json
from .customers import echo, print_report
from . import plans as plans_cli


@click.group()
def orders() -> None:
    """Orders per customer: shown in the timeline, summed per customer, the basis of grading."""


@orders.command(name="add")
@click.argument("customer")
@click.option("--amount", required=True, help="Order value, e.g. 12500 or 12,500.00.")
@click.option("--currency", required=True, help="USD, EUR, CNY …")
@click.option("--date", "when", metavar="YYYY-MM-DD", help="Order date (default: today).")
@click.option("--product", default="", help="What was ordered.")
@click.option("--quantity", help="How many.")
@click.option("--paid", help="Amount paid so far, or 'yes' for fully paid.")
@click.option("--outstanding", help="Amount still owed (instead of --paid).")
@click.option("--order-no", help="PO / PI number (keeps the order from being added twice).")
@click.option("--json", "as_json", is_flag=True, help="Print the order as JSON.")
@click.pass_obj
def orders_add(
    state, customer, amount, currency, when, product, quantity, paid, outstanding, order_no, as_json
) -> None:
    """Record an order for a customer.

    \b
    Example:
        mailcrm orders add besttrading.com --amount 20000 --currency USD \\
            --product "brass gate valve 1in" --quantity 5000 --paid 6000 --order-no PO-4711
    """
    order = orders_lib.add_order(
        state.db,
        state.config,
        customer,
        when=when,
        amount=amount,
        currency=currency,
        product=product,
        quantity=quantity,
        paid=paid,
        outstanding=outstanding,
        order_no=order_no,
    )
    if as_json:
        print_json(order)
        return
    echo(
        f"order recorded for {order['customer']} ({order['name']}): {order['currency']} {order['amount']:,.2f}, "
        f"outstanding {order['outstanding']:,.2f}"
    )


@orders.command(name="import")
@click.argument("csv_path", metavar="CSV", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def orders_import(state, csv_path: Path, as_json: bool) -> None:
    """Import orders: date, customer, amount, currency, product, quantity, paid / outstanding.

    The customer column takes a domain, a contact address, #id or the exact name.
    Bad rows are reported with their line number; the rest is imported; an order
    already recorded is skipped, so re-importing a file counts nothing twice.

    \b
    Example:
        mailcrm orders import orders-2026.csv
    """
    print_report(orders_lib.import_orders_csv(state.db, state.config, csv_path), as_json)


@orders.command(name="list")
@click.option("--customer", metavar="KEY", help="Only this customer's orders.")
@click.option(
    "--source",
    type=click.Choice(orders_lib.SOURCES),
    help="Only orders added by hand (manual), imported from CSV (csv) or seen in the mail (mail).",
)
@click.option("--totals", is_flag=True, help="Totals per customer and currency instead.")
@click.option("--limit", type=int, metavar="N", help="At most N orders (or customers, with --totals).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@output.format_options
@click.pass_obj
def orders_list(
    state, customer: str | None, source: str | None, totals: bool, limit: int | None, as_json: bool, fmt
) -> None:
    """List orders, newest first, with where each came from, or totals per customer.

    An order seen in the mail (a purchase order they sent, a proforma invoice they
    confirmed or paid) has source "mail" and the message it was seen in; its amount is
    empty when the mail did not state it.

    \b
    Examples:
        mailcrm orders list --customer besttrading.com
        mailcrm orders list --source mail
        mailcrm orders list --totals --json

    With --totals each row is in its own currency, with its value in the [money] base
    currency beside it; the last lines add up each currency and all of them in the base
    (a currency without a rate is named, never added in).
    """
    if totals:
        print_totals(state, limit, fmt, as_json)
        return
    rows = orders_lib.list_orders(state.db, customer, limit=limit, source=source)
    if output.print_data(rows, fmt, as_json):
        return
    if not rows:
        echo("no orders recorded")
        return
    grid = output.table("date", "customer", "order", "amount", "outstanding", "source")
    for r in rows:
        what = " · ".join(
            p for p in (r["product"], "" if r["quantity"] is None else f"× {r['quantity']:g}", r["order_no"] or "") if p
        )
        amount = "not stated" if r["amount"] is None else f"{r['currency']} {r['amount']:,.2f}"
        source_ = f"mail #{r['message']}" if r["source"] == "mail" else r["source"]
        grid.add_row(r["date"], r["customer"], what, amount, f"{r['outstanding']:,.2f}", source_)
    output.print_table(grid)


def print_totals(state, limit: int | None, fmt, as_json: bool) -> None:
    rates = money_settings(state.config)
    rows = orders_lib.totals_by_customer(state.db, rates)
    if output.print_data(rows[:limit], fmt, as_json):
        return
    if not rows:
        echo("no orders recorded")
        return
    grid = output.table("customer", "orders", "amount", f"in {rates.base}", "outstanding", "last")
    for r in rows[:limit]:
        value = "no rate" if r["value"] is None else show(r["value"], rates.base)
        grid.add_row(
            r["customer"],
            str(r["orders"]),
            show(r["amount"], r["currency"], 2),
            value,
            show(r["outstanding"], r["currency"], 2),
            r["last"],
        )
    output.print_table(grid)
    summed = orders_lib.grand_totals(rows, rates)
    echo("all customers: " + " · ".join(show(t["amount"], t["currency"], 2) for t in summed["by_currency"]))
    echo(f"total {show(summed['value'], rates.base)} ({summed['rates']})")
    for left_out in summed["unpriced"]:
        echo(f"  {unpriced_text(left_out['currency'], left_out['orders'])} (add it under [money.rates])")


orders.add_command(plans_cli.plan)
