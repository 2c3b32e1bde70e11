"""PTC readers and writers on a tiny invented fixture; the tokenizer's offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.techniques.data import (
    in_dev,
    load_corpus,
    read_articles,
    read_template,
    write_si,
    write_tc,
)
from rashomon.techniques.tokens import tokenize

TEXT_1 = "Crooked Mayor Vell strikes again!\n\nThe reckless plan will ruin our proud city."
TEXT_2 = "Officials said the bridge opens in May.\r\nNobody knows why."


def make_ptc(root: Path) -> Path:
    """Write a two-article PTC-style folder with per-article label files."""
    (root / "articles").mkdir(parents=True)
    (root / "labels-si").mkdir()
    (root / "labels-tc").mkdir()
    for article_id, text in (("901", TEXT_1), ("902", TEXT_2)):
        (root / "articles" / f"article{article_id}.txt").write_bytes(text.encode("utf-8"))
    (root / "labels-si" / "article901.task-si.labels").write_text("901\t0\t18\n901\t39\t47\n")
    (root / "labels-tc" / "article901.task-flc-tc.labels").write_text(
        "901\tName_Calling,Labeling\t0\t18\n901\tLoaded_Language\t39\t47\n"
    )
    (root / "labels-si" / "article902.task-si.labels").write_text("")
    return root


def test_load_corpus_reads_text_and_labels(tmp_path: Path) -> None:
    articles = load_corpus(make_ptc(tmp_path / "ptc"), "all")
    assert [a.id for a in articles] == ["901", "902"]
    first = articles[0]
    assert first.text[0:18] == "Crooked Mayor Vell"
    assert first.text[39:47] == "reckless"
    assert first.tc == [("Name_Calling,Labeling", 0, 18), ("Loaded_Language", 39, 47)]
    assert "\r\n" in articles[1].text  # offsets count both characters


def test_splits_partition_by_stable_hash(tmp_path: Path) -> None:
    root = make_ptc(tmp_path / "ptc")
    dev = {a.id for a in load_corpus(root, "dev")}
    train = {a.id for a in load_corpus(root, "train")}
    assert dev | train == {"901", "902"} and not dev & train
    assert dev == {i for i in ("901", "902") if in_dev(i)}


def test_train_subfolder_is_found(tmp_path: Path) -> None:
    make_ptc(tmp_path / "ptc" / "train")
    assert len(load_corpus(tmp_path / "ptc")) == 2


def test_unknown_split_and_missing_folder_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_corpus(make_ptc(tmp_path / "ptc"), "test")
    with pytest.raises(InputError):
        read_articles(tmp_path / "nowhere")


def test_si_and_tc_files_round_trip(tmp_path: Path) -> None:
    si_rows = [("901", 0, 18), ("902", 5, 9)]
    write_si(tmp_path / "si.txt", si_rows)
    assert (tmp_path / "si.txt").read_text() == "901\t0\t18\n902\t5\t9\n"
    tc_rows = [("901", "Doubt", 0, 18), ("901", "?", 39, 47)]
    write_tc(tmp_path / "tc.txt", tc_rows)
    assert read_template(tmp_path / "tc.txt") == tc_rows


def test_bad_template_line_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("901\t?\tzero\t5\n")
    with pytest.raises(InputError):
        read_template(tmp_path / "bad.txt")


def test_tokens_have_exact_offsets_and_sentences() -> None:
    tokens = tokenize('He said: "Stop it!" Then left.\nNew line? Yes.')
    assert all(
        tokens.text[s:e] == tokens.word(i)
        for i, (s, e) in enumerate(zip(tokens.starts, tokens.ends, strict=True))
    )
    sentences = [" ".join(tokens.lower[a:b]) for a, b in tokens.bounds]
    assert sentences == ['he said : " stop it ! "', "then left .", "new line ?", "yes ."]
