"""`python -m mailcrm` runs the CLI."""

from .cli.main import cli

cli(prog_name="mailcrm")
