"""Command-line interface (Typer): a thin adapter over `gapcheck.service`."""

from __future__ import annotations

from gapcheck.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
