"""Every command is documented in the README, and the README starts with the set-up commands."""

from __future__ import annotations

import typer.main

from conftest import ROOT
from reportedly.cli import app


def command_paths():
    root = typer.main.get_command(app)
    paths = []

    def walk(cmd, prefix):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, prefix + [name])
        else:
            paths.append(" ".join(prefix))

    walk(root, [])
    return paths


def test_every_command_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p for p in command_paths() if f"reportedly {p}" not in readme]
    assert not missing, f"commands missing from README: {missing}"


def test_readme_starts_with_setup():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:40]
    text = "\n".join(head)
    assert "make demo" in text and "make test" in text


def test_every_command_has_help():
    root = typer.main.get_command(app)

    def walk(cmd):
        if hasattr(cmd, "commands"):
            for sub in cmd.commands.values():
                yield from walk(sub)
        else:
            yield cmd

    assert all((c.help or "").strip() for c in walk(root))
