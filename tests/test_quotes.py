"""The quotes analyser: direct and indirect speech, speakers, scare quotes (snippets, corpus, seeds)."""

from __future__ import annotations

import pytest

from rashomon.document import Document


def _run(pipeline, text, doc_id="t"):
    items = pipeline.analyse(Document(id=doc_id, text=text))
    mentions = {i.id: i for i in items if i.kind == "mentions"}
    quotes = [i for i in items if i.kind == "quotes"]
    scare = [i for i in items if i.kind == "scare_quotes"]
    return quotes, scare, mentions


def _speaker(quote, mentions):
    mention = mentions.get(quote.fields.get("speaker_mention"))
    return mention.text if mention else None


def _find(quotes, words, kind=None):
    found = [q for q in quotes if words in q.text and (kind is None or q.fields["kind"] == kind)]
    assert found, f"no quote containing {words!r}: {[q.text for q in quotes]}"
    return found[0]


def test_split_quote_is_one_event_with_parts(pipeline):
    text = (
        "The minister visited the town. “Our pilots were nowhere near the market,” Defence Minister "
        "Karl Brenner said, “and anyone who repeats this is lying.”"
    )
    quotes, _, mentions = _run(pipeline, text)
    quote = _find(quotes, "Our pilots", "direct")
    assert len(quote.fields["parts"]) == 2
    assert quote.text.startswith("“Our pilots") and quote.text.endswith("is lying.”")
    assert all(text[p["start"] : p["end"]] == p["text"] for p in quote.fields["parts"])
    assert _speaker(quote, mentions) == "Karl Brenner"
    assert quote.fields["cue"] == "said"


def test_pronoun_and_role_resolve_to_the_named_person(pipeline):
    text = (
        'A spokeswoman for the alliance, Maria Lenk, spoke to reporters. "We will not retreat," '
        'the spokeswoman said.\n\nLater, the general Tom Ash arrived. "It is over," she added.'
    )
    quotes, _, mentions = _run(pipeline, text)
    assert _speaker(_find(quotes, "We will not retreat"), mentions) == "Maria Lenk"
    assert _speaker(_find(quotes, "It is over"), mentions) == "Maria Lenk"


def test_as_parenthetical_keeps_the_whole_host_clause(pipeline):
    text = (
        "This armed group is, as the envoy to the council Ivan Petrov pointed out to the "
        "council, using the people of the town as human shields while attacking the city."
    )
    quotes, _, mentions = _run(pipeline, text)
    quote = _find(quotes, "human shields", "indirect")
    assert quote.text.startswith("This armed group is") and quote.text.endswith("the city")
    assert _speaker(quote, mentions) == "Ivan Petrov"


def test_scare_quotes_are_not_speech(pipeline):
    text = (
        "The so-called ‘humanitarian corridor’ was closed while the ‘moderate’ rebels advanced "
        'under Operation "Northern Dawn" towards the city.'
    )
    quotes, scare, _ = _run(pipeline, text)
    assert not [q for q in quotes if q.fields["kind"] == "direct"]
    assert {s.text for s in scare} == {"‘humanitarian corridor’", "‘moderate’", '"Northern Dawn"'}


def test_a_title_after_a_possessive_or_on_is_not_speech_even_with_its_full_stop():
    from rashomon.quotes.attribution import is_named, is_speech_like
    from rashomon.quotes.quote_marks import find_quotes

    text = (
        "Holm spoke on the Courier's “Harbour Hour.” Brekke was a guest on “Morning Tide,” "
        "where he laughed. Lind's “Why Not Now?” stayed a question."
    )
    quotes = {text[q.start : q.end]: q for q in find_quotes(text)}
    assert not is_speech_like(text, quotes["“Harbour Hour.”"])
    assert is_named(text, quotes["“Harbour Hour.”"])
    assert not is_speech_like(text, quotes["“Morning Tide,”"])
    assert is_speech_like(text, quotes["“Why Not Now?”"])  # a question stays speech


def test_indirect_speech_patterns(pipeline):
    text = (
        "The ministry denied that its jets had flown over the area. According to the charity "
        "Open Relief, the hospital ran out of blood within hours. Senator Ann Ruiz accused the "
        "government of hiding the figures."
    )
    quotes, _, _ = _run(pipeline, text)
    kinds = {q.text: q.fields for q in quotes}
    assert any("its jets had flown" in t and f["cue"] == "denied" for t, f in kinds.items())
    assert any("ran out of blood" in t and f["cue"] == "According to" for t, f in kinds.items())
    assert any("government of hiding" in t and f["cue"] == "accused" for t, f in kinds.items())


