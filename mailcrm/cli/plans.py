"""CLI: `orders plan`. Parse, call the library, print."""

from __future__ import annotations

from pathlib import Path

import click

from .. import output
from ..customers import plans as plans_lib
from ..money import show
from ..output import TODAY_OPTION, print_json
from .customers import echo, print_report


@click.group(invoke_without_command=True)
@click.option("--year", type=int, metavar="YYYY", help="The plan year (default: this year).")
@click.option("--customer", metavar="KEY", help="Only this customer.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@TODAY_OPTION
@click.pass_context
def plan(ctx, year: int | None, customer: str | None, as_json: bool, today) -> None:
    """The sales plan against the orders: per customer and month, plan, actual,
    difference and the year-to-date running totals, in the [money] base currency.

    A customer's rows end with their total; the last table adds up all customers per
    month with running totals. "To date" is through the last complete month. Import the
    plan with `mailcrm orders plan import FILE`.

    \b
    Examples:
        mailcrm orders plan
        mailcrm orders plan --year 2026 --customer besttrading.com
        mailcrm orders plan --json
    """
    if ctx.invoked_subcommand:
        return
    state = ctx.obj
    found = plans_lib.plan_vs_actual(state.db, state.config, year=year, customer_ref=customer, today=today)
    if as_json:
        print_json(found)
        return
    print_plan(found)


@plan.command(name="import")
@click.argument("csv_path", metavar="CSV", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def plan_import(state, csv_path: Path, as_json: bool) -> None:
    """Import the sales plan: customer, month (YYYY-MM), product, quantity, amount, currency.

    Product and quantity are optional. The customer column takes a domain, a contact
    address, #id or the exact name. One plan per customer, month and product: a revised
    file updates what it names. Bad rows are reported with their line number; the rest
    is imported.

    \b
    Example:
        mailcrm orders plan import plan-2026.csv
    """
    print_report(plans_lib.import_plans_csv(state.db, state.config, csv_path), as_json)


def print_plan_demo(result) -> None:
    """The demo's sales plan: `orders plan` for the two largest plans, then all customers."""
    if not result.plan:
        return
    output.console.rule("[bold]orders plan[/bold]: the sales plan (plan.csv) against the orders")
    print_plan(result.plan, limit=2)


def print_plan(found: dict, limit: int | None = None) -> None:
    base = found["base_currency"]
    if not found["customers"]:
        echo(f"no sales plan for {found['year']} (import one with `mailcrm orders plan import FILE`)")
        return
    columns = ("plan", "actual", "difference", "YTD plan", "YTD actual", "YTD difference")
    grid = output.table("customer", "month", *columns, title=f"sales plan {found['year']}, in {base}")
    for customer in found["customers"][:limit]:
        label = customer["name"] or customer["customer"]
        for index, row in enumerate(customer["months"]):
            grid.add_row(label if index == 0 else "", row["month"], *amounts(row, base))
        total = customer["total"]
        grid.add_row("", "total", *(show(total[k], base) for k in ("plan", "actual", "difference")), "", "", "")
    output.print_table(grid)
    if limit and len(found["customers"]) > limit:
        echo(f"… and {len(found['customers']) - limit} more customers with a plan: mailcrm orders plan")
    grid = output.table("month", *columns, title="all customers")
    for row in found["months"]:
        grid.add_row(row["month"], *amounts(row, base))
    total = found["total"]
    grid.add_row("total", *(show(total[k], base) for k in ("plan", "actual", "difference")), "", "", "")
    output.print_table(grid)
    to_date = found["to_date"]
    if found["through"]:
        reached = f" ({to_date['share']:.0%} of plan)" if to_date["share"] is not None else ""
        echo(
            f"to the end of {found['through']}: plan {show(to_date['plan'], base)}, "
            f"actual {show(to_date['actual'], base)}, difference {show(to_date['difference'], base)}{reached}"
        )
    echo(found["rates"])
    for entry in found["unpriced"]:
        echo(
            f"  {entry['plans']} plans and {entry['orders']} orders in {entry['currency']} have no rate: not counted "
            "(add it under [money.rates])"
        )


def amounts(row: dict, base: str) -> list[str]:
    keys = ("plan", "actual", "difference", "ytd_plan", "ytd_actual", "ytd_difference")
    return [show(row[k], base) for k in keys]
