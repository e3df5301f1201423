"""Running the real command line: in a subprocess, as a user (or a script) would, or in this
process (`briefing_here`) where what a test checks is the command's output and exit status,
not the process around it (its start, its imports, signals, other users)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str

    def assert_clean(self) -> None:
        """No traceback, and every stderr line is one message (error:/warning:/...)."""
        assert "Traceback" not in self.err, self.err
        assert "Traceback" not in self.out, self.out


def env(**extra: str) -> dict[str, str]:
    """The environment of a CLI run: the rules-only pipeline (fast), no colour, no terminal."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    base.update({"BRIEFING_MODEL": "rules-only", "NO_COLOR": "1", "TERM": "dumb",
                 "PYTHONPATH": str(ROOT)})
    base.update(extra)
    return base


# Running as another user: a shared server where the corpus belongs to someone else. Tests
# run as root in CI, and permission bits do not stop root.
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def can_run_as_nobody() -> bool:
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


# What nobody imports the program from. The clone may sit in a folder only root can enter
# (root's home, a `mktemp -d`): then nobody gets a copy of the packages in a folder it can
# read. The interpreter and its site-packages must be readable too; when they are not (a
# virtualenv inside that private folder), the tests skip and say why.
PACKAGES = ("db", "tui", "seeds")
_PROBE = "import tui.cli, db.ingest, textual"  # its site-packages: spaCy sits beside textual


def _nobody_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AS_NOBODY, sys.executable, "-c", _PROBE], capture_output=True,
                          text=True, timeout=120, cwd=tree, stdin=subprocess.DEVNULL,
                          env=env(PYTHONPATH=str(tree), HOME=str(tree)))


@functools.cache
def _nobody_tree() -> tuple[Path | None, str]:
    """(the folder nobody imports the program from, "") or (None, why it cannot)."""
    if _nobody_imports(ROOT).returncode == 0:
        return ROOT, ""
    copy = Path(tempfile.mkdtemp(prefix="briefing-nobody-"))
    atexit.register(shutil.rmtree, copy, True)
    copy.chmod(0o755)
    for name in PACKAGES:
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    probe = _nobody_imports(copy)
    if probe.returncode == 0:
        return copy, ""
    said = (probe.stderr.strip().splitlines() or ["no output"])[-1]
    return None, (f"user nobody cannot run {sys.executable} with a readable copy of the "
                  f"program in {copy} ({said}): the interpreter or its site-packages sit in a "
                  "folder only root can enter; put the virtualenv where others can read it "
                  "(VENV=/opt/briefing-venv make test)")


@functools.cache
def nobody_cache() -> str:
    """One cache folder for every run as nobody in this process: the gazetteer is built by
    the first run and read back by the others (as in a user's own ~/.cache)."""
    path = tempfile.mkdtemp(prefix="briefing-nobody-cache-")
    atexit.register(shutil.rmtree, path, True)
    os.chmod(path, 0o777)
    return path


def nobody_tree() -> Path:
    """Where nobody imports the program from; skips the test (saying why) if nowhere."""
    tree, why = _nobody_tree()
    if tree is None:
        pytest.skip(why)
    return tree


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "tui.cli", *map(str, args)]


def briefing(*args: str | Path, timeout: float = 300, as_nobody: bool = False,
             cwd: Path = ROOT, **extra: str) -> Run:
    argv = (AS_NOBODY if as_nobody else []) + command(*args)
    if as_nobody:  # nobody's own home: root's config is not readable to it
        cwd = tree = nobody_tree()
        home = tempfile.mkdtemp(prefix="briefing-home-")
        os.chmod(home, 0o777)
        extra = {"HOME": home, "XDG_CONFIG_HOME": f"{home}/.config",
                 "XDG_DATA_HOME": f"{home}/.local/share", "XDG_CACHE_HOME": nobody_cache(),
                 "PYTHONPATH": str(tree), **extra}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          env=env(**extra), cwd=cwd, stdin=subprocess.DEVNULL)
    run = Run(done.returncode, done.stdout, done.stderr)
    run.assert_clean()
    return run


def briefing_here(*args: str | Path, cwd: Path = ROOT, **extra: str) -> Run:
    """`briefing(*args)` run by this process: the same entry point (`tui.cli.main`, every
    error reduced to one line), environment (`env`), folder, empty stdin and UTF-8 streams
    as the subprocess, without its second of Python start-up, imports and gazetteer reading.
    Process-wide state is put back afterwards: environment, folder, argv, signal handlers,
    streams. What stays is what a process keeps of its files once read (the gazetteer, the
    rulebook): tests must not change those between two runs of one test process."""
    import gc
    import io
    import signal
    import warnings

    from tui import cli as the_cli

    saved_env, saved_argv, saved_cwd = dict(os.environ), sys.argv, os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM)}
    out, err = io.BytesIO(), io.BytesIO()
    # As a Python process writing to pipes: stdout strict UTF-8, stderr backslash-escaped.
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                              write_through=True)
    code: int = 0
    # What the test process holds so far (spaCy, the gazetteer, Textual: half a million
    # objects) is frozen out of the collector, so the collection after the run (below) walks
    # only the run's own objects: a full one took half a second.
    gc.collect()
    gc.freeze()
    try:
        os.environ.clear()
        os.environ.update(env(**extra))
        os.chdir(cwd)
        sys.argv = ["briefing", *map(str, args)]
        sys.stdin = open(os.devnull)  # noqa: SIM115  # closed below
        sys.stdout, sys.stderr = stdout, stderr
        with warnings.catch_warnings():  # a warning goes to stderr, as in a fresh process
            warnings.resetwarnings()
            warnings.simplefilter("default")
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            warnings.showwarning = warnings._showwarning_orig  # type: ignore[attr-defined]
            try:
                the_cli.main()
            except SystemExit as exc:
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:  # sys.exit("message"): the message on stderr, status 1
                    print(exc.code, file=sys.stderr)
                    code = 1
    finally:
        sys.stdin.close()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        gc.collect()  # the run's connections closed, as at a process's exit
    run = Run(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))
    run.assert_clean()
    return run


def start(*args: str | Path, **extra: str) -> subprocess.Popen[str]:
    """A CLI process left running (for signals and concurrency)."""
    return subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env(**extra), cwd=ROOT, stdin=subprocess.DEVNULL)
