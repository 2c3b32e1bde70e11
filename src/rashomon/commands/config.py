"""``rashomon config show``: the effective configuration of every component."""

from __future__ import annotations

import json

import typer

from rashomon import config as configuration

config_app = typer.Typer(help="Show the configuration in effect.", no_args_is_help=True)

CONFIG_OPTION = typer.Option(
    None, "--config", help="A TOML or YAML configuration file (see docs/design.md)."
)
SET_OPTION = typer.Option(
    [],
    "--set",
    help="Override one setting, COMPONENT.KEY=VALUE (repeatable), e.g. stories.link_threshold=0.6.",
)


def register(app: typer.Typer) -> None:
    """Add the ``config`` group."""
    app.add_typer(config_app, name="config")


@config_app.command("show")
def show(
    config_file: str | None = CONFIG_OPTION,
    settings: list[str] = SET_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of TOML."),
) -> None:
    """Print every analyser's and linker's settings, defaults filled in, overrides applied."""
    effective = configuration.effective(configuration.load(config_file, settings))
    if as_json:
        typer.echo(json.dumps(effective, indent=1, sort_keys=True))
    else:
        typer.echo(configuration.to_toml(effective), nl=False)
