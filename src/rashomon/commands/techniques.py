"""``rashomon techniques train|eval|predict``: the persuasion-technique detector (PTC format)."""

from __future__ import annotations

from pathlib import Path

import typer

from rashomon.console import console, err_console

techniques_app = typer.Typer(
    help="Detect the 14 PTC persuasion techniques: train, evaluate, predict.",
    no_args_is_help=True,
)


@techniques_app.command()
def train(
    data: Path = typer.Option(..., "--data", help="PTC folder (with articles/ and labels)."),
    out: Path = typer.Option(Path("techniques-model"), "--out", help="Folder to write."),
    seed: int = typer.Option(0, "--seed", help="Seed for every random choice."),
    final: bool = typer.Option(
        False, "--final", help="After tuning on dev, refit on all labelled articles."
    ),
    embeddings: bool = typer.Option(
        False, "--embeddings", help="Also fit MiniLM heads (needs rashomon[embeddings])."
    ),
    tagger: bool = typer.Option(
        False,
        "--tagger",
        help="Also fine-tune the MiniLM SI tagger (needs rashomon[embeddings]; ~35 min).",
    ),
    tagger_epochs: int = typer.Option(4, "--tagger-epochs", help="Tagger fine-tuning epochs."),
    tagger_from: list[Path] = typer.Option(
        [],
        "--tagger-from",
        help="Use the tagger(s) already fine-tuned in this folder (a model folder or a tagger"
        " saved by an earlier run) instead of fine-tuning one; implies --tagger. Repeat it"
        " for an ensemble (probabilities averaged).",
    ),
) -> None:
    """Train SI and TC on the train split, tune on the held-out dev split, save to --out.

    With --final the n-gram parts are refitted on all labelled articles; the tagger keeps
    the weights fine-tuned on the train split (its thresholds were tuned with them).
    """
    from dataclasses import replace

    from rashomon.techniques.data import load_corpus
    from rashomon.techniques.embedded import Encoder
    from rashomon.techniques.predict import evaluate
    from rashomon.techniques.tagger import TaggerSettings
    from rashomon.techniques.train import Settings, train_model

    log = err_console.print
    tagger = tagger or bool(tagger_from)
    settings = Settings(
        seed=seed,
        embeddings=embeddings,
        tagger=tagger,
        tagger_settings=TaggerSettings(seed=seed, epochs=tagger_epochs),
        tagger_from=tagger_from,
    )
    encoder = Encoder(settings.encoder, memo=True) if embeddings else None
    dev = load_corpus(data, "dev")
    model = train_model(load_corpus(data, "train"), dev, settings, log, encoder)
    modes = [("", False, False)]
    if embeddings:
        modes.append((" (embeddings)", True, False))
    if tagger:
        modes.append((" (tagger)", embeddings, True))
    for name, use_embeddings, use_tagger in modes:
        si, tc = evaluate(replace(model, use_embeddings=use_embeddings, use_tagger=use_tagger), dev)
        console.print(
            f"dev{name}: SI P {si.precision:.3f} R {si.recall:.3f}"
            f" F1 {si.f1:.3f}; TC micro-F1 {tc.f1:.3f}"
        )
    if final:
        params, fine_tuned = model.params, model.tagger
        refit = replace(settings, tagger=False)
        model = train_model(load_corpus(data, "all"), (), refit, log, encoder)
        model.params, model.tagger = params, fine_tuned
    model.save(out)
    console.print(f"model written to {out}")


# Shared by eval and predict: which parts of the model run (None: the model's default mode).
EMBEDDINGS_OPTION = typer.Option(
    None,
    "--embeddings/--no-embeddings",
    help="Use the MiniLM heads (default: for TC, when the tagger is used).",
)
TAGGER_OPTION = typer.Option(
    None, "--tagger/--no-tagger", help="Use the model's MiniLM tagger (default: if present)."
)


