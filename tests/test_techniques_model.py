"""The technique detector: tiny training runs, the shipped model, the analyser, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rashomon.analysers.base import AnalysisContext
from rashomon.document import Document
from rashomon.errors import ModelError
from rashomon.techniques.catalog import NAMES
from rashomon.techniques.data import Article, load_corpus, read_template
from rashomon.techniques.model import TechniqueModel, default_model, load_model
from rashomon.techniques.predict import evaluate, predict_tc
from rashomon.techniques.train import Settings, train_model

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PTC = SHARED / "data" / "ptc"
SHORT = (
    "Senator Dray announced the harbour budget on Monday.\n"
    "This disgraceful, corrupt scheme will destroy our beloved nation forever!\n"
    "Critics asked whether the figures were even real."
)


def invented_corpus(n: int = 12) -> list[Article]:
    """Invented articles: a loaded sentence per article, labelled, among plain ones."""
    articles = []
    for i in range(n):
        plain = f"The council met on day {i} and approved the road plan.\n"
        loaded = f"These vile traitors {i} betray the glorious homeland!\n"
        text = plain + loaded + plain
        start = len(plain)
        end = start + len(loaded) - 2
        word = start + len("These ")
        articles.append(
            Article(
                str(100 + i),
                text,
                si=[(start, end)],
                tc=[("Loaded_Language", word, word + 4), ("Flag-Waving", start, end)],
            )
        )
    return articles


@pytest.fixture(scope="module")
def tiny_model() -> TechniqueModel:
    """A model trained on the invented corpus in well under a second."""
    return train_model(invented_corpus(), invented_corpus(4), Settings(min_count=1))


def test_tiny_model_learns_the_invented_pattern(tiny_model: TechniqueModel) -> None:
    si, tc = evaluate(tiny_model, invented_corpus(5))
    assert si.f1 > 0.5
    assert tc.f1 == 1.0


def test_training_is_deterministic(tiny_model: TechniqueModel) -> None:
    again = train_model(invented_corpus(), invented_corpus(4), Settings(min_count=1))
    text = invented_corpus(1)[0].text
    assert again.find_spans(text) == tiny_model.find_spans(text)
    assert again.params == tiny_model.params


def test_save_and_load_round_trip(tiny_model: TechniqueModel, tmp_path: Path) -> None:
    tiny_model.save(tmp_path / "m")
    loaded = TechniqueModel.load(tmp_path / "m")
    text = invented_corpus(1)[0].text
    assert [(d.start, d.end, d.technique) for d in loaded.detect(text)] == [
        (d.start, d.end, d.technique) for d in tiny_model.detect(text)
    ]


def test_duplicate_template_spans_get_distinct_techniques(tiny_model: TechniqueModel) -> None:
    article = invented_corpus(1)[0]
    template = [(article.id, "?", 60, 100), (article.id, "?", 60, 100)]
    rows = predict_tc(tiny_model, {article.id: article.text}, template)
    assert [r[0] for r in rows] == [article.id, article.id]
    assert rows[0][1] != rows[1][1]
    assert all(r[2:] == (60, 100) for r in rows)


def test_shipped_model_detects_named_techniques() -> None:
    found = default_model().detect(SHORT)
    assert found, "the loaded sentence should be flagged"
    assert all(d.technique in NAMES and 0.0 <= d.score <= 1.0 for d in found)


def test_analyser_items_have_exact_spans() -> None:
    from rashomon.analysers.registry import registered

    analyser = registered()["techniques"]()
    doc = Document(id="t1", text=SHORT)
    items = analyser.analyse(AnalysisContext(doc=doc))
    assert items
    for item in items:
        item.check(doc.text)
        assert item.kind == "techniques"
        assert item.fields["technique"] in NAMES
        assert 0.0 <= item.fields["score"] <= 1.0


def _cli() -> typer.Typer:
    from rashomon.commands.techniques import register

    app = typer.Typer()
    register(app)
    app.callback()(lambda: None)
    return app


def test_cli_predict_si_and_tc(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article7.txt").write_text(SHORT, encoding="utf-8")
    runner = CliRunner()
    si_out = tmp_path / "si.txt"
    result = runner.invoke(_cli(), ["techniques", "predict", str(folder), "-o", str(si_out)])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in si_out.read_text().splitlines()]
    assert lines and all(parts[0] == "7" and len(parts) == 3 for parts in lines)
    template = tmp_path / "template.txt"
    template.write_text("7\t?\t53\t68\n7\t?\t0\t14\n")
    tc_out = tmp_path / "tc.txt"
    args = ["techniques", "predict", str(folder), "--task", "tc", "--spans", str(template)]
    result = runner.invoke(_cli(), [*args, "-o", str(tc_out)])
    assert result.exit_code == 0, result.output
    rows = read_template(tc_out)
    assert [(r[2], r[3]) for r in rows] == [(53, 68), (0, 14)]
    assert all(r[1] in NAMES for r in rows)


@pytest.mark.slow
def test_train_on_a_few_ptc_articles() -> None:
    if not PTC.is_dir():
        pytest.skip("../shared/data/ptc is not available")
    articles = load_corpus(PTC, "train")[:12]
    model = train_model(articles, load_corpus(PTC, "dev")[:3])
    si, tc = evaluate(model, load_corpus(PTC, "dev")[:5])
    assert 0.0 <= si.f1 <= 1.0 and 0.0 <= tc.f1 <= 1.0


def test_embedding_heads_train_save_and_load_without_torch(tmp_path: Path) -> None:
    # the hashing embedder stands in for MiniLM, so this test never imports torch
    settings = Settings(min_count=1, embeddings=True, encoder="hashing")
    model = train_model(invented_corpus(), invented_corpus(4), settings)
    assert set(model.heads) == {"sentence", "span", "context"}
    assert {"embed_sentence", "embed_token"} <= set(model.params)
    model.save(tmp_path)
    loaded = load_model(tmp_path, embeddings=True)
    assert loaded.embedded and loaded.encoder_kind == "hashing"
    si, tc = evaluate(loaded, invented_corpus(5))
    assert si.f1 > 0.5
    assert tc.f1 == 1.0
    loaded.params = {**loaded.params, "tc_sentence": 0.5, "tc_repeat": 2.0}  # context head on
    assert evaluate(loaded, invented_corpus(5))[1].f1 == 1.0
    assert not load_model(tmp_path).embedded


def test_embeddings_need_heads(tiny_model: TechniqueModel, tmp_path: Path) -> None:
    tiny_model.save(tmp_path)
    with pytest.raises(ModelError):
        load_model(tmp_path, embeddings=True)


def test_a_line_with_a_slogan_opening_is_ranked_slogans() -> None:
    text = "Long live the orchard cooperative\nThe orchard cooperative sold apples on Friday."
    line = text.index("\n")
    ranking = default_model().rank(text, [(0, line), (line + 1, len(text))])
    assert ranking[0][0][0] == "Slogans" and ranking[0][0][1] >= 0.5
    assert ranking[1][0][1] < 0.5 or ranking[1][0][0] != "Slogans"
