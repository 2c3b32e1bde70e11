"""``techniques eval --cv``: run the cross-validated selection, print it, optionally apply it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.techniques.cache import DEFAULT_CACHE, member_probs
from rashomon.techniques.cv import PARTS, Selection, f_beta, part_of, prepare, select
from rashomon.techniques.cv_tc import TCSelection, select_tc
from rashomon.techniques.data import Article, load_corpus
from rashomon.techniques.embedded import TC_WEIGHT, Encoder, class_shares
from rashomon.techniques.model import DEFAULT_DIR, TechniqueModel, tagger_available
from rashomon.techniques.stack import evaluate_stack
from rashomon.techniques.stack import report_lines as stack_lines
from rashomon.techniques.stack_train import evaluate_train_stack
from rashomon.techniques.tc_context import CONTEXT_HEAD
from rashomon.techniques.train import Settings, fit_context_head, tc_rows, train_model

Log = Callable[[str], None]
# the parameters of the tagged mode that CV chooses, stored with a ``tag_`` prefix
TAG_KEYS = ("sentence", "token", "gap", "slope", "forms", "min", "report")
MIX_KEYS = ("tag_weight", "tag_mix", "tag_head")


def _base_folder(train: list[Article], cache: Path, embeddings: bool) -> Path:
    """Where ``base_model`` caches its model: keyed by the train split's ids and settings."""
    key = hashlib.sha1(
        json.dumps([[a.id for a in train], asdict(Settings()), embeddings], default=str).encode()
    ).hexdigest()[:12]
    return cache / f"train-{key}"


def base_model(train: list[Article], folder: Path, embeddings: bool, log: Log) -> TechniqueModel:
    """n-gram parts (and heads) trained on the train split only, cached in ``folder``."""
    if (folder / "meta.json").is_file():
        return TechniqueModel.load(folder)
    log(f"fitting the n-gram parts on {len(train)} train articles (minutes) into {folder}")
    encoder = Encoder(memo=True) if embeddings else None
    model = train_model(train, (), Settings(embeddings=embeddings), log, encoder)
    model.save(folder)
    return model


def baseline(params: dict[str, float], tagged: bool) -> dict[str, float]:
    """The shipped model's decoding parameters for a mode, without prefixes."""
    if not tagged:
        return {"sentence": params["sentence"], "token": params["token"], "gap": params["gap"]}
    out = {k: params.get(f"tag_{k}", params.get(k, 0.0)) for k in ("sentence", "token", "gap")}
    return {**out, "tag_weight": 0.5, "tag_mix": 2.0, "tag_head": params.get("tag_head", 0.0)}


def run_cv(
    data: Path,
    folder: Path | None,
    cache: Path,
    log: Log,
    si: bool = True,
    tc: bool = True,
    stack: bool = False,
) -> dict[str, Any]:
    """Select the n-gram mode, the tagged mode (when the model has taggers) and TC by CV
    (``si`` False: TC only; ``tc`` False: SI only; ``stack``: also measure the stacked
    sentence classifier against the tagged mode's choice)."""
    folder = folder or DEFAULT_DIR
    shipped = TechniqueModel.load(folder)
    heads = bool(shipped.heads) and tagger_available()
    if not si:
        return {"shipped": shipped, **_tc(data, shipped, heads, None, log, cache)}
    train = load_corpus(data, "train")
    base_dir = _base_folder(train, cache, heads)
    base = base_model(train, base_dir, heads, log)
    dev = load_corpus(data, "dev")
    result: dict[str, Any] = {"shipped": shipped}
    tagged = shipped.tagger_dir is not None and tagger_available()
    probs = member_probs(dev, folder, cache, log) if tagged else None
    items = prepare(dev, base, probs, heads=base_dir / "heads")
    log(f"{len(items)} tagger-unseen articles scored")
    result["si"] = select(items, False, baseline(shipped.params, False), log)
    if tagged:
        result["si_tag"] = select(items, True, baseline(shipped.params, True), log)
        if stack:
            params = result["si_tag"].params
            result["stack"] = evaluate_stack(items, params, log)
            # the same fixed-mix figures (the report prints them once)
            result["stack_train"] = evaluate_train_stack(
                items, train, params, log, base=result["stack"]
            )
    return {**result, **_tc(data, shipped, heads, base.encoder, log, cache)} if tc else result