@techniques_app.command("eval")
def eval_(
    data: Path = typer.Option(..., "--data", help="PTC folder (with articles/ and labels)."),
    split: str = typer.Option("dev", "--split", help="dev (held out), train or all."),
    model: Path | None = typer.Option(None, "--model", help="Model folder (default: shipped)."),
    embeddings: bool | None = EMBEDDINGS_OPTION,
    tagger: bool | None = TAGGER_OPTION,
    cv: bool = typer.Option(
        False,
        "--cv",
        help="Cross-validated selection over the tagger-unseen dev articles: fold mean and"
        " spread, a test part never used for a choice, the shipped setting as baseline.",
    ),
    cache: Path | None = typer.Option(
        None, "--cache", help="Folder for cached tagger outputs and train-split parts (--cv)."
    ),
    write: bool = typer.Option(
        False, "--write", help="With --cv: store the chosen settings in the --model folder."
    ),
    tc_only: bool = typer.Option(
        False, "--tc-only", help="With --cv: select (and --write) the TC options only."
    ),
    si_only: bool = typer.Option(
        False, "--si-only", help="With --cv: select (and --write) the SI options only."
    ),
    stack: bool = typer.Option(
        False, "--stack", help="With --cv: also measure a stacked sentence classifier (SI)."
    ),
) -> None:
    """Print SI P/R/F1 (SemEval-2020 Task 11) and TC micro-F1, per technique and confusions."""
    if cv:
        _eval_cv(data, model, cache, write, not tc_only, not si_only, stack)
        return
    from rashomon.techniques.data import load_corpus
    from rashomon.techniques.model import load_model
    from rashomon.techniques.predict import evaluate
    from rashomon.techniques.tables import print_scores

    si, tc = evaluate(load_model(model, embeddings, tagger), load_corpus(data, split))
    print_scores(si, tc, console)


def _eval_cv(
    data: Path,
    model: Path | None,
    cache: Path | None,
    write: bool,
    si: bool,
    tc: bool,
    stack: bool = False,
) -> None:
    from rashomon.techniques import cv_report

    log = err_console.print
    cache = cache or cv_report.DEFAULT_CACHE
    result = cv_report.run_cv(data, model, cache, log, si, tc, stack)
    for line in cv_report.report_lines(result, cv_report.test_count(data)):
        console.print(line)
    if write:
        from rashomon.techniques.model import DEFAULT_DIR

        cv_report.apply_choice(result, model or DEFAULT_DIR, data, log)
        console.print(f"chosen settings written to {model or DEFAULT_DIR}")


@techniques_app.command()
def predict(
    articles: Path = typer.Argument(..., help="Folder of article<ID>.txt files."),
    task: str = typer.Option("si", "--task", help="si (find spans) or tc (name techniques)."),
    spans: Path | None = typer.Option(None, "--spans", help="TC template: ID ? start end."),
    output: Path = typer.Option(..., "-o", "--output", help="Label file to write."),
    model: Path | None = typer.Option(None, "--model", help="Model folder (default: shipped)."),
    embeddings: bool | None = EMBEDDINGS_OPTION,
    tagger: bool | None = TAGGER_OPTION,
) -> None:
    """Write SI spans (``ID start end``) or fill the technique of each template line."""
    from rashomon.errors import InputError
    from rashomon.techniques.data import read_articles, read_template, write_si, write_tc
    from rashomon.techniques.model import load_model
    from rashomon.techniques.predict import predict_si, predict_tc

    texts = read_articles(articles)
    if task == "si":
        si_rows = predict_si(load_model(model, embeddings, tagger), texts)
        write_si(output, si_rows)
        count = len(si_rows)
    elif task == "tc":
        if spans is None:
            raise InputError("--spans", "--task tc needs a template of spans to label")
        tc_rows = predict_tc(load_model(model, embeddings, tagger), texts, read_template(spans))
        write_tc(output, tc_rows)
        count = len(tc_rows)
    else:
        raise InputError(task, "unknown task; use si or tc")
    console.print(f"{count} lines written to {output}")


def register(app: typer.Typer) -> None:
    """Attach the ``techniques`` group."""
    app.add_typer(techniques_app, name="techniques")
