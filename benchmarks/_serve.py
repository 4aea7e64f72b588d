"""`mentorkit serve`, for benchmarks and experiments that need a participant server set up differently
from what the command line offers (a pool beyond its range, Voila settings under test).

    MENTORKIT_BENCH_POOL=30 MENTORKIT_BENCH_VOILA_ARGS='["--VoilaExecutor.startup_timeout=60"]' \\
        python -m benchmarks._serve serve --host 127.0.0.1 --port 8866 …

Both variables only change the participant server's Voila command (the one without a token); every
other step is the real `mentorkit serve`.
"""

from __future__ import annotations

import json
import os
import sys

import kit.apps.serve as serve

ENV_POOL = "MENTORKIT_BENCH_POOL"
ENV_ARGS = "MENTORKIT_BENCH_VOILA_ARGS"

_command, _start = serve.voila_command, serve.Servers.start


def _participant_command(root, *, token, **kwargs):
    command = _command(root, token=token, **kwargs)
    if token is None:  # the participant server
        extra = json.loads(os.environ.get(ENV_ARGS, "[]"))
        replaced = {arg.split("=", 1)[0] for arg in extra}  # Voila refuses an option given twice
        command = [arg for arg in command if arg.split("=", 1)[0] not in replaced] + extra
    return command


def _start_with_pool(self):
    if os.environ.get(ENV_POOL):  # the participant server's pool (the facilitator's is always 0)
        self.config.pool_size = int(os.environ[ENV_POOL])
    return _start(self)


serve.voila_command = _participant_command
serve.Servers.start = _start_with_pool

if __name__ == "__main__":
    from kit.cli import main

    sys.exit(main(prog_name="mentorkit"))
