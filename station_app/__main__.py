"""Entry points: ``station-app`` (command line; the window by default) and ``station-app-gui``."""

from __future__ import annotations

import sys


def main() -> int:
    from station_app.cli.main import main as cli_main

    return cli_main(sys.argv[1:])


# The GUI entry is the same program; it only differs in having no console on Windows.
main_gui = main

if __name__ == "__main__":
    sys.exit(main())
