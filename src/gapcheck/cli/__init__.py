"""Command-line interface (Typer): a thin adapter over `gapcheck.service`."""

from __future__ import annotations

import gc
import os

# pydantic looks for plugins by reading the entry points of every installed distribution
# (20-40 ms of start-up); gapcheck uses none. An explicit value (empty: plugins on) is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# Start-up allocates some forty thousand long-lived objects (modules, classes, pydantic
# schemas) and the cyclic garbage collector would scan them again and again while they are
# made: about a tenth of a short command's time. So it waits until the CLI is imported; the
# objects made so far are then moved out of its way for good (gc.freeze). A collection first
# would cost some 30 ms to free about two thousand small objects of import-time garbage,
# which are frozen with the rest instead. It runs as usual from then on.
_collecting = gc.isenabled()
gc.disable()
try:
    from gapcheck.cli.app import app
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