def test_example_corpus_quotes_and_scare_quotes(corpus_export):
    quotes = [q for q in corpus_export["quotes"] if q["doc"] == "02_vna_ildra_shelling"]
    split = [q for q in quotes if q["text"].startswith("“Our pilots")]
    assert split and len(split[0]["parts"]) == 2
    actors = {a["id"]: a["name"] for a in corpus_export["actors"]}
    assert actors[split[0]["speaker"]] == "Arvid Kessel"
    scare = {
        s["text"]
        for s in corpus_export["scare_quotes"]
        if s["doc"] == "08_courier_council_hypocrisy"
    }
    assert {"‘moderate’", "‘independent’", "‘Voice of Courage’"} <= scare


def _seed(seeds_dir, words):
    for path in sorted(seeds_dir.iterdir()):
        text = path.read_text("utf-8")
        if words in text:
            return text
    pytest.skip(f"no seed contains {words!r}")


def test_seed_peskov_quotes(seeds_dir, pipeline):
    text = _seed(seeds_dir, "Peskov")
    quotes, scare, mentions = _run(pipeline, text)
    direct = [q for q in quotes if q.fields["kind"] == "direct"]
    assert len(direct) >= 3  # a fourth is quoted words inside reported speech: one mixed quote
    assert all("Peskov" in (_speaker(q, mentions) or "") for q in direct)
    mixed = _find(quotes, "fill their arsenals", "indirect")
    assert not [q for q in direct if mixed.start <= q.start < mixed.end]
    assert "‘moderate’" in {s.text for s in scare}


def test_seed_churkin_pointed_out(seeds_dir, pipeline):
    text = _seed(seeds_dir, "Churkin")
    quotes, scare, mentions = _run(pipeline, text)
    quote = _find(quotes, "turning a blind eye.’", "direct")
    assert "Churkin" in _speaker(quote, mentions)
    assert quote.fields["cue"] == "pointed out"
    assert "‘war crimes’" in {s.text for s in scare}


def test_seed_baghaei_possessives_and_join(seeds_dir, pipeline):
    text = _seed(seeds_dir, "Baghaei")
    quotes, scare, mentions = _run(pipeline, text)
    states = _find(quotes, "United States’ presence", "direct")
    assert states.text.endswith("country.’")
    joined = _find(quotes, "It was no accident", "direct")
    assert len(joined.fields["parts"]) == 2 and "groups’ history" in joined.text
    assert "Baghaei" in _speaker(joined, mentions)
    assert "‘rebel’" in {s.text for s in scare}
    assert any(q.fields["cue"] == "pointed out" for q in quotes)


def test_seed_workers_possessive_breaks_nothing(seeds_dir, pipeline):
    text = _seed(seeds_dir, "workers'")
    quotes, scare, _ = _run(pipeline, text)
    lenin = _find(quotes, "great beasts of prey")
    assert "workers'" not in lenin.text
    assert all("workers'" not in s.text for s in scare)


def test_shared_subject_and_a_conjoined_report_of_its_own(pipeline):
    text = (
        "Open Hands Relief Network, a medical charity that supports the Ildra district hospital, "
        "put the death toll at 40 and said many of the wounded were children. Witnesses told "
        "reporters they heard aircraft at dawn, but the Defence Ministry in Soren denied that "
        "any jets had flown over the area."
    )
    quotes, _, mentions = _run(pipeline, text)
    assert _speaker(_find(quotes, "wounded were children"), mentions) == "Open Hands Relief Network"
    heard = _find(quotes, "heard aircraft")
    assert "denied" not in heard.text and _speaker(heard, mentions) == "Witnesses"
    assert _speaker(_find(quotes, "any jets had flown"), mentions) == "Defence Ministry"


def test_relative_pronoun_speaker_is_its_antecedent(pipeline):
    text = (
        "The plan was praised by Tomas Venko, who said: “The quay at Brelka will reopen in May "
        "and the ferries will run again.”"
    )
    quotes, _, mentions = _run(pipeline, text)
    quote = _find(quotes, "The quay at Brelka")
    assert "Venko" in (_speaker(quote, mentions) or "")


