"""The README documents every command, every flag and every setting (as datasette's documentation tests
do): the parser is walked, so a new flag or ``DATELINE_*`` variable without a README line fails here."""

from __future__ import annotations

import argparse
import re

import pytest

from dateline.cli import parser
from dateline.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = (PROJECT_ROOT / "dateline" / "settings.py").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    [sub] = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _flags() -> list[tuple[str, str]]:
    return [(name, flag) for name, sub in _subcommands().items() for action in sub._actions
            for flag in action.option_strings if flag.startswith("--") and flag != "--help"]


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"python -m dateline {command}" in README


@pytest.mark.parametrize(("command", "flag"), _flags())
def test_every_flag_is_in_the_readme(command: str, flag: str) -> None:
    assert _mentions(README, flag), f"`{command} {flag}` is not in the README"


@pytest.mark.parametrize("name", sorted(set(re.findall(r"\bDATELINE_[A-Z0-9_]+", SETTINGS))))
def test_every_setting_is_in_the_readme_table(name: str) -> None:
    assert re.search(rf"^\| `{name}` \|", README, re.MULTILINE), f"{name} has no row in the README's table"


def test_the_walk_finds_the_commands_flags_and_settings() -> None:
    """The checks above are not vacuous: the parser and settings are really read."""
    assert {"build", "export"} <= set(_subcommands())
    assert ("build", "--db") in _flags() and ("export", "--format") in _flags()
    assert "DATELINE_DB" in SETTINGS