def _tc(
    data: Path, shipped: TechniqueModel, heads: bool, encoder: Encoder | None, log: Log, cache: Path
) -> dict[str, Any]:
    """The TC selection and the encoder it used (the heads need one even when their fold
    outputs come from the cache; memoising: each text is embedded once)."""
    if heads and (encoder is None or encoder.memo is None):
        encoder = Encoder(shipped.encoder_kind, memo=True)
    p = shipped.params
    context, prior, repeat = (
        bool(p.get("tc_context", 0.0)),
        p.get("tc_prior", 0.0),
        p.get("tc_repeat", 0.0),
    )
    options = (context, p.get("tc_head", TC_WEIGHT), prior, p.get("tc_sentence", 0.0), repeat)
    ngram = (context, 0.0, p.get("ngram_tc_prior", prior), 0.0, p.get("ngram_tc_repeat", repeat))
    tc = select_tc(
        load_corpus(data, "all"), encoder if heads else None, log, cache, (options, ngram)
    )
    return {"tc": tc, "encoder": encoder if heads else None}


def _si_line(name: str, sel: Selection) -> list[str]:
    def mean(v: list[float]) -> str:
        return f"{np.mean(v):.3f} ± {np.std(v):.3f}"

    t, b = sel.test, sel.base_test
    return [
        f"{name}: baseline (shipped params) folds {mean(sel.base_folds)};"
        f" test P {b.precision:.3f} R {b.recall:.3f} F1 {b.f1:.3f}",
        f"{name}: CV choice folds {mean(sel.folds)} (the folds it was chosen on);"
        f" test P {t.precision:.3f} R {t.recall:.3f} F1 {t.f1:.3f}",
        f"   chosen: {json.dumps({k: round(v, 3) for k, v in sel.params.items()})}",
    ] + _report_line(name, sel)


def _report_line(name: str, sel: Selection) -> list[str]:
    """The choice with only spans at or above the pipeline's calibrated threshold."""
    r = sel.report_test
    if r is None or not sel.report_folds:
        return []
    return [
        f"{name}: report threshold (calibrated confidence >= {sel.params['report']}, chosen by"
        f" fold F0.5: what the pipeline keeps) folds F0.5 {np.mean(sel.report_folds):.3f}"
        f" ± {np.std(sel.report_folds):.3f}; test P {r.precision:.3f} R {r.recall:.3f}"
        f" F1 {r.f1:.3f} F0.5 {f_beta(r):.3f}"
    ]


