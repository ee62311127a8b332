"""The completion scripts mlsal writes for bash and zsh: ``mlsal --install-completion`` and
``mlsal --show-completion``.

Typer's own scripts have two faults that mlsal's fix (docs/architecture.md):

- **zsh, the first Tab.** Typer installs a file in ``~/.zfunc`` that, when zsh autoloads it
  on the first Tab, only defines a function and registers it, so that Tab completes nothing.
  mlsal's file defines ``_mlsal``, the function zsh autoloads it as, and calls it when it is
  being autoloaded; sourced or evaluated, it registers it instead.
- **File names after any option.** Typer's bash script is registered with ``-o default``,
  and its zsh answer is ``_files`` whenever mlsal offers nothing (after ``--years``,
  ``--offer``, an unknown city), so both shells list the files in the folder there. mlsal's
  scripts offer file names only where a file is what is typed: after the options in
  :data:`FILE_OPTIONS`, and in the argument places of the commands in
  :data:`FILE_ARGUMENTS`.

The completion requests themselves (``_MLSAL_COMPLETE``) are answered as before, by
:mod:`mlsal.shell` and Typer. Other shells (fish, PowerShell) keep Typer's scripts.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from mlsal import io
from mlsal.errors import InputError

#: Options whose value is a file name, in any command.
FILE_OPTIONS: tuple[str, ...] = ("--data", "--tax-data", "--output", "-o")

#: Commands (their first words after ``mlsal``) whose arguments are file names.
FILE_ARGUMENTS: tuple[str, ...] = ("batch", "calibrate", "backtest", "data validate")

#: The shells whose scripts mlsal writes itself.
OWN_SHELLS: tuple[str, ...] = ("bash", "zsh")

_BASH = """\
_mlsal_completion() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" \\
                   COMP_CWORD=$COMP_CWORD \\
                   _MLSAL_COMPLETE=complete_bash $1 ) )
    if [[ ${#COMPREPLY[@]} -eq 0 ]]; then
        # nothing to offer: file names only where a file name is what is typed
        case "$3" in
            %(file_options)s) compopt -o default ;;
            -*) ;;
            *) case "${COMP_WORDS[1]} ${COMP_WORDS[2]}" in
                   %(file_arguments)s) compopt -o default ;;
               esac ;;
        esac
    fi
    return 0
}

complete -F _mlsal_completion mlsal
"""

_ZSH = """\
#compdef mlsal

_mlsal() {
  local -a answer
  answer=( $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _MLSAL_COMPLETE=complete_zsh mlsal) )
  if [[ "${answer[*]}" == _files ]]; then
    # nothing to offer: file names only where a file name is what is typed
    case "${words[CURRENT-1]}" in
      %(file_options)s) _files ;;
      -*) ;;
      *) case "${words[2]} ${words[3]}" in
           %(file_arguments)s) _files ;;
         esac ;;
    esac
    return
  fi
  eval $answer
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  # autoloaded from fpath on the first Tab: complete it now
  _mlsal "$@"
else
  # sourced or evaluated: complete on the Tabs to come
  compdef _mlsal mlsal
fi
"""


def script(shell: str) -> str:
    """The completion script mlsal writes for ``shell`` (one of :data:`OWN_SHELLS`)."""
    arguments = "|".join(
        f'"{name} "*' if " " not in name else f'"{name}"' for name in FILE_ARGUMENTS
    )
    template = _ZSH if shell == "zsh" else _BASH
    return template % {"file_options": "|".join(FILE_OPTIONS), "file_arguments": arguments}


def detect_shell() -> str:
    """The name of the shell mlsal runs under (``bash``, ``zsh``, ...), or ``""``."""
    import shellingham  # only for these two options

    try:
        name, _ = shellingham.detect_shell()
    except shellingham.ShellDetectionFailure:
        name = os.path.basename(os.environ.get("SHELL", ""))
    return str(name)


def install(shell: str, home: Path) -> Path:
    """Write ``shell``'s script under ``home`` and have the shell's start-up file load it.

    bash: ``~/.bash_completions/mlsal.sh``, sourced from ``~/.bashrc``; zsh: ``~/.zfunc/_mlsal``
    with ``~/.zfunc`` on ``fpath`` and ``compinit`` run from ``~/.zshrc`` (Typer's places).
    """
    if shell == "bash":
        path = home / ".bash_completions" / "mlsal.sh"
        rc, lines = home / ".bashrc", [f"source '{path}'"]
    else:
        path = home / ".zfunc" / "_mlsal"
        rc, lines = home / ".zshrc", ["fpath+=~/.zfunc; autoload -Uz compinit; compinit"]
    _make_folder(path.parent)
    with io.file_writer(path, force=True) as stream:
        stream.write(script(shell))
    _add_lines(rc, lines)
    return path


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise io.os_failure(failure, folder) from None


def _add_lines(rc: Path, lines: list[str]) -> None:
    """Append each of ``lines`` that ``rc`` lacks (a new file if there is none)."""
    try:
        text = io.read_regular(rc, limit=1 << 22).decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        text = ""
    except OSError as failure:
        raise io.os_failure(failure, rc) from None
    missing = [line for line in lines if line not in text.splitlines()]
    if not missing:
        return
    if text and not text.endswith("\n"):
        text += "\n"
    with io.file_writer(rc, force=True) as stream:
        stream.write(text + "".join(f"{line}\n" for line in missing))


def take_over(group: Any) -> None:
    """Make ``group``'s ``--install-completion`` and ``--show-completion`` (added by Typer)
    write mlsal's scripts for bash and zsh; Typer's own callbacks serve other shells."""
    for param in group.params:
        if param.name == "install_completion":
            param.callback = _own(param.callback, _install_callback)
        elif param.name == "show_completion":
            param.callback = _own(param.callback, _show_callback)


def _own(
    typers: Callable[..., Any] | None, mine: Callable[[str], None]
) -> Callable[[Any, Any, Any], Any]:
    def callback(ctx: Any, param: Any, value: Any) -> Any:
        if not value or ctx.resilient_parsing:
            return value
        shell = detect_shell()
        if shell not in OWN_SHELLS:
            if typers is None:
                raise InputError(f"mlsal completes in bash, zsh and fish, not in '{shell}'")
            return typers(ctx, param, value)
        mine(shell)
        raise typer.Exit()

    return callback


def _install_callback(shell: str) -> None:
    path = install(shell, Path.home())
    with io.writing_stdout() as out:
        out.write(f"{shell} completion installed in {path}\n")
        out.write("Completion will take effect once you restart the terminal\n")


def _show_callback(shell: str) -> None:
    with io.writing_stdout() as out:
        out.write(script(shell))
