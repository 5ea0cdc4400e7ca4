"""A PostgreSQL server of the notebook user's own, for Binder (which runs no services).

    python -m workbench.local_postgres init    # once, at build time (postBuild): initdb + seed
    python -m workbench.local_postgres start   # at each launch (start): prints DATABASE_URL
    python -m workbench.local_postgres stop

It runs the distribution's binaries (apt.txt installs them) as the current user, never root,
with its files in WORKBOOK_PG_DIR (default ~/.workbook-postgres), on 127.0.0.1:WORKBOOK_PG_PORT
(default 5432), with trust authentication for local connections only.
"""

import getpass
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DATA_DIR = Path(os.environ.get("WORKBOOK_PG_DIR", Path.home() / ".workbook-postgres"))
PORT = int(os.environ.get("WORKBOOK_PG_PORT", "5432"))
DATABASE = "workbook"


class LocalPostgresError(Exception):
    pass


def bin_dir():
    """The newest /usr/lib/postgresql/<version>/bin (Debian, Ubuntu), else initdb's on PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: [int(part) for part in re.findall(r"\d+", path.parent.name)],
    )
    if versions:
        return versions[-1]
    if initdb := shutil.which("initdb"):
        return Path(initdb).parent
    raise LocalPostgresError("No PostgreSQL binaries: install the postgresql package (apt.txt).")


def run(program, *args):
    subprocess.run([bin_dir() / program, *args], check=True, capture_output=True, text=True)


def database_url():
    return f"postgres://{getpass.getuser()}@127.0.0.1:{PORT}/{DATABASE}"


def init():
    """Create the cluster and the database, and seed it; leaves the server stopped."""
    if os.geteuid() == 0:
        raise LocalPostgresError(
            "PostgreSQL refuses to run as root: run this as the notebook user."
        )
    if DATA_DIR.exists():
        raise LocalPostgresError(f"{DATA_DIR} exists already; remove it to start afresh.")
    run(
        "initdb", "-D", DATA_DIR, "-U", getpass.getuser(), "--auth=trust", "-E", "UTF8", "--no-sync"
    )
    start()
    try:
        run("createdb", "-h", "127.0.0.1", "-p", str(PORT), DATABASE)
        boot = "from workbench import boot; boot()"
        env = os.environ | {"DATABASE_URL": database_url()}
        subprocess.run([sys.executable, "-c", boot], env=env, check=True)
    finally:
        stop()


def start():
    """Start the server unless it runs; print the DATABASE_URL to connect to it."""
    if not DATA_DIR.exists():
        raise LocalPostgresError(f"No cluster in {DATA_DIR}: run `init` first (postBuild does).")
    running = subprocess.run([bin_dir() / "pg_ctl", "-D", DATA_DIR, "status"], capture_output=True)
    if running.returncode != 0:
        options = f"-p {PORT} -k {DATA_DIR} -c listen_addresses=127.0.0.1"
        log = DATA_DIR / "server.log"
        run("pg_ctl", "-D", DATA_DIR, "-l", log, "-o", options, "-w", "-t", "30", "start")
    print(database_url())


def stop():
    run("pg_ctl", "-D", DATA_DIR, "-m", "fast", "-w", "stop")


def main():
    commands = {"init": init, "start": start, "stop": stop}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python -m workbench.local_postgres {{{'|'.join(commands)}}}")
    try:
        commands[sys.argv[1]]()
    except LocalPostgresError as error:
        sys.exit(str(error))
    except subprocess.CalledProcessError as error:
        sys.exit(f"{Path(error.cmd[0]).name} failed: {error.stderr or error.stdout}")


if __name__ == "__main__":
    main()
