"""Typed configuration, the registries, and a plugin package installed the way a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon import config as configuration
from rashomon import registry
from rashomon.errors import ConfigError
from rashomon.pipeline import Pipeline

PLUGIN = Path(__file__).parent / "plugins" / "rashomon-shouting"


def test_settings_reach_the_analyser_and_its_version():
    plain = Pipeline(["techniques"])
    tuned = Pipeline(["techniques"], options={"techniques": {"min_score": 0.5}})
    assert tuned.analysers[0].settings.min_score == 0.5
    assert tuned.versions["techniques"] != plain.versions["techniques"]  # stored docs redone
    assert "lang" in plain.versions


def test_unknown_component_or_key_is_one_clear_error():
    with pytest.raises(ConfigError, match="unknown setting analysers.techniques.min_scor"):
        Pipeline(options={"techniques": {"min_scor": 0.5}})
    with pytest.raises(ConfigError, match="unknown"):
        Pipeline(options={"no_such_analyser": {"x": 1}})
    with pytest.raises(ConfigError, match="expected COMPONENT.KEY=VALUE"):
        configuration.load(None, ["techniques"])
    with pytest.raises(ConfigError, match="expected true or false"):
        configuration.load(None, ["techniques.tagger=maybe"])
    with pytest.raises(ConfigError, match="unknown component"):
        configuration.load(None, ["nosuch.key=1"])


def test_file_then_set_overrides(tmp_path):
    toml = tmp_path / "r.toml"
    toml.write_text("[analysers.techniques]\nmin_score = 0.25\n\n[pipeline]\nbatch_size = 4\n")
    loaded = configuration.load(toml, ["techniques.tagger=false"])
    effective = configuration.effective(loaded)
    assert effective["analysers"]["techniques"]["min_score"] == 0.25
    assert effective["pipeline"]["batch_size"] == 4
    yaml_file = tmp_path / "r.yaml"
    yaml_file.write_text("analysers:\n  techniques:\n    min_score: 0.1\n")
    assert configuration.effective(configuration.load(yaml_file))["analysers"]["techniques"][
        "min_score"
    ] == pytest.approx(0.1)
    bad = tmp_path / "bad.toml"
    bad.write_text("[analyzers.techniques]\nmin_score = 1\n")
    with pytest.raises(ConfigError, match="unknown table 'analyzers'"):
        configuration.load(bad)


def test_config_show_round_trips_through_toml(tmp_path):
    import tomllib

    effective = configuration.effective(configuration.load(None, ["techniques.min_score=0.3"]))
    text = configuration.to_toml(effective)
    again = tomllib.loads(text)
    assert again["analysers"]["techniques"]["min_score"] == 0.3
    assert set(again["linkers"]) >= {"actors", "stories", "stances", "contradictions"}


def test_linkers_are_ordered_by_what_they_require():
    from rashomon.linking import linker_classes

    names = [cls.name for cls in linker_classes()]
    assert names.index("actors") < names.index("stances") < names.index("contradictions")
    assert names.index("stories") < names.index("contradictions")


def test_order_never_depends_on_registration_order():
    class A:
        name, requires, provides = "a", ("x",), ("y",)

    class B:
        name, requires, provides = "b", (), ("x",)

    assert [c.name for c in registry.ordered([A, B])] == ["b", "a"]
    assert [c.name for c in registry.ordered([B, A])] == ["b", "a"]


def test_alias_file_is_part_of_the_linker_versions(tmp_path, monkeypatch):
    from rashomon.linking import linker_versions

    aliases = tmp_path / "rashomon.aliases.yaml"
    aliases.write_text("actors: []\n")
    monkeypatch.setenv("RASHOMON_ALIASES", str(aliases))
    before = linker_versions()["actors"]
    aliases.write_text("actors:\n  - name: Example Agency\n    type: organisation\n")
    assert linker_versions()["actors"] != before


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin package installed (pip, no network) into a folder put on PYTHONPATH."""
    import shutil

    source = tmp_path_factory.mktemp("src") / PLUGIN.name  # the build leaves files beside it
    shutil.copytree(PLUGIN, source)
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
        + ["--no-build-isolation", "--target", str(target), str(source)],
        check=True,
        capture_output=True,
    )
    return target


def test_a_plugin_package_adds_an_analyser_and_a_command(plugin_path, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Protest in Ostrava\n\nThe crowd chanted ENOUGH and NEVER AGAIN at the EU.\n"
    )
    env = {**os.environ, "PYTHONPATH": str(plugin_path)}
    db, out = tmp_path / "p.db", tmp_path / "p.json"
    cli = [sys.executable, "-m", "rashomon"]
    run = [*cli, "analyze", str(article), "--db", str(db), "--quiet"]
    subprocess.run([*run, "--set", "shouting.min_letters=6"], check=True, env=env)
    exported = [*cli, "export", "--db", str(db), "--format", "json", "-o", str(out)]
    subprocess.run(exported, check=True, env=env)
    shouts = json.loads(out.read_text())["shouts"]
    assert [s["text"] for s in shouts] == ["ENOUGH"]  # the setting reached it: NEVER is too short
    counted = subprocess.run(
        [*cli, "shouts", "--db", str(db)], check=True, env=env, capture_output=True, text=True
    )
    assert counted.stdout.strip() == "1 shouts"


def test_linker_settings_reach_the_linker_and_its_version():
    from rashomon.linking import linker_versions, load_linkers
    from rashomon.linking.story_index import StoryIndex

    tuned = configuration.load(None, ["stories.link_threshold=0.9", "stories.window_days=1"])
    stories = next(linker for linker in load_linkers(tuned) if linker.name == "stories")
    assert stories.settings.link_threshold == 0.9
    assert linker_versions(config=tuned)["stories"] != linker_versions()["stories"]
    index = StoryIndex(dim=2, settings=stories.settings)
    assert index.settings.window_days == 1
