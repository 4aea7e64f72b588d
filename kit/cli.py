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


def _session_or_exit(store, code: str):
    """The session with ``code``, or a one-line error for the terminal."""
    record = store.get_session(code)
    if record is None:
        raise click.ClickException(f"No session has the code {code!r}.")
    return record


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


def _participant_lines(sessions, base: str) -> list[str]:
    """What `serve` prints for participants: the URL of up to three open sessions, or, when none is
    open (e.g. after `mentorkit demo`, whose sessions have all ended), the home page URL and how to
    open a session: there is always a URL to put on the projector."""
    from kit.urls import PARTICIPANT_HOME, join_url

    open_sessions = [s for s in sessions if s.closed_at is None][:3]
    if not open_sessions:
        home = f"{base.rstrip('/')}/voila/render/{PARTICIPANT_HOME}"
        how = "create one in the console or with `mentorkit session create --name …`"
        return [f"Participant URL: {home}   (people type the join code there)",
                f"                 No session is open: {how}."]
    return [f"Participant URL: {join_url(base, s.code)}   (session {s.name!r}, join code {s.code})"
            for s in open_sessions]


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
@click.option("--self-paced", is_flag=True,
              help="Let participants move freely between the open exercises (default: they wait in a lobby "
                   "until you present one).")
def session_create(name: str, k_threshold: int, db: str | None, public_url: str, self_paced: bool) -> None:
    """Create a session and print its join code and participant URL."""
    from kit.apps.serve import ServeConfig, join_url, public_base
    from kit.errors import InputError
    from kit.logic import pacing

    store = _store(db)
    try:
        record = store.create_session(name, k_threshold=k_threshold)
        if self_paced:
            store.change_session_settings(record.code, lambda settings: pacing.self_paced(True))
    except InputError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Join code: {record.code}")
    click.echo(f"Participant URL: {join_url(public_base(ServeConfig(public_url=public_url)), record.code)}")
    if self_paced:
        click.echo("Self-paced: participants move freely between the open exercises.")
    else:
        click.echo(f"Participants wait in the lobby until you present an exercise "
                   f"(in the console, or: mentorkit present --session {record.code} --next).")


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
              help="Port of the facilitator server (on 127.0.0.1 unless --facilitator-host says otherwise).")
@click.option("--facilitator-host", default="127.0.0.1", show_default=True,
              help="Address the facilitator server listens on. Beyond loopback it needs TLS: behind an HTTPS proxy "
                   "(--public-url https://…) or its own certificate (--facilitator-tls-cert), unless --insecure.")
@click.option("--facilitator-tls-cert", type=click.Path(dir_okay=False, exists=True), default=None,
              help="TLS certificate (PEM) for the facilitator server, which then answers HTTPS itself.")
