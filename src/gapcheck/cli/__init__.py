"""Command-line interface (Typer): a thin adapter over `gapcheck.service`."""

from __future__ import annotations

import gc

# Start-up allocates some forty thousand long-lived objects (modules, classes, pydantic
# schemas) and the cyclic garbage collector would scan them again and again while they are
# made: about a tenth of a short command's time. So it waits until the CLI is imported (from
# the first import on: `typing` alone set off three collections); the objects made so far are
# then moved out of its way for good (gc.freeze). A collection first would cost some 30 ms to
# free about two thousand small objects of import-time garbage, which are frozen with the rest
# instead. It runs as usual from then on.
_collecting = gc.isenabled()
gc.disable()

import atexit  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import NoReturn  # noqa: E402

# pydantic looks for plugins by reading the entry points of every installed distribution
# (20-40 ms of start-up); gapcheck uses none. An explicit value (empty: plugins on) is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _plugins_off() -> tuple[()]:
    return ()


def _from_pydantics_loader(name: str) -> object:
    """Any other name of the module, from pydantic's own (loaded on first use): a pydantic
    release that imports more from it keeps working, only without the saving."""
    if name.startswith("__"):  # module attributes (__file__, __path__ …): the stand-in's own
        raise AttributeError(name)
    import importlib.util
    from pathlib import Path

    import pydantic.plugin

    path = Path(pydantic.plugin.__file__).with_name("_loader.py")
    spec = importlib.util.spec_from_file_location("pydantic.plugin._loader", path)
    if spec is None or spec.loader is None:
        raise AttributeError(name)
    real = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(real)
    return getattr(real, name)


# Even with plugins off, the module of pydantic's that would look for them imports
# importlib.metadata (with email, csv and zipfile: some 55 million instructions, about 3 % of
# a warm `gapcheck analyze`) when the first model is built, only to return no plugins. With
# the setting above in force, a stand-in that returns no plugins, as pydantic's own
# `get_plugins` does then, takes its place (tests/cli/test_cli_main.py checks both agree);
# every other name it is asked for comes from pydantic's own module.
if os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__":
    _loader = ModuleType("pydantic.plugin._loader", "Stand-in: plugins are off (gapcheck.cli).")
    _loader.get_plugins = _plugins_off  # type: ignore[attr-defined]
    _loader.__getattr__ = _from_pydantics_loader  # type: ignore[method-assign]
    sys.modules.setdefault(_loader.__name__, _loader)

try:
    from gapcheck.cli._lifetime import one_command_process
    from gapcheck.cli.app import app
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["app", "main"]


# A command makes objects by the hundred thousand and keeps nearly all of them to the end: a
# warm `gapcheck analyze` collected some 300 cyclic objects in 85 collections, scanning
# survivors each time (1.5 % of its instructions). The first generation is collected after
# 50,000 new objects instead of 700: a few collections, and cyclic garbage stays bounded.
_YOUNG = 50_000


def main() -> NoReturn:
    """Console-script entry point."""
    one_command_process()
    young, *older = gc.get_threshold()
    if young:  # 0: automatic collection is off, and stays so
        gc.set_threshold(max(young, _YOUNG), *older)
    try:
        app()
    except SystemExit as exc:  # Typer ends every run so, with the exit status
        _exit(exc.code)
    _exit(0)


def _exit(code: object) -> NoReturn:
    """Exit as `sys.exit(code)` would, without first freeing every module and object one by
    one: the operating system takes the memory back at once, and that teardown was about 3 %
    of a `gapcheck analyze`. What the usual exit does that can matter is done here: the atexit
    handlers run, and the standard streams are flushed (status 120 when that fails, e.g. a
    closed pipe, as Python's own exit gives). With other threads still running, the usual exit
    waits for them: so does this, by taking it."""
    if threading.active_count() > 1:
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed:  # as Python's own exit: nothing to flush
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            status = 120
    os._exit(status & 0xFF)
