"""The command line: one module per command group; they parse, call the parts below, print."""

from .main import cli

__all__ = ["cli"]