@click.option("--facilitator-tls-key", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Private key (PEM) of --facilitator-tls-cert.")
@click.option("--insecure", is_flag=True,
              help="Let --facilitator-host expose the console over plain HTTP (the token travels unencrypted).")
@click.option("--base-url", default=None, metavar="/PREFIX/",
              help="Path prefix both servers answer under behind a reverse proxy: participants at /PREFIX/, the "
                   "facilitator at /PREFIX/facilitator/ (default: the path of --public-url, else /).")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
@click.option("--pool-size", default=0, show_default=True, type=click.IntRange(0, 300),
              help="Preheated kernels kept ready for the participant page: the number of people expected "
                   "to join at once (0: none; each holds about 67 MB).")
@click.option("--max-participants", type=click.IntRange(1), default=None,
              help="Most participant kernels at once, preheated ones included; past it a page says the room is "
                   "full. Default: 75% of the memory available at start-up at 80 MB a kernel (shown at start).")
@click.option("--cull-idle", "cull_idle", default=600, show_default=True, type=click.IntRange(10),
              help="Seconds after which a kernel whose page went away is shut down.")
@click.option("--unconnected-grace", "unconnected_grace", default=60, show_default=True, type=click.IntRange(5),
              help="Seconds a participant kernel is kept for a page that has not connected to it yet (a slow "
                   "phone still loading; raise it for very slow Wi-Fi), after which it is shut down.")
@click.option("--token", default="", envvar="MENTORKIT_TOKEN", show_envvar=True,
              help="Facilitator token for this run only (default: the one kept in the user data folder, "
                   "the same at every run).")
@click.option("--new-token", is_flag=True,
              help="Replace the kept facilitator token with a new one (old console links stop working).")
@click.option("--public-url", default="", envvar="MENTORKIT_PUBLIC_URL", show_envvar=True,
              help="Base URL participants reach the server at behind a proxy, e.g. https://example.org/mentorkit "
                   "(the join URL, QR code and console links use it).")
@click.option("--shard", default=None, metavar="I/N",
              help="Run participant server I of N for one event behind nginx (needs --public-url; shards on several "
                   "machines share one PostgreSQL): its pages under PREFIX/sI/; only shard 1 runs the facilitator server.")
@click.option("--shard-capacity", default=0, show_default=True, type=click.IntRange(0),
              help="With --shard: kernels (preheated ones included) at which this shard sends newcomers to another "
                   "shard (0: never full).")
@click.option("--no-first-session", is_flag=True, help="Do not create a session when the database has none.")
def serve(host: str, port: int, facilitator_port: int, facilitator_host: str, facilitator_tls_cert: str | None,
          facilitator_tls_key: str | None, insecure: bool, base_url: str | None, db: str | None,
          content: Path | None, pool_size: int, max_participants: int | None, cull_idle: int, unconnected_grace: int, token: str,
          new_token: bool, public_url: str, shard: str | None, shard_capacity: int, no_first_session: bool) -> None:
    """Start the participant and facilitator apps; Ctrl-C stops both and all their kernels."""
    from kit.apps import deploy
    from kit.apps.serve import ServeConfig, Servers, default_max_participants
    from kit.apps.token import facilitator_token

    if token and new_token:
        raise click.UsageError("Give --token or --new-token, not both.")
    if public_url and not public_url.startswith(("http://", "https://")):
        raise click.BadParameter("give a full URL such as https://example.org/mentorkit", param_hint="--public-url")
    try:
        base_url = (deploy.normalize_base_url(base_url) if base_url is not None
                    else deploy.base_url_from_public_url(public_url))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from error
    if bool(facilitator_tls_cert) != bool(facilitator_tls_key):
        raise click.UsageError("Give --facilitator-tls-cert and --facilitator-tls-key together.")
    shard_of = None
    if shard is not None:
        from kit.apps.shards import parse_shard

        try:
            shard_of = parse_shard(shard)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--shard") from error
        if not public_url:
            raise click.UsageError("--shard needs --public-url: shards only work behind the proxy that routes to them.")
    problem = deploy.facilitator_exposure_problem(facilitator_host, public_url=public_url,
                                                  tls_cert=facilitator_tls_cert or "", insecure=insecure)
    if problem:
        raise click.UsageError(problem)
    room_how = "--max-participants"
    if max_participants is None:
        max_participants, room_how = default_max_participants()
    if pool_size > max_participants:
        raise click.UsageError(f"--pool-size ({pool_size}) is larger than the room ({max_participants} kernels, "
                               f"{room_how}): lower it or raise --max-participants.")
    token = token or facilitator_token(rotate=new_token)

    _check_or_exit(str(content) if content else None)
    url = paths.database_url(db)
    store = _store(url)
    config = ServeConfig(host=host, port=port, facilitator_port=facilitator_port, db_url=url,
                         content_dir=paths.content_dir(content), pool_size=pool_size,
                         max_participants=max_participants, cull_idle_seconds=cull_idle,
                         unconnected_grace_seconds=unconnected_grace,
                         # Often enough that a page that never connected goes soon after its grace.
                         cull_interval_seconds=max(2, min(10, cull_idle // 4, unconnected_grace // 4)),
                         token=token, public_url=public_url,
                         facilitator_host=facilitator_host, base_url=base_url,
                         facilitator_tls_cert=facilitator_tls_cert or "", facilitator_tls_key=facilitator_tls_key or "",
                         shard=shard_of, shard_capacity=shard_capacity)
    sessions = store.list_sessions()
    if not sessions and not no_first_session:
        store.create_session("First session")
        sessions = store.list_sessions()
    store.dispose()
    servers = Servers(config)
    # `kill`, a closed terminal or a test harness must stop the servers as Ctrl-C does; and Ctrl-C
    # itself, also when serve was started from a script that runs it in the background, where the
    # shell leaves SIGINT ignored (Python then keeps ignoring it).
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    click.echo("Starting the participant and facilitator servers…" if config.runs_console
               else "Starting the participant server…")
    try:
        servers.start()
    except RuntimeError as error:
        servers.stop()
        raise click.ClickException(str(error)) from error
    try:
        click.echo("")
        click.echo(f"Database:        {store.describe()}")
        for line in _participant_lines(sessions, servers.participant_base):
            click.echo(line)
        click.echo(f"Room:            at most {max_participants} participant kernels at once ({room_how}; "
                   f"the preheated pool counts)")
        if config.runs_console:
            click.echo(f"Facilitator URL: {servers.facilitator_url}")
            if deploy.is_loopback(facilitator_host) and not public_url:
                click.echo("                 (only on this computer; keep the token to yourself)")
            else:
                click.echo("                 (keep the token to yourself)")
        if shard_of:
            click.echo(f"Shard:           {shard_of[0]} of {shard_of[1]}, pages under "
                       f"{public_url.rstrip('/')}/s{shard_of[0]}/"
                       + (f", full at {shard_capacity} kernels" if shard_capacity else ""))
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


@main.command("quiz")
@click.option("--session", "code", required=True, help="Join code of the session whose quiz to set up.")
@click.option("--exercise", "exercise_id", default=None,
              help="Id of the quiz exercise (default: the only exercise with quiz items, e.g. myths_quiz).")
@click.option("--items", default=None, help="Comma-separated ids of the items this session uses, in any order.")
@click.option("--all-items", is_flag=True, help="Use every item of the quiz (the default for a new session).")
@click.option("--run", type=click.IntRange(1, 2), default=None,
              help="Current run: 1 before the talk, 2 after it (participants who reload then answer again).")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def quiz(code: str, exercise_id: str | None, items: str | None, all_items: bool, run: int | None, db: str | None,
         content: Path | None) -> None:
    """Choose a session's quiz items and its run; with no option, show the current choice."""
    from kit.errors import InputError
    from kit.logic.quiz import current_run, selected_items, updated_settings

    exercises = _check_or_exit(str(content) if content else None)
    quizzes = [ex for ex in exercises.values() if ex.quiz_items]
    if exercise_id is None:
        if len(quizzes) != 1:
            names = ", ".join(ex.id for ex in quizzes) or "none"
            raise click.UsageError(f"Name the quiz with --exercise (quiz exercises: {names}).")
        exercise = quizzes[0]
    elif exercise_id in {ex.id for ex in quizzes}:
        exercise = exercises[exercise_id]
    else:
        raise click.BadParameter(f"{exercise_id!r} is not a quiz exercise "
                                 f"(quiz exercises: {', '.join(ex.id for ex in quizzes) or 'none'}).",
                                 param_hint="--exercise")
    if items is not None and all_items:
        raise click.UsageError("Give either --items or --all-items, not both.")
    store = _store(db)
    try:
        record = _session_or_exit(store, code)
        if items is not None or all_items or run is not None:
            chosen = ... if items is None and not all_items else (
                None if all_items else [part.strip() for part in items.split(",") if part.strip()])
            try:
                value = updated_settings(exercise, record.settings, run=run, items=chosen)
            except ValueError as error:
                raise click.BadParameter(str(error), param_hint="--items") from error
            try:
                record = store.update_session_settings(record.code, quiz=value)
            except InputError as error:
                raise click.ClickException(str(error)) from error
        chosen_items = selected_items(exercise, record.settings)
        every = len(chosen_items) == len(exercise.quiz_items)
        click.echo(f"Session {record.code} ({record.name}), {exercise.id}: run {current_run(exercise, record.settings)}")
        click.echo(f"Items ({'all ' if every else ''}{len(chosen_items)} of {len(exercise.quiz_items)}): "
                   + ", ".join(item.id for item in chosen_items))
    finally:
        store.dispose()



# -- pacing the room ----------------------------------------------------------------------------


def _room_line(record, exercises: dict) -> str:
    """One line saying what the room of session ``record`` sees now."""
    from kit.logic import pacing

    ids = list(exercises)
    state = pacing.pace(record.settings, ids)
    screen = pacing.screen(record.settings, ids, session_open=record.is_open)
    where = (f"“{exercises[state.current].title}” ({state.position + 1} of {len(state.agenda)})"
             if state.current is not None else None)
    if not record.is_open:
        return f"Session {record.code} has ended" + (f"; {where} was presented last." if where else ".")
    if screen.kind == pacing.PAUSED:
        return f"Session {record.code} is paused; phones show “{screen.message}”"
    if state.self_paced:
        opened = len(pacing.choices(record.settings, ids))
        return (f"Session {record.code} is self-paced: participants choose from {opened} open exercise(s)"
                + (f"; {where} is presented." if where else "."))
    if screen.kind == pacing.EXERCISE:
        return f"Presenting {where} to session {record.code}."
    if where:
        return f"Session {record.code}: {where} is presented but not open, so phones show the lobby."
    return f"Nothing is presented in session {record.code}: phones show the lobby."


def _echo_agenda(record, exercises: dict) -> None:
    """The agenda in order, the presented exercise marked with ▶ and closed ones noted."""
    from kit.logic import pacing
    from kit.logic.visibility import is_open

    ids = list(exercises)
    state = pacing.pace(record.settings, ids)
    click.echo(f"{record.name} ({record.code})")
    click.echo(_room_line(record, exercises))
    width = max((len(i) for i in state.agenda), default=0)
    for n, exercise_id in enumerate(state.agenda, start=1):
        mark = "▶" if exercise_id == state.current else " "
        closed = "" if is_open(record.settings, exercise_id) else "  (not open)"
        click.echo(f"{mark} {n:>2}. {exercise_id:<{width}}  {exercises[exercise_id].title}{closed}")
    if not state.agenda:
        click.echo("  The agenda is empty.")
    left_out = [i for i in ids if i not in state.agenda]
    if left_out:
        click.echo(f"Not on the agenda: {', '.join(left_out)}")


def _paced_session(code: str, content: Path | None, db: str | None, decide_for, *, list_after: bool = False):
    """Open the store, find session ``code``, store ``decide_for(ids)``'s changes if it gives any, and
    print the agenda (no changes, or ``list_after``) or what the room now sees. Refusals are one-line
    errors."""
    from kit.errors import InputError

    exercises = _check_or_exit(str(content) if content else None)
    store = _store(db)
    try:
        record = _session_or_exit(store, code)
        exercises = _catalogue(store, record, exercises)
        decide = decide_for(list(exercises))
        if decide is None:
            _echo_agenda(record, exercises)
            return
        try:
            record = store.change_session_settings(record.code, decide, require_open=True)
        except InputError as error:
            raise click.ClickException(str(error)) from error
        if list_after:
            _echo_agenda(record, exercises)
        else:
            click.echo(_room_line(record, exercises))
    finally:
        store.dispose()


@main.command("present")
@click.argument("exercise_id", required=False)
@click.option("--session", "code", required=True, help="Join code of the session whose room you pace.")
@click.option("--next", "go_next", is_flag=True,
              help="Present the next exercise of the agenda (the first when none is presented).")
@click.option("--back", is_flag=True, help="Present the previous exercise (the last when none is presented).")
@click.option("--pause", is_flag=False, flag_value="", default=None, metavar="[MESSAGE]",
              help="Pause the room: phones show MESSAGE (quote it), or “Look up: discussion time.” without one.")
@click.option("--resume", is_flag=True, help="End the pause: the presented exercise comes back.")
@click.option("--self-paced", is_flag=True, help="Let participants move freely between the open exercises.")
@click.option("--paced", is_flag=True, help="Participants follow you again: the presented exercise, or the lobby.")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def present(exercise_id: str | None, code: str, go_next: bool, back: bool, pause: str | None, resume: bool,
            self_paced: bool, paced: bool, db: str | None, content: Path | None) -> None:
    """Pace the room: present EXERCISE_ID, or go to the next or previous exercise, pause, resume, or let
    people move freely; prints what the room now sees. With no action, prints the agenda."""
    from kit.logic import pacing

    chosen = {"EXERCISE_ID": exercise_id is not None, "--next": go_next, "--back": back,
              "--pause": pause is not None, "--resume": resume, "--self-paced": self_paced, "--paced": paced}
    given = [name for name, on in chosen.items() if on]
    if len(given) > 1:
        raise click.UsageError(f"Give one action at a time, not {' and '.join(given)}.")

    def decide_for(ids: list[str]):
        if exercise_id is not None:
            return lambda settings: pacing.present(settings, ids, exercise_id)
        if go_next or back:
            return lambda settings: pacing.step(settings, ids, 1 if go_next else -1)
        if pause is not None:
            return lambda settings: pacing.pause(pause)
        if resume:
            return lambda settings: pacing.resume()
        if self_paced or paced:
            return lambda settings: pacing.self_paced(self_paced)
        return None

    _paced_session(code, content, db, decide_for)


@main.command("agenda")
@click.option("--session", "code", required=True, help="Join code of the session whose agenda to show or set.")
@click.option("--set", "order", default=None, metavar="ID,ID,…",
              help="Store these comma-separated exercise ids, in this order, as the agenda (ids left out are "
                   "taken off it; people on a presented exercise taken off go to the lobby).")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def agenda(code: str, order: str | None, db: str | None, content: Path | None) -> None:
    """Show a session's agenda (the presented exercise marked), or set its order for scripting."""
    from kit.logic import pacing

    def decide_for(ids: list[str]):
        if order is None:
            return None
        wanted = [part.strip() for part in order.split(",") if part.strip()]

        def decide(settings):
            changes = pacing.with_agenda(ids, wanted)
            current = settings.get("current")
            if current is not None and current not in wanted:
                changes.update(pacing.removed(settings, ids, current), agenda=wanted)
            return changes

        return decide

    _paced_session(code, content, db, decide_for, list_after=True)


def _catalogue(store, record, exercises: dict) -> dict:
    """The session's exercises: the content's and its quick activities (kit.store.quick)."""
    from kit.store.quick import Catalogue

    return dict(Catalogue(store, record.code, exercises, record.settings))


# -- quick activities ------------------------------------------------------------------------------


@main.group()
def quick() -> None:
    """Quick activities: questions made during a session (in the console, or here), kept with it."""


@quick.command("create")
@click.option("--session", "code", required=True, help="Join code of the session to add the activity to.")
@click.option("--type", "type_name", required=True, type=click.Choice(["poll", "wordcloud", "scale", "text", "qa"]),
              help="poll (one choice), wordcloud, scale (rate it), text (open question) or qa (Q&A with votes).")
@click.option("--prompt", required=True, help="The question people answer; also its title (quote it).")
@click.option("--option", "options", multiple=True,
              help="One option of a poll or scale (repeat it, 2 to 12 times; a scale without any gets "
                   "Not at all … Extremely).")
@click.option("--present", "present_now", is_flag=True, help="Present it at once (every phone shows it).")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def quick_create(code: str, type_name: str, prompt: str, options: tuple[str, ...], present_now: bool,
                 db: str | None, content: Path | None) -> None:
    """Make a quick activity in a session: it joins the end of its agenda; prints its id."""
    from kit.errors import InputError
    from kit.store import quick as stored

    exercises = _check_or_exit(str(content) if content else None)
    store = _store(db)
    try:
        record = _session_or_exit(store, code)
        try:
            record, exercise = stored.create(store, record.code, exercises, type_name, prompt, list(options),
                                             present=present_now)
        except InputError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Created {exercise.id}: “{exercise.title}”.")
        click.echo(_room_line(record, _catalogue(store, record, exercises)))
    finally:
        store.dispose()


@quick.command("export")
@click.argument("exercise_ids", nargs=-1)
@click.option("--session", "code", required=True, help="Join code of the session whose quick activities to keep.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Folder to write the content files to (e.g. your content folder); made when missing.")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def quick_export(exercise_ids: tuple[str, ...], code: str, out: Path, db: str | None, content: Path | None) -> None:
    """Write a session's quick activities (all, or the EXERCISE_IDS given) as content files for next
    time, each named after its title; an existing file is never overwritten."""
    from kit.logic import quick as rules

    exercises = _check_or_exit(str(content) if content else None)
    store = _store(db)
    try:
        record = _session_or_exit(store, code)
        documents = {d["id"]: d for d in store.quick_documents(record.code)}
    finally:
        store.dispose()
    unknown = [i for i in exercise_ids if i not in documents]
    if unknown:
        known = ", ".join(documents) or "none"
        raise click.ClickException(f"Session {record.code} has no quick activity {', '.join(unknown)} "
                                   f"(its quick activities: {known}).")
    if not documents:
        raise click.ClickException(f"Session {record.code} has no quick activities to export.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        taken = set(exercises) | {p.stem for p in out.glob("*.y*ml")}
        for exercise_id in exercise_ids or list(documents):
            name, text = rules.yaml_for_next_time(documents[exercise_id], record.code, taken)
            target = out / name
            with open(target, "x", encoding="utf-8") as file:  # never overwrite a content file
                file.write(text)
            taken.add(target.stem)
            click.echo(f"Wrote {target} ({exercise_id}).")
    except FileExistsError as error:
        raise click.ClickException(f"{error.filename} exists already; nothing was overwritten.") from error
    except OSError as error:
        raise click.ClickException(f"Cannot write to {out}: {error.strerror or error}") from error
    click.echo(f"Check them with: mentorkit check --content {out}")


# -- trainers: export, report, demo ----------------------------------------------------------------


def _chosen_sessions(codes: tuple[str, ...], every: bool) -> list[str] | None:
    """The --session codes, or None for --all; exactly one of the two must be given."""
    if bool(codes) == every:
        raise click.UsageError("Give --session CODE (repeat it for several sessions) or --all.")
    return None if every else list(codes)


def _run_analysis(action, output: Path):
    """Run ``action()``, turning unknown session codes and an unwritable ``output`` into one clear line."""
    from kit.analysis import UnknownSessionError

    try:
        return action()
    except UnknownSessionError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {error.strerror or error}") from error


@main.command("export")
@click.option("--session", "codes", multiple=True, help="Join code of a session to export (repeat for several).")
@click.option("--all", "every", is_flag=True, help="Export every session in the database.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default=None,
              help="File format (default: from the output file's suffix, else csv).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write the tidy answers to.")
@click.option("--include-names", is_flag=True, help="Keep participants' display names (left out by default).")
@click.option("--include-private-text", is_flag=True,
              help="Keep free text its author did not share (left out by default).")
@click.option("--latest-only", is_flag=True,
              help="Only each participant's latest revision (default: every revision, marked by is_latest).")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def export(codes: tuple[str, ...], every: bool, fmt: str | None, output: Path, include_names: bool,
           include_private_text: bool, latest_only: bool, db: str | None, content: Path | None) -> None:
    """Write the tidy answers (one row per answer) as CSV or Parquet, pseudonymous by default."""
    from kit.analysis import export_answers

    sessions = _chosen_sessions(codes, every)
    exercises = _check_or_exit(str(content) if content else None)
    fmt = fmt or ("parquet" if output.suffix.lower() in (".parquet", ".pq") else "csv")
    store = _store(db)
    try:
        frame = _run_analysis(lambda: export_answers(
            store, output, sessions=sessions, fmt=fmt, include_names=include_names,
            include_private_text=include_private_text, latest_only=latest_only, exercises=exercises), output)
    finally:
        store.dispose()
    people = frame["participant"].nunique()
    click.echo(f"Wrote {len(frame)} answers of {people} participants to {output} ({fmt}).")


@main.command("report")
@click.option("--session", "codes", multiple=True, help="Join code of a session to report on (repeat for several).")
@click.option("--all", "every", is_flag=True, help="Report on every session in the database.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (one self-contained file).")
@click.option("--title", default=None, help="Heading of the report (default: the cohort, or the number of sessions).")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def report(codes: tuple[str, ...], every: bool, output: Path, title: str | None, db: str | None,
           content: Path | None) -> None:
    """Write one self-contained HTML report (charts embedded) to email to programme leads."""
    from kit.analysis import write_report

    sessions = _chosen_sessions(codes, every)
    exercises = _check_or_exit(str(content) if content else None)
    store = _store(db)
    try:
        _run_analysis(lambda: write_report(store, output, sessions=sessions, exercises=exercises, title=title), output)
    finally:
        store.dispose()
    click.echo(f"Wrote the report to {output}.")


@main.command("demo")
@click.option("--cohorts", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many demo sessions (cohorts) to add.")
@click.option("--participants", type=click.IntRange(2, 500), default=18, show_default=True,
              help="About how many people join each demo session.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed: the same seed gives the same answers.")
@click.option("--db", help=DB_HELP)
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), help=CONTENT_HELP)
def demo(cohorts: int, participants: int, seed: int, db: str | None, content: Path | None) -> None:
    """Add demo cohorts with realistic synthetic answers, to try the dashboard, reports and analysis."""
    from kit.analysis.demo import fill_demo

    exercises = _check_or_exit(str(content) if content else None)
    store = _store(db)
    try:
        created = fill_demo(store, cohorts=cohorts, participants=participants, seed=seed, exercises=exercises)
        summaries = {s.code: s for s in store.list_sessions()}
    finally:
        store.dispose()
    click.echo(f"Added {len(created)} demo session(s) to {store.describe()}:")
    for record in created:
        s = summaries[record.code]
        click.echo(f"  {s.code}  {s.created_at.astimezone().strftime('%Y-%m-%d')}  {s.participants:>3} people  {s.name}")
    click.echo("Try: mentorkit report --all -o report.html")


# -- hosting: deploy, status ------------------------------------------------------------------------


def _write_or_echo(text: str, output: Path | None, mode: int = 0o644) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
        output.chmod(mode)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {error.strerror or error}") from error
    click.echo(f"Wrote {output}.", err=True)


@main.group()
def deploy() -> None:
    """Generate what hosting needs: an nginx site (HTTPS, websockets) and a systemd service."""


@deploy.command("nginx")
@click.option("--public-url", required=True,
              help="The HTTPS URL participants use, with its path prefix, e.g. https://example.org/mentorkit "
                   "(give the same to `mentorkit serve --public-url`).")
@click.option("--tls-cert", required=True, help="Path of the TLS certificate chain (PEM) nginx serves.")
@click.option("--tls-key", required=True, help="Path of the certificate's private key (PEM), readable by nginx only.")
@click.option("--participant", "participants", multiple=True, default=("127.0.0.1:8866",), show_default=True,
              metavar="HOST:PORT", help="Address of the participant server (`serve --host/--port`); repeat it for "
                                        "shards, in order: the first is `serve --shard 1/N`, and so on.")
@click.option("--facilitator", "facilitator", default="127.0.0.1:8867", show_default=True, metavar="HOST:PORT",
              help="Address of the facilitator server (`serve --facilitator-host/--facilitator-port`).")
@click.option("--listen", "listen_port", type=click.IntRange(1, 65535), default=None,
              help="Port nginx listens on for HTTPS (default: the port of --public-url, else 443).")
@click.option("--base-url", default=None, metavar="/PREFIX/",
              help="Path prefix of the servers (`serve --base-url`; default: the path of --public-url).")
@click.option("--facilitator-allow", multiple=True, metavar="ADDRESS",
              help="Only this address or network (e.g. 203.0.113.7 or 10.0.0.0/8) may reach the facilitator "
                   "routes; repeat for several (default: anyone with the token).")
@click.option("--max-body-size", default="1m", show_default=True,
              help="Largest request body nginx accepts (nginx's client_max_body_size).")
@click.option("--cache-dir", default="/var/cache/nginx/mentorkit", show_default=True,
              help="Folder where nginx keeps Voila's static files (proxy_cache_path), writable by nginx.")
@click.option("--ipv4-only", is_flag=True, help="Listen on IPv4 only (a machine without IPv6, where nginx "
                                                 "would refuse to start on [::]).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write the site to (default: print it), e.g. /etc/nginx/sites-available/mentorkit.")
def deploy_nginx(public_url: str, tls_cert: str, tls_key: str, participants: tuple[str, ...], facilitator: str,
                 listen_port: int | None, base_url: str | None, facilitator_allow: tuple[str, ...],
                 max_body_size: str, cache_dir: str, ipv4_only: bool, output: Path | None) -> None:
    """Write an nginx site for Debian's nginx: TLS, websockets, gzip, cached static files, a request
    size limit, and the facilitator routes under PREFIX/facilitator/ (token, optional allow-list)."""
    from kit.apps.deploy import NginxSite, nginx_site, normalize_base_url

    if not public_url.startswith("https://"):
        raise click.BadParameter("the proxy serves HTTPS: give an https:// URL", param_hint="--public-url")
    try:
        base = normalize_base_url(base_url) if base_url is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from error
    site = NginxSite(public_url=public_url, tls_cert=tls_cert, tls_key=tls_key, participant_upstreams=participants,
                     facilitator_upstream=facilitator, listen=listen_port, base_url=base,
                     facilitator_allow=facilitator_allow, max_body_size=max_body_size, cache_dir=cache_dir,
                     ipv6=not ipv4_only)
    _write_or_echo(nginx_site(site), output)


@deploy.command("systemd")
@click.option("--user", "user", default="mentorkit", show_default=True,
              help="System user the service runs as (create it with `adduser --system mentorkit`).")
@click.option("--env-file", default="/etc/mentorkit/mentorkit.env", show_default=True,
              help="File with MENTORKIT_DB and MENTORKIT_TOKEN (owner root, mode 600; systemd reads it).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write the unit to (default: print it), e.g. /etc/systemd/system/mentorkit.service.")
@click.argument("serve_args", nargs=-1, type=click.UNPROCESSED)
def deploy_systemd(user: str, env_file: str, output: Path | None, serve_args: tuple[str, ...]) -> None:
    """Write a systemd service that runs `mentorkit serve SERVE_ARGS…` (give them after --)."""
    from kit.apps.deploy import systemd_unit

    _write_or_echo(systemd_unit(user=user, env_file=env_file, serve_args=list(serve_args)), output)


@main.command("status")
@click.option("--url", "url", default="http://127.0.0.1:8866/", show_default=True,
              help="Participant server (or its public URL through the proxy) to check.")
@click.option("--facilitator-url", default="http://127.0.0.1:8867/", show_default=True,
              help="Facilitator server to check (it answers 403 without the token: that counts as up); '' skips it.")
@click.option("--db", help=DB_HELP)
@click.option("--no-db", is_flag=True, help="Do not check the database (a monitor on another machine).")
@click.option("--no-verify-tls", is_flag=True, help="Accept a self-signed certificate on https:// URLs.")
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=10, show_default=True,
              help="Seconds each check may take.")
def status(url: str, facilitator_url: str, db: str | None, no_db: bool, no_verify_tls: bool, timeout: float) -> None:
    """Check that the servers answer and the database opens; exit 0 when all do, 1 otherwise (for a monitor)."""
    from kit.apps.deploy import check_database, check_url

    checks = [check_url("participant", url, timeout=timeout, verify_tls=not no_verify_tls)]
    if facilitator_url:
        checks.append(check_url("facilitator", facilitator_url, timeout=timeout, verify_tls=not no_verify_tls,
                                expect_token=True))
    if not no_db:
        checks.append(check_database(paths.database_url(db)))
    for check in checks:
        click.echo(f"{check.name + ':':<13}{'ok  ' if check.ok else 'FAIL'} {check.detail}")
    raise SystemExit(0 if all(check.ok for check in checks) else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
