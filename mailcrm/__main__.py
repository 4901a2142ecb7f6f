"""`python -m mailcrm` runs the CLI."""

from .cli import cli

cli(prog_name="mailcrm")
