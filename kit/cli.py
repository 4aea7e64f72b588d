"""The `mentorkit` command line. Every option has help text; README.md documents each one
(tests/test_cli.py fails when one is missing there)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from kit import paths

DB_HELP = "SQLAlchemy database URL (default: $MENTORKIT_DB, else a SQLite file in the user data folder)."
CONTENT_HELP = "Folder of exercise YAML files (default: $MENTORKIT_CONTENT, else the content shipped with the kit)."


def _store(db: str | None):
    from kit.store import Store

    try:
        return Store(paths.database_url(db))
    except Exception as error:  # a mistyped URL deserves one clear line, not a traceback
        raise click.ClickException(f"Cannot open the database {db or ''}: {error}") from error


def _check_or_exit(content: str | None) -> dict:
    from kit.content import ContentError, load_content

    try:
        return load_content(paths.content_dir(content))
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(1)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mentor-workshop-kit")
def main() -> None:
    """Mentor Workshop Kit: live exercises, a facilitator dashboard and cohort analysis."""


@main.command()
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def check(content: Path | None) -> None:
    """Validate every exercise file; exit 1 and list each problem as FILE:LINE: MESSAGE."""
    from kit.content import check_content

    folder = paths.content_dir(content)
    problems = check_content(folder)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(1)
    from kit.content import load_content

    exercises = load_content(folder)
    click.echo(f"{len(exercises)} exercise file(s) in {folder} are valid: {', '.join(exercises)}")


@main.group()
def session() -> None:
    """Create, list and close workshop sessions."""


@session.command("create")
@click.option("--name", required=True, help="A name people recognise, e.g. 'Residents cohort, 21 Nov'.")
@click.option("--k", "k_threshold", type=click.IntRange(2, 50), default=3, show_default=True,
              help="Smallest group the facilitator may see results for.")
@click.option("--db", help=DB_HELP)
@click.option("--public-url", default="", help="Base URL participants reach the server at "
              "(default: this machine's address and port 8866).")
def session_create(name: str, k_threshold: int, db: str | None, public_url: str) -> None:
    """Create a session and print its join code and participant URL."""
    from kit.apps.serve import ServeConfig, join_url, public_base
    from kit.errors import InputError

    store = _store(db)
    try:
        record = store.create_session(name, k_threshold=k_threshold)
    except InputError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Join code: {record.code}")
    click.echo(f"Participant URL: {join_url(public_base(ServeConfig(public_url=public_url)), record.code)}")


@session.command("list")
@click.option("--db", help=DB_HELP)
def session_list(db: str | None) -> None:
    """List sessions, newest first, with participant and response counts."""
    store = _store(db)
    rows = store.list_sessions()
    if not rows:
        click.echo("No sessions yet. Create one with: mentorkit session create --name NAME")
        return
    click.echo(f"{'CODE':<8} {'CREATED':<17} {'STATE':<7} {'PEOPLE':>6} {'RESPONSES':>9}  NAME")
    for s in rows:
        state = "open" if s.closed_at is None else "ended"
        created = s.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        click.echo(f"{s.code:<8} {created:<17} {state:<7} {s.participants:>6} {s.responses:>9}  {s.name}")


@session.command("close")
@click.argument("code")
@click.option("--db", help=DB_HELP)
def session_close(code: str, db: str | None) -> None:
    """End session CODE: participants can no longer submit; everything stored stays."""
    from kit.errors import InputError

    try:
        record = _store(db).close_session(code)
    except InputError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Session {record.code} ({record.name}) has ended.")


@main.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address the participant server listens on.")
@click.option("--port", default=8866, show_default=True, type=int, help="Port of the participant server.")
@click.option("--facilitator-port", default=8867, show_default=True, type=int,
              help="Port of the facilitator server (always on 127.0.0.1).")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
@click.option("--pool-size", default=1, show_default=True, type=click.IntRange(0, 20),
              help="Preheated kernels kept ready per participant notebook (0 disables preheating).")
@click.option("--cull-idle", "cull_idle", default=600, show_default=True, type=click.IntRange(10),
              help="Seconds after which a kernel whose page went away is shut down.")
@click.option("--token", default="", help="Facilitator token (default: a new random one each run).")
@click.option("--public-url", default="", help="Base URL participants reach the server at, e.g. behind a proxy.")
@click.option("--no-first-session", is_flag=True, help="Do not create a session when the database has none.")
def serve(host: str, port: int, facilitator_port: int, db: str | None, content: Path | None, pool_size: int,
          cull_idle: int, token: str, public_url: str, no_first_session: bool) -> None:
    """Start the participant and facilitator apps; Ctrl-C stops both and all their kernels."""
    from kit.apps.serve import ServeConfig, Servers, join_url

    _check_or_exit(str(content) if content else None)
    url = paths.database_url(db)
    store = _store(url)
    config = ServeConfig(host=host, port=port, facilitator_port=facilitator_port, db_url=url,
                         content_dir=paths.content_dir(content), pool_size=pool_size, cull_idle_seconds=cull_idle,
                         cull_interval_seconds=max(5, min(60, cull_idle // 4)), token=token, public_url=public_url)
    sessions = store.list_sessions()
    if not sessions and not no_first_session:
        store.create_session("First session")
        sessions = store.list_sessions()
    store.dispose()
    servers = Servers(config)
    # `kill`, a closed terminal or a test harness must stop the servers as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    click.echo("Starting the participant and facilitator servers…")
    try:
        servers.start()
    except RuntimeError as error:
        servers.stop()
        raise click.ClickException(str(error)) from error
    try:
        click.echo("")
        click.echo(f"Database:        {store.describe()}")
        for s in [s for s in sessions if s.closed_at is None][:3]:
            click.echo(f"Participant URL: {join_url(servers.participant_base, s.code)}   "
                       f"(session {s.name!r}, join code {s.code})")
        click.echo(f"Facilitator URL: {servers.facilitator_url}")
        click.echo("                 (only on this computer; keep the token to yourself)")
        click.echo(f"Server logs:     {servers.logs}")
        click.echo("Press Ctrl-C to stop both servers.")
        sys.stdout.flush()
        code = servers.wait()
        raise click.ClickException(f"A server stopped unexpectedly (exit code {code}); see the logs above.")
    except KeyboardInterrupt:
        click.echo("\nStopping…")
    finally:
        servers.stop()
    click.echo("Stopped.")


if __name__ == "__main__":  # pragma: no cover
    main()
