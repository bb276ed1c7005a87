"""Entry points: ``station-app`` (command line; the window by default) and ``station-app-gui``."""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading


def main() -> int:
    from station_app.cli.main import main as cli_main

    code = cli_main(sys.argv[1:])
    if "PySide6" not in sys.modules:  # a command, not the window
        end_process(code)
    return code


def end_process(code: int) -> None:
    """End a finished command without tearing down every module.

    Freeing what SQLAlchemy, reportlab and the fonts built takes about 0.1 s, a sixth of printing
    the minutes from cold, and nothing needs it: output is flushed and every exit handler (logging,
    temporary folders, …) still runs. Only with the main thread alone, so no work is cut short.
    """
    if threading.active_count() != 1:
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be written
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code)


# The GUI entry is the same program; it only differs in having no console on Windows.
main_gui = main

if __name__ == "__main__":
    sys.exit(main())
