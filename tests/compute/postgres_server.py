"""A throwaway PostgreSQL server for the warehouse tests: initdb, start on loopback, stop, remove.

The binaries come from ``pg_config --bindir`` or the Debian location
(``/usr/lib/postgresql/<version>/bin``, newest first), so the Debian package
is enough; the Debian service itself is never used. initdb refuses to run as
root, so as root the cluster belongs to the ``postgres`` system user (created
by the package) and every server command runs through ``runuser``. The
cluster lives in its own temporary folder (readable by that user), listens on
127.0.0.1 on a free port with its unix socket in that folder, and requires a
password over TCP, so the tests can check how credentials are passed.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL = "apt-get update && apt-get install -y postgresql"
USER = "metricsmith"
PASSWORD = "s3cret-Pw"


class Unavailable(RuntimeError):
    """PostgreSQL's server binaries are not installed (or cannot run here)."""


def find_bindir() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=30)
        if done.returncode == 0 and done.stdout.strip():
            candidates.append(Path(done.stdout.strip()))
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                    if Path(p).parent.name.isdigit() else 0, reverse=True)
    candidates += [Path(p) for p in debian]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise Unavailable(f"PostgreSQL server binaries not found; install them with: {INSTALL}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running cluster: where it listens and how to reach it."""

    bindir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", *, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{database}"

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        argv = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as:
            argv = ["runuser", "-u", self.run_as, "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=str(self.root),
                              env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})

    def stop(self) -> None:
        self.command("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start() -> Server:
    """initdb a fresh cluster and start it; raises :class:`Unavailable` when it cannot run here."""
    bindir = find_bindir()
    run_as = None
    root = Path(tempfile.mkdtemp(prefix="metricsmith-pg-"))
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise Unavailable("running as root needs runuser to start PostgreSQL as the postgres user")
        try:
            import pwd

            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable(f"running as root needs the postgres system user (from the package: {INSTALL})") from None
        os.chown(root, owner.pw_uid, owner.pw_gid)
        run_as = "postgres"
    pwfile = root / "pw"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    if run_as:
        os.chown(pwfile, owner.pw_uid, owner.pw_gid)
    server = Server(bindir, root, 0, run_as)
    done = server.command("initdb", "-D", str(server.data), "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
                          "--locale=C", "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256")
    pwfile.unlink()
    if done.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    last = ""
    for _ in range(5):  # a free port can be taken between choosing it and binding it
        server.port = _free_port()
        options = (f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        done = server.command("pg_ctl", "-D", str(server.data), "-o", options, "-l", str(root / "server.log"),
                              "-w", "-t", "60", "start")
        if done.returncode == 0:
            return server
        last = (root / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start: {last}")


def start_for_tests() -> Server:
    """:func:`start`, or skip the caller's tests when PostgreSQL is not installed: a failure on CI
    (the ``CI`` variable set, as for the Chromium tests), so the warehouse checks cannot silently vanish."""
    import pytest

    try:
        return start()
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required on CI for the warehouse tests: {exc}")
        pytest.skip(str(exc))


def create_database(server: Server, name: str) -> str:
    """A new, empty database on ``server``; returns its URL (with the password)."""
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)