def report_lines(result: dict[str, Any], n_test: int) -> list[str]:
    """Human-readable lines: per mode the baseline and the choice, folds and test part."""
    lines = [
        f"CV: {PARTS - 1} article-level folds of the tagger-unseen dev split; test part"
        f" ({n_test} articles) never used for a choice. SI F1 as the PTC scorer computes it."
    ]
    if "si" in result:
        lines += _si_line("SI n-gram", result["si"])
    if "si_tag" in result:
        lines += _si_line("SI taggers + heads", result["si_tag"])
    if "stack" in result:
        lines += stack_lines(result["stack"])
    if "stack_train" in result:
        lines += stack_lines(result["stack_train"], "train-split stacker")[1:]
    if "tc" not in result:
        return lines
    tc: TCSelection = result["tc"]
    lines += [
        f"TC (folds over all labelled articles outside the test part): baseline (no context,"
        f" head {TC_WEIGHT}) folds {np.mean(tc.base_folds):.3f} ± {np.std(tc.base_folds):.3f};"
        f" test micro-F1 {tc.base_test.f1:.3f}",
    ]
    if tc.shipped_test is not None:
        lines.append(
            f"TC shipped setting until now: folds {np.mean(tc.shipped_folds):.3f}"
            f" ± {np.std(tc.shipped_folds):.3f}; test micro-F1 {tc.shipped_test.f1:.3f}"
        )
    lines.append(
        f"TC CV choice (context {tc.context}, head {tc.head}, prior {tc.prior}, sentence head"
        f" {tc.sentence}, repeat {tc.repeat}) folds {np.mean(tc.folds):.3f}"
        f" ± {np.std(tc.folds):.3f}; test micro-F1 {tc.test.f1:.3f}"
    )
    if tc.ngram_shipped_test is not None:
        lines.append(
            f"TC n-gram mode (no heads, the pipeline's default) until now: folds"
            f" {np.mean(tc.ngram_shipped_folds):.3f} ± {np.std(tc.ngram_shipped_folds):.3f};"
            f" test micro-F1 {tc.ngram_shipped_test.f1:.3f}"
        )
    if tc.ngram is not None and tc.ngram_test is not None:
        lines.append(
            f"TC n-gram mode CV choice (prior {tc.ngram[2]}, repeat {tc.ngram[4]}) folds"
            f" {np.mean(tc.ngram_folds):.3f} ± {np.std(tc.ngram_folds):.3f};"
            f" test micro-F1 {tc.ngram_test.f1:.3f}"
        )
    return lines


def apply_choice(result: dict[str, Any], folder: Path, data: Path, log: Log) -> None:
    """Write the chosen parameters and calibrations into the model in ``folder``."""
    model: TechniqueModel = result["shipped"]
    params = dict(model.params)
    if "si" in result:
        si: Selection = result["si"]
        params.update({k: si.params[k] for k in TAG_KEYS})
        model.calibration = {"": si.calibration}
    if "si_tag" in result:
        tag: Selection = result["si_tag"]
        params.update({f"tag_{k}": tag.params[k] for k in TAG_KEYS})
        params.update({k: tag.params[k] for k in MIX_KEYS})
        model.calibration["tag_"] = tag.calibration
    if "tc" in result:
        _apply_tc(result, model, params, data, log)
    model.params = params
    model.save(folder)


def _apply_tc(
    result: dict[str, Any], model: TechniqueModel, params: dict[str, Any], data: Path, log: Log
) -> None:
    """The TC part of ``apply_choice``: options into ``params``, refits into ``model``."""
    tc: TCSelection = result["tc"]
    everything = load_corpus(data, "all")
    if tc.context != bool(params.get("tc_context", 0.0)):
        from rashomon.techniques.linear import fit_linear

        s = Settings()
        x, y = tc_rows(everything, tc.context)
        log(f"refitting the span classifier on {len(x)} spans (context {tc.context})")
        model.span = fit_linear(
            x, y, c=s.span_c, min_count=s.span_min_count, class_weight=s.span_class_weight
        )
    params.update({"tc_context": float(tc.context), "tc_head": tc.head, "tc_prior": tc.prior})
    params.update({"tc_sentence": tc.sentence, "tc_repeat": tc.repeat})
    if tc.ngram is not None:
        params.update({"ngram_tc_prior": tc.ngram[2], "ngram_tc_repeat": tc.ngram[4]})
    if tc.sentence > 0 and result.get("encoder") is not None:
        log(f"fitting the TC sentence head on {len(everything)} articles")
        model.heads[CONTEXT_HEAD] = fit_context_head(everything, result["encoder"], Settings())
    # the span classifier is fitted on every labelled article: its class shares are the prior
    model.priors = class_shares(everything)


def test_count(data: Path) -> int:
    """Number of dev articles in the test part."""
    return sum(part_of(a.id) == 0 for a in load_corpus(data, "dev"))


__all__ = ["DEFAULT_CACHE", "apply_choice", "report_lines", "run_cv", "test_count"]