def test_attribution_inside_reported_content_splits_it_into_two_parts(pipeline):
    text = "The new harbour bridge, the mayor said, will open to traffic in May."
    quotes, _, _ = _run(pipeline, text)
    quote = _find(quotes, "harbour bridge", "indirect")
    pieces = [p["text"] for p in quote.fields["content_parts"]]
    assert len(pieces) == 2, pieces
    assert pieces[0].startswith("The new harbour bridge") and "mayor" not in pieces[0]
    assert pieces[1].startswith("will open") and "said" not in pieces[1]
    assert all(text[p["start"] : p["end"]] == p["text"] for p in quote.fields["content_parts"])


def test_plain_report_has_one_content_part(pipeline):
    text = (
        "The mayor of Velm said on Monday that the new harbour bridge will open to traffic in May."
    )
    quotes, _, _ = _run(pipeline, text)
    quote = _find(quotes, "harbour bridge", "indirect")
    assert [p["text"] for p in quote.fields["content_parts"]] == [quote.text]


def test_quote_signed_after_a_dash_and_quote_introduced_by_the_paragraph_before(pipeline):
    text = (
        "Readers wrote in after the vote.\n\n"
        "“The council has failed every family on this street.” ― Marta Olenska\n"
        "“We were never asked what we wanted.” ― Teodor Brin.\n\n"
        "The mayor answered on Friday. Councillor Ida Wenz wrote:\n\n"
        "“Nobody was ignored, and the plans were public for a year.”"
    )
    quotes, _, _ = _run(pipeline, text)
    assert _find(quotes, "failed every family").fields["speaker_text"] == "Marta Olenska"
    assert _find(quotes, "never asked").fields["speaker_text"] == "Teodor Brin"
    introduced = _find(quotes, "Nobody was ignored")
    assert introduced.fields["cue"] == "wrote"
    assert "Ida Wenz" in introduced.fields["speaker_text"]


def test_pronoun_speaker_prefers_the_subject_to_a_nearer_mention(pipeline):
    text = (
        "Senator Ada Brun attacked the budget plan of Governor Pia Lenz on Tuesday.\n\n"
        "“It is a disaster for every school in the state,” she said."
    )
    quotes, _, mentions = _run(pipeline, text)
    quote = _find(quotes, "disaster", "direct")
    assert quote.fields["speaker_text"] == "she"
    assert _speaker(quote, mentions) == "Ada Brun"


def test_antecedent_prefers_a_subject_within_reach() -> None:
    from rashomon.document import Item
    from rashomon.mentions.coref import MentionIndex

    def person(start: int, end: int) -> Item:
        return Item(
            id=f"m{start}",
            doc="d",
            kind="mentions",
            start=start,
            end=end,
            text="x" * (end - start),
            fields={"label": "PERSON", "gender": "m"},
        )

    subject, nearer = person(0, 8), person(30, 38)
    plain = MentionIndex([subject, nearer], [], " " * 100)
    assert plain.antecedent("he", 60) is nearer
    salient = MentionIndex([subject, nearer], [], " " * 100, frozenset({0}), 50)
    assert salient.antecedent("he", 60) is subject
    short = MentionIndex([subject, nearer], [], " " * 100, frozenset({0}), 10)
    assert short.antecedent("he", 60) is nearer


def test_a_subject_inside_quote_marks_gives_way_to_the_verb_above():
    import spacy
    from spacy.tokens import Doc

    from rashomon.analysers.quotes import _source
    from rashomon.quotes.quote_marks import Stretches

    words = ["Holm", "accused", "them", "of", "being", "fooled", "by", "“", "a", "crook", "”"]
    words += ["and", "urged", "voters"]
    heads = [1, 1, 1, 2, 5, 3, 5, 9, 9, 5, 5, 5, 5, 12]
    deps = ["nsubj", "ROOT", "dobj", "prep", "auxpass", "pcomp", "prep", "punct", "det"]
    deps += ["nsubj", "punct", "cc", "conj", "dobj"]  # the parser's slip: 'crook' as subject
    pos = ["PROPN", "VERB", "PRON", "ADP", "AUX", "VERB", "ADP", "PUNCT", "DET", "NOUN"]
    pos += ["PUNCT", "CCONJ", "VERB", "NOUN"]
    spaces = [True] * 6 + [True, False, True, False, True, True, True, False]
    doc = Doc(spacy.blank("en").vocab, words, spaces, heads=heads, deps=deps, pos=pos)
    start = doc.text.index("a crook")
    marks = Stretches([(start, start + len("a crook"))])
    urged = doc[12]
    source = _source(urged, marks)
    assert source is not None and source.text == "Holm"
    assert _source(urged, Stretches([])) is not None  # no marks: the parser's subject stands
