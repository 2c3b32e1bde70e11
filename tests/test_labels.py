"""Labels: lexicon matching, positions, targets and polarity."""

from __future__ import annotations

from rashomon.analysers.label_lexicon import LEXICON, entries
from rashomon.document import Document


def _labels(pipeline, text: str, outlet: str = "Test Wire") -> list[dict]:
    items = pipeline.analyse(Document(id="t", text=text, outlet=outlet))
    mentions = {i.id: i.text for i in items if i.kind == "mentions"}
    out = []
    for item in items:
        if item.kind == "labels":
            out.append(
                {
                    **item.fields,
                    "text": item.text,
                    "actor": mentions.get(item.fields["actor_mention"]),
                }
            )
    return out


def test_lexicon_polarities_are_bounded_and_tokenised():
    assert all(-1.0 <= pol <= 1.0 for pol, _ in LEXICON.values())
    assert entries()[("foreign", "-", "backed")] == "foreign-backed"
    assert entries()[("freedom", "fighter")] == "freedom fighter"


def test_plural_noun_label_attaches_to_of_object(pipeline):
    found = _labels(pipeline, "The criminal gangs of the Northern Front shelled the town of Avel.")
    gang = next(f for f in found if f["label"] == "criminal gang")
    assert gang["polarity"] < 0 and gang["actor"] == "Northern Front"
    assert gang["outlet"] == "Test Wire"


def test_predicative_and_attributive_positions(pipeline):
    found = _labels(
        pipeline, "The Northern Front says it is not extremist. The tyrannical regime bombed Avel."
    )
    by_label = {f["label"]: f for f in found}
    assert by_label["tyrannical"]["position"] == "attributive"
    assert by_label["tyrannical"]["target_text"] == "regime"


def test_scare_quotes_flip_positive_labels(pipeline):
    found = _labels(pipeline, "The so-called ‘moderate’ opposition fired again on Avel.")
    moderate = next(f for f in found if f["label"] == "moderate")
    assert moderate["position"] == "scare_quote" and moderate["polarity"] < 0


def test_labels_inside_speech_are_marked_quoted(pipeline):
    found = _labels(pipeline, "“They are terrorists and nothing else,” said the minister.")
    assert found and all(f["quoted"] for f in found if f["label"] == "terrorist")


def test_corpus_labels_signs(corpus_export):
    labels = corpus_export["labels"]
    outlets = {d["id"]: d["outlet"] for d in corpus_export["documents"]}
    assert labels, "the example corpus has labels"
    state = [
        x
        for x in labels
        if outlets[x["doc"]] == "Veskarian National Agency" and x["label"] == "terrorist"
    ]
    assert state and all(x["polarity"] < 0 for x in state)
    assert all(x["start"] < x["end"] for x in labels)
