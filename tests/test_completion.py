"""Shell completion of option values, driven through a real bash and Click's env-var protocol."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import typer.main

from mlsal.cli import app
from mlsal.shell import complete_values, read_document

#: A bands file of our own: two countries with different cities, aliases with spaces.
BANDS = textwrap.dedent(
    """\
    schema_version: 1
    title: completion fixture
    updated: 2026-01-01
    sources:
      s: {title: fixture, date: 2026-01-01}
    countries:
      XA:
        name: Alphaland
        currency: INR
        locale: en_IN
        aliases: [alpha, Alpha Republic]
        pay_basis: fixture
        factors: {city: city-xa, skill: skill-all, employer: emp-all, education: edu-all}
        bands:
          - {key: only, label: Only, years_from: 0, years_to: null, reference_years: 1,
             low: 10, high: 20, meaning: fixture, source: s}
      XB:
        name: Betastan
        currency: USD
        locale: en_US
        pay_basis: fixture
        factors: {city: city-xb, skill: skill-all, employer: emp-all, education: edu-all}
        bands:
          - {key: only, label: Only, years_from: 0, years_to: null, reference_years: 1,
             low: 10, high: 20, meaning: fixture, source: s}
    factor_groups:
      city-xa:
        dimension: city
        label: City
        factors:
          - {key: quartz-city, label: Quartz City, multiplier: 1.0, aliases: [Quarry Town, qc],
             evidence: {kind: neutral, method: fixture}}
          - {key: zinc, label: Zinc, multiplier: 1.0, evidence: {kind: neutral, method: fixture}}
      city-xb:
        dimension: city
        label: City
        factors:
          - {key: quill, label: Quill, multiplier: 1.0, evidence: {kind: neutral, method: fixture}}
      skill-all:
        dimension: skill
        label: Skill
        factors:
          - {key: kelp, label: Kelp, multiplier: 1.0, aliases: [seaweed],
             evidence: {kind: neutral, method: fixture}}
      emp-all:
        dimension: employer
        label: Employer
        factors:
          - {key: yak-corp, label: Yak, multiplier: 1.0, evidence: {kind: neutral, method: fixture}}
      edu-all:
        dimension: education
        label: Education
        factors:
          - {key: vellum, label: Vellum, multiplier: 1.0,
             evidence: {kind: neutral, method: fixture}}
    """
)


@pytest.fixture
def bands_file(tmp_path: Path) -> Path:
    path = tmp_path / "bands.yaml"
    path.write_text(BANDS, encoding="utf-8")
    return path


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH starts with an ``mlsal`` that runs this interpreter's mlsal."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "mlsal"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mlsal "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_MLSAL", "MLSAL", "COMP_"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


SHOW_COMPLETION = 'eval "$(mlsal --show-completion)"'


def bash_complete(env: dict[str, str], line: str, setup: str = SHOW_COMPLETION) -> list[str]:
    """Run ``setup`` in a real bash, press Tab after ``line`` and return COMPREPLY."""
    assert BASH is not None
    program = (
        setup
        + "\n"
        + textwrap.dedent(
            """\
        read -r -a COMP_WORDS <<< "$LINE"
        case "$LINE" in *" ") COMP_WORDS+=("") ;; esac
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        spec=$(complete -p mlsal)
        func=${spec#*-F }; func=${func%% *}
        "$func" mlsal "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\\n' "${COMPREPLY[@]}"
        """
        )
    )
    done = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", program],
        env={**env, "LINE": line},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [value for value in done.stdout.splitlines() if value]


@needs_bash
def test_install_completion_works_in_a_new_shell(shell_env: dict[str, str], tmp_path: Path) -> None:
    """``mlsal --install-completion`` edits ~/.bashrc; a shell that reads it then completes."""
    env = {**shell_env, "HOME": str(tmp_path)}
    install_completion("bash", env, tmp_path)
    assert (tmp_path / ".bashrc").read_text(encoding="utf-8").count("mlsal") == 1
    line = "mlsal estimate --country US --city sea"
    assert bash_complete(env, line, setup="source ~/.bashrc") == ["seattle"]


def install_completion(shell: str, env: dict[str, str], home: Path) -> str:
    """Run ``mlsal --install-completion`` in ``shell`` with HOME ``home``; the shell's path."""
    path = shutil.which(shell)
    assert path is not None
    installed = subprocess.run(
        [path, "-c", "mlsal --install-completion; :"],  # ':' so the shell does not exec mlsal
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.startswith(f"{shell} completion installed in {home}/"), installed.stdout
    return path


def env_protocol(env: dict[str, str], words: str, cword: int) -> list[str]:
    """Ask mlsal itself, as the bash function does: _MLSAL_COMPLETE with COMP_WORDS/COMP_CWORD."""
    done = subprocess.run(
        ["mlsal"],
        env={
            **env,
            "_MLSAL_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [value for value in done.stdout.splitlines() if value]


@needs_bash
def test_real_bash_completes_cities_from_the_bundled_file(shell_env: dict[str, str]) -> None:
    assert bash_complete(shell_env, "mlsal estimate --country IN --city beng") == ["bengaluru"]


@needs_bash
def test_real_bash_completes_any_case_and_aliases(shell_env: dict[str, str]) -> None:
    assert bash_complete(shell_env, "mlsal estimate --country IN --city BANG") == ["BANGalore"]
    assert bash_complete(shell_env, "mlsal estimate --country US --city SUNNY") == ["SUNNYvale"]
    assert bash_complete(shell_env, "mlsal estimate --city Navi") == ["Navi-mumbai"]
    assert bash_complete(shell_env, "mlsal estimate --country IN --city bo") == ["bombay"]


@needs_bash
def test_real_bash_narrows_to_the_country_on_the_line(shell_env: dict[str, str]) -> None:
    assert bash_complete(shell_env, "mlsal estimate --country US --city pitts") == [
        "pittsburgh-pa",
        "pittsfield-ma",
    ]
    assert bash_complete(shell_env, "mlsal estimate --country US --city nonmetro-t") == [
        "nonmetro-tn",
        "nonmetro-tx",
    ]
    assert "bengaluru" not in bash_complete(shell_env, "mlsal estimate --country US --city b")
    assert "bengaluru" in bash_complete(shell_env, "mlsal estimate --city b")


@needs_bash
def test_the_examples_in_getting_started(shell_env: dict[str, str]) -> None:
    """docs/index.md shows these two Tab presses."""
    assert bash_complete(shell_env, "mlsal estimate --country IN --city b") == [
        "bengaluru",
        "bombay",
        "bhubaneswar",
    ]
    assert bash_complete(shell_env, "mlsal estimate --country US --employer Goo") == ["Google"]


@needs_bash
def test_real_bash_bare_tab_lists_keys_not_aliases(shell_env: dict[str, str]) -> None:
    assert bash_complete(shell_env, "mlsal estimate --country ") == ["IN", "US"]
    assert bash_complete(shell_env, "mlsal estimate --country US --skill ") == [
        "general",
        "deep-learning",
        "computer-vision",
        "nlp",
        "generative-ai",
        "mlops",
    ]


@needs_bash
def test_real_bash_uses_the_data_option(shell_env: dict[str, str], bands_file: Path) -> None:
    line = f"mlsal estimate --data {bands_file} --city "
    assert bash_complete(shell_env, line) == ["quartz-city", "zinc", "quill"]
    assert bash_complete(shell_env, f"{line.strip()} Q") == ["Quartz-city", "Quill"]
    assert bash_complete(shell_env, f"{line.strip()} Qu") == ["Quartz-city", "Quill"]
    assert bash_complete(shell_env, f"{line.strip()} Qc") == ["Qc"]  # an alias, typed
    assert bash_complete(shell_env, f"mlsal estimate --data {bands_file} --country a") == [
        "alphaland"
    ]


@needs_bash
def test_real_bash_uses_mlsal_data(shell_env: dict[str, str], bands_file: Path) -> None:
    env = {**shell_env, "MLSAL_DATA": str(bands_file)}
    assert bash_complete(env, "mlsal estimate --country xb --city ") == ["quill"]
    assert bash_complete(env, "mlsal estimate --skill s") == ["seaweed"]
    assert bash_complete(env, "mlsal estimate --employer ") == ["yak-corp"]
    assert bash_complete(env, "mlsal estimate --education V") == ["Vellum"]


@needs_bash
def test_data_option_wins_over_mlsal_data(shell_env: dict[str, str], bands_file: Path) -> None:
    env = {**shell_env, "MLSAL_DATA": str(bands_file)}
    # the bundled file, named by --data through its installed path, beats $MLSAL_DATA
    bundled = Path(__file__).resolve().parents[1] / "data" / "bands.yaml"
    assert bash_complete(env, f"mlsal estimate --data {bundled} --city zi") == []
    assert bash_complete(env, "mlsal estimate --city zi") == ["zinc"]


def test_env_var_protocol_completes_employers(shell_env: dict[str, str]) -> None:
    words = "mlsal estimate --country IN --employer big"
    assert env_protocol(shell_env, words, 5) == ["big-tech"]  # its alias bigtech: same choice


@needs_bash
def test_short_and_alias_options_complete_through_typer(shell_env: dict[str, str]) -> None:
    """Short and alternative option names complete the same values."""
    assert bash_complete(shell_env, "mlsal estimate -c us --city sea") == ["seattle"]
    assert bash_complete(shell_env, "mlsal estimate --cert ph") == ["phd"]
    assert bash_complete(shell_env, "mlsal estimate -c i") == ["in"]


@pytest.mark.parametrize(
    ("words", "cword", "first"),
    [
        ("mlsal estimate --city beng", 3, "bengaluru"),
        ("mlsal estimate --", 2, "--country"),
        ("mlsal compare ", 2, "IN"),
        ("mlsal ", 1, "estimate"),
    ],
)
def test_completion_does_not_load_the_validator_or_babel(
    shell_env: dict[str, str], words: str, cword: int, first: str
) -> None:
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write(' '.join(sorted({m.split('.')[0] for m in "
        "sys.modules if m in ('babel', 'mlsal', 'mlsal.bands.schema')}))))\n"
        "from mlsal.entry import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={
            **shell_env,
            "_MLSAL_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines()[0] == first
    assert done.stderr == "mlsal"


def test_complete_values_pure(bands_file: Path) -> None:
    document = read_document(str(bands_file))
    assert complete_values(document, "city", "q", "alpha") == [("quartz-city", "Quartz City")]
    assert complete_values(document, "city", "qua", "alpha") == [("quartz-city", "Quartz City")]
    assert complete_values(document, "city", "quarr", "alpha") == [
        ("Quarry-Town", "Quartz City (quartz-city)")
    ]
    assert complete_values(document, "city", "", "Betastan") == [("quill", "Quill")]
    assert complete_values(document, "city", "", "nowhere") == [
        ("quartz-city", "Quartz City"),
        ("zinc", "Zinc"),
        ("quill", "Quill"),
    ]
    assert complete_values(document, "country", "") == [("XA", "Alphaland"), ("XB", "Betastan")]
    assert complete_values({}, "city", "") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_unreadable_data_files_complete_nothing_and_never_block(tmp_path: Path) -> None:
    """Completion reads the file as the loader does: a FIFO, a directory, a file over the
    size cap or a name with a NUL give no values (a FIFO used to block the Tab press)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 1_000_001)
    script = (
        "import sys\n"
        "from mlsal.shell import read_document\n"
        "print([read_document(p) for p in sys.argv[1:]] + [read_document('a\\0b')])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(fifo), str(tmp_path), str(big)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[{}, {}, {}, {}]\n"


COMPLETED = {"--country", "--city", "--skill", "--education", "--employer"}


def _commands(command: Any, path: str = "mlsal") -> list[tuple[str, Any]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found.extend(_commands(sub, f"{path} {name}"))
    return found


def test_every_command_completes_its_data_options() -> None:
    """Commands added later must wire these options to the data file too."""
    root = typer.main.get_command(app)
    checked = 0
    for path, command in _commands(root):
        for param in command.params:
            if COMPLETED & set(param.opts):
                assert param._custom_shell_complete is not None, f"{path} {param.opts[0]}"
                checked += 1
    assert checked >= 5


@needs_bash
def test_compare_completes_countries_and_factors(shell_env: dict[str, str]) -> None:
    assert bash_complete(shell_env, "mlsal compare IN u") == ["us"]
    assert bash_complete(shell_env, "mlsal compare IN ") == ["US"]  # not IN again
    assert bash_complete(shell_env, "mlsal compare india ") == ["US"]
    assert bash_complete(shell_env, "mlsal compare IN US --employer fa") == ["faang"]


FISH = shutil.which("fish")
ZSH = shutil.which("zsh")

#: CI installs bash, zsh and fish and sets this, so that no real-shell test skips itself there.
REQUIRE_SHELLS = os.environ.get("MLSAL_REQUIRE_SHELLS") == "1"


def needs_shell(path: str | None, name: str) -> pytest.MarkDecorator:
    """Skip when ``name`` is not installed, unless the run requires every shell (then fail)."""
    if path is None and REQUIRE_SHELLS:
        pytest.fail(f"{name} is required (MLSAL_REQUIRE_SHELLS=1) but not installed")
    return pytest.mark.skipif(path is None, reason=f"{name} is not installed")


def require_shell(name: str) -> None:
    """Inside a test: skip it when ``name`` is not installed, or fail when the run requires it."""
    if shutil.which(name) is None:
        if REQUIRE_SHELLS:
            pytest.fail(f"{name} is required (MLSAL_REQUIRE_SHELLS=1) but not installed")
        pytest.skip(f"{name} is not installed")


def _run_shell(argv: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.splitlines()


@needs_shell(FISH, "fish")
def test_real_fish_completes_values_with_their_labels(shell_env: dict[str, str]) -> None:
    assert FISH is not None
    program = (
        "mlsal --show-completion | source\n"
        'complete -C "mlsal estimate --country IN --city beng"\n'
        'complete -C "mlsal estimate --country US --employer big"\n'
    )
    assert sorted(_run_shell([FISH, "--no-config", "-c", program], shell_env)) == [
        "bengaluru\tBengaluru",
        "big-tech\tGlobal big tech (FAANG-type)",
    ]


@needs_shell(ZSH, "zsh")
def test_real_zsh_function_offers_values(shell_env: dict[str, str]) -> None:
    """The zsh script's function, run with zsh's own words/CURRENT; _arguments just prints."""
    assert ZSH is not None
    program = (
        "compdef() { : }\n"
        '_arguments() { print -rl -- "$@" }\n'
        'eval "$(mlsal --show-completion)"\n'
        "words=(mlsal estimate --country IN --city BENG)\n"
        "CURRENT=6\n"
        "_mlsal\n"
    )
    assert _run_shell([ZSH, "-f", "-c", program], shell_env) == ['*: :(("BENGaluru":"Bengaluru"))']


#: Lines (as typed before Tab) whose last word is an option's value, or nearly so.
FAST_LINES: tuple[str, ...] = (
    "mlsal estimate --city ",
    "mlsal estimate --city beng",
    "mlsal estimate --city BENG",
    "mlsal estimate -c US --city s",
    "mlsal estimate --country india --city ",
    "mlsal estimate -c XB --country XA --city q",
    "mlsal estimate -c zz --city q",
    "mlsal estimate --years 5 --skill ",
    "mlsal estimate --cert ",
    "mlsal estimate --offer 5 --employer b",
    "mlsal estimate --country ",
    "mlsal estimate -c al",
    "mlsal compare IN US --years 3 --employer ",
    "mlsal skills -c u",
    "mlsal market --country ",
    "mlsal estimate --data {bands} --city q",
    "mlsal estimate --city nothing-like-this",
)

#: Lines the fast path leaves to Typer.
TYPER_LINES: tuple[str, ...] = (
    "mlsal estimate --ci",
    "mlsal estimate --city=beng",
    "mlsal estimate -cIN --city ",
    "mlsal estimate --years ",
    "mlsal compare ",
    "mlsal batch --data ",
    "mlsal ",
    "mlsal estimate --help --city ",
)


def _typer_answer(env: dict[str, str]) -> str:
    """Typer's own answer to a completion request (no fast path: not through mlsal.entry)."""
    done = subprocess.run(
        [sys.executable, "-c", "from mlsal.cli import app; app(prog_name='mlsal')"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stderr == ""
    return done.stdout


def _request(line: str, base: dict[str, str]) -> dict[str, str]:
    words = line.split(" ")
    return {
        **base,
        "_MLSAL_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }


@pytest.mark.parametrize("line", FAST_LINES)
def test_the_bash_fast_path_answers_as_typer_does(
    line: str, shell_env: dict[str, str], bands_file: Path
) -> None:
    from mlsal.shell import bash_value_answer

    env = _request(line.format(bands=bands_file), shell_env)
    fast = bash_value_answer(env)
    assert fast is not None, "the fast path should answer this line"
    assert fast + "\n" == _typer_answer(env)


@pytest.mark.parametrize("line", TYPER_LINES)
def test_the_bash_fast_path_leaves_other_requests_to_typer(
    line: str, shell_env: dict[str, str]
) -> None:
    from mlsal.shell import bash_value_answer

    assert bash_value_answer(_request(line, shell_env)) is None


def _declared_options(command: str) -> tuple[dict[str, str], set[str]]:
    """A command's options with a value completer (option -> dimension) and its other options
    that take a value, as its Typer app declares them."""
    built: Any = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    completed: dict[str, str] = {}
    others: set[str] = set()
    hints = __import__("typing").get_type_hints(built.callback, include_extras=True)
    for name, hint in hints.items():
        infos = [
            m for m in getattr(hint, "__metadata__", ()) if isinstance(m, typer.models.OptionInfo)
        ]
        if not infos:
            continue
        info = infos[0]
        param = next(p for p in built.params if p.name == name.lstrip("_") or p.name == name)
        if getattr(param, "is_flag", False):
            continue
        completer = info.autocompletion
        for option in (*param.opts, *param.secondary_opts):
            if completer is not None:
                completed[option] = completer.__name__.removeprefix("complete_")
            else:
                others.add(option)
    return completed, others


@pytest.mark.parametrize("command", ["estimate", "compare", "skills", "market", "takehome"])
def test_the_fast_path_knows_each_commands_options(command: str) -> None:
    from mlsal.shell import OTHER_VALUE_OPTIONS, VALUE_COMPLETERS

    completed, others = _declared_options(command)
    assert VALUE_COMPLETERS[command] == completed
    assert OTHER_VALUE_OPTIONS[command] == others


def test_each_country_or_factor_is_offered_once() -> None:
    """``ind`` offers india, not also its alias ind; a city's aliases do not repeat it."""
    from mlsal.shell import completions

    assert completions("country", "ind", data=None) == [("india", "India")]
    assert [name for name, _ in completions("city", "beng", data=None, country="IN")] == [
        "bengaluru"
    ]
    assert [name for name, _ in completions("city", "bang", data=None, country="IN")] == [
        "bangalore"
    ]


def test_a_choice_left_out_is_offered_under_none_of_its_names() -> None:
    """compare's second country: the first one, however it was written, is not offered."""
    from mlsal.shell import completions

    for first in ("IN", "india", "Ind"):
        assert completions("country", "", data=None, leave_out=first) == [("US", "United States")]
    assert [name for name, _ in completions("country", "i", data=None, leave_out="US")] == ["in"]


# --- Real shells under a pseudo-terminal: what a person sees after Tab ---------------------


class Terminal:
    """A shell running interactively under a pseudo-terminal, typed into as a person types."""

    PROMPT = b"READY> "

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the shell
            os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        self.seen = b""
        assert self.read_until(self.PROMPT), self.seen.decode(errors="replace")

    def read_until(self, marker: bytes | None, *, limit: float = 30.0, quiet: float = 1.5) -> bool:
        """Read until ``marker`` shows (True), or until nothing more comes for ``quiet``
        seconds once the echo began (False), or ``limit`` seconds pass (False)."""
        import select
        import time

        start = len(self.seen)
        end = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    return False
                if not chunk:
                    return False
                self.seen += chunk
                last = time.monotonic()
                if marker is not None and marker in self.seen[start:]:
                    return True
            elif len(self.seen) > start and time.monotonic() - last > quiet:
                return marker is None or marker in self.seen[start:]
        return False

    def type(self, keys: str, marker: str | None = None) -> str:
        """Type ``keys`` (Tab as \\t) and return what the terminal showed in answer."""
        start = len(self.seen)
        os.write(self.fd, keys.encode())
        self.read_until(None if marker is None else marker.encode())
        return self.seen[start:].decode(errors="replace")

    def close(self) -> None:
        import signal

        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def _installed_shell(shell: str, env: dict[str, str], home: Path) -> Terminal:
    """Run ``mlsal --install-completion`` in ``shell``, then open a new interactive one."""
    path = install_completion(shell, env, home)
    rc = home / (".zshrc" if shell == "zsh" else ".bashrc")
    with rc.open("a", encoding="utf-8") as text:
        text.write(f"PS1='{Terminal.PROMPT.decode()}'\n")
    argv = [path, "-i"] if shell == "zsh" else [path, "--rcfile", str(rc), "-i"]
    return Terminal(argv, {**env, "TERM": "dumb", "ZDOTDIR": str(home)}, home)


@pytest.fixture
def home(tmp_path: Path, shell_env: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A new HOME holding one file, ``zz-profiles.csv``, for shells to list or not."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "zz-profiles.csv").write_text("country,years\n", encoding="utf-8")
    return folder, {**shell_env, "HOME": str(folder)}


@needs_shell(ZSH, "zsh")
def test_zsh_completes_on_the_first_tab_of_a_new_shell(home: tuple[Path, dict[str, str]]) -> None:
    """Typer's zsh file only registered its function when zsh autoloaded it: the first Tab of a
    new shell completed nothing. mlsal's completes it, and every Tab after."""
    folder, env = home
    assert (folder / ".zfunc").exists() is False
    zsh = _installed_shell("zsh", env, folder)
    try:
        first = zsh.type("mlsal estimate --country IN --city beng\t", "bengaluru")
        assert "mlsal estimate --country IN --city bengaluru" in first
        second = zsh.type("\x15mlsal estimate --country US --city seat\t", "seattle")
        assert "mlsal estimate --country US --city seattle" in second
    finally:
        zsh.close()
    assert (folder / ".zfunc" / "_mlsal").read_text(encoding="utf-8").startswith("#compdef mlsal")


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_no_file_names_after_a_value_option(shell: str, home: tuple[Path, dict[str, str]]) -> None:
    """After --years (or any option mlsal offers nothing for) two Tabs list nothing; Typer's
    scripts fell back to the folder's file names."""
    require_shell(shell)
    folder, env = home
    terminal = _installed_shell(shell, env, folder)
    try:
        for line in ("mlsal estimate --years zz", "mlsal estimate --city zz", "mlsal compare zz"):
            shown = terminal.type(f"{line}\t\t")
            assert line in shown
            assert "zz-profiles" not in shown, (line, shown)
            terminal.type("\x15")
    finally:
        terminal.close()


@pytest.mark.parametrize("shell", ["bash", "zsh"])
@pytest.mark.parametrize(
    "line",
    [
        "mlsal batch zz",
        "mlsal batch --format json zz",
        "mlsal estimate -c IN -y 5 --data zz",
        "mlsal takehome 30L -c IN --tax-data zz",
        "mlsal batch p.csv --output zz",
        "mlsal data validate zz",
        "mlsal calibrate zz",
    ],
)
def test_file_names_complete_where_a_file_is_typed(
    shell: str, home: tuple[Path, dict[str, str]], line: str
) -> None:
    require_shell(shell)
    folder, env = home
    terminal = _installed_shell(shell, env, folder)
    try:
        shown = terminal.type(f"{line}\t", "zz-profiles.csv")
    finally:
        terminal.close()
    assert line.removesuffix("zz") + "zz-profiles.csv" in shown


def _takes_a_file(param: Any) -> bool:
    metavar = param.metavar or ""
    return metavar in {"PATH", "FILE"} or metavar.endswith((".csv", ".yaml"))


def test_the_bash_script_knows_every_file_option_and_argument() -> None:
    """FILE_OPTIONS and FILE_ARGUMENTS are what the commands declare (by their metavars)."""
    from mlsal.cli.app import COMMANDS
    from mlsal.cli.shell_setup import FILE_ARGUMENTS, FILE_OPTIONS

    root = typer.main.get_command(app)
    options: set[str] = set()
    arguments: set[str] = set()
    for name in COMMANDS:
        command = root.commands[name]
        subs = getattr(command, "commands", None) or {"": command}
        for sub_name, sub in subs.items():
            for param in sub.params:
                if not _takes_a_file(param):
                    continue
                if param.param_type_name == "argument":
                    arguments.add(f"{name} {sub_name}".strip())
                else:
                    options.update(param.opts)
    assert set(FILE_OPTIONS) == options
    assert set(FILE_ARGUMENTS) == arguments


@needs_shell(FISH, "fish")
def test_fish_install_completion_is_typers(home: tuple[Path, dict[str, str]]) -> None:
    """mlsal writes its own scripts for bash and zsh only; in fish Typer's install runs."""
    folder, env = home
    assert FISH is not None
    done = subprocess.run(
        [FISH, "--no-config", "-c", "mlsal --install-completion; true"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = folder / ".config" / "fish" / "completions" / "mlsal.fish"
    assert done.stdout.startswith(f"fish completion installed in {written}")
    assert "_MLSAL_COMPLETE=complete_fish" in written.read_text(encoding="utf-8")
