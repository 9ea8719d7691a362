"""PostgreSQL for the benchmarks: a throwaway database, or a private cluster one may restart.

`scratch_database(server)` creates a database on a server (OTKLIK_TEST_DATABASE_URL's) and drops
it afterwards. `PrivateCluster` is a whole server of our own (initdb + pg_ctl in a temporary
directory, on a free loopback port): the faults benchmark restarts it, which nobody may do to
the machine's shared PostgreSQL. PostgreSQL refuses to run as root: as root, the cluster belongs
to the `postgres` system user and pg_ctl runs through `runuser`.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/otklik"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_url(database_url: str | None = None) -> str:
    """The server part of a database URL (no database name)."""
    url = database_url or os.environ.get("OTKLIK_TEST_DATABASE_URL") or DEFAULT_SERVER
    return url.rsplit("/", 1)[0]


@contextmanager
def scratch_database(server: str, name: str) -> Iterator[str]:
    """A new, empty database `name` on `server`; dropped (connections and all) on the way out."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure_in_scratch_database(child: str, *args: object) -> dict[str, Any]:
    """Run a benchmark's child script (`python -c child args…`) on a new throwaway database of
    OTKLIK_TEST_DATABASE_URL's server and return the JSON of its last line."""
    name = f"otklik_bench_{os.getpid()}"
    with scratch_database(server_url(), name) as url:
        env = {**os.environ, "OTKLIK_DATABASE_URL": url}
        env.setdefault("OTKLIK_SECRET_KEY", "bench-" + name)
        argv = [sys.executable, "-c", child, *map(str, args)]
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"Замер не удался:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin directory with initdb and pg_ctl, or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def missing_reason() -> str:
    """Why a private cluster cannot start here, in Russian; empty when it can."""
    if binaries() is None:
        return "нет программ PostgreSQL (initdb, pg_ctl): установите пакет postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "запуск от root без системного пользователя postgres"
        if shutil.which("runuser") is None:
            return "запуск от root без runuser"
    return ""


class PrivateCluster:
    """initdb'd in a temporary directory, listening on 127.0.0.1:<free port> only, trust auth.

    `fsync=off` (the machine does not crash here, only PostgreSQL is stopped) but commits stay
    synchronous: with `synchronous_commit=off` an immediate stop loses the last commits, which
    the web server has already answered `ok` for."""

    def __init__(self) -> None:
        reason = missing_reason()
        if reason:
            raise RuntimeError(reason)
        self.bin = binaries()
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix="otklik-pg-"))
        self.data = self.tmp / "data"
        self.log = self.tmp / "postgres.log"
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name

    @property
    def server(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{args[0]}: {done.stderr[-2000:] or done.stdout[-2000:]}")

    def start(self) -> PrivateCluster:
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user,
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories="
            f"{self.tmp} -c max_connections=200 -c fsync=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "start")  # fmt: skip
        return self

    def restart(self, mode: str = "immediate") -> None:
        """Stop (`immediate`: as a crash, every connection cut) and start again."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", mode, "-w", "restart")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> PrivateCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
