"""Entity mentions: title-case headline fragments are not names unless the body uses them."""

from __future__ import annotations

from rashomon.analysers.entities import HeadlineFilter


def test_headline_fragments_are_dropped_unless_the_body_repeats_them():
    text = (
        "Senator Holm Mocks Rival Over Water Vote\n\n"
        "Greta Holm spoke on Tuesday. The vote on the Water Act failed.\n"
    )
    keep = HeadlineFilter(text)
    fragment = text.index("Senator Holm Mocks")
    assert not keep.keeps(fragment, fragment + len("Senator Holm Mocks Rival"))
    assert keep.keeps(text.index("Holm"), text.index("Holm") + 4)  # one word: kept
    body = text.index("Greta Holm")
    assert keep.keeps(body, body + len("Greta Holm"))
    water = text.index("Water Vote") - 0
    assert not keep.keeps(water, water + len("Water Vote"))


def test_plain_sentence_lines_are_not_titles():
    text = "The council met in Ostby and the mayor Anna Lund said the roads would reopen.\n"
    keep = HeadlineFilter(text)
    start = text.index("Anna Lund")
    assert keep.keeps(start, start + len("Anna Lund"))


def test_an_untagged_surname_after_the_full_name_is_a_person(pipeline):
    from rashomon.document import Document

    text = "Lina Oster opened the port on Monday. Greta Holm was there. Oster praised the crews."
    items = pipeline.analyse(Document(id="t", text=text))
    second = text.rindex("Oster")
    people = [i for i in items if i.kind == "mentions" and i.fields.get("label") == "PERSON"]
    assert any(i.start == second and i.text == "Oster" for i in people)


def test_given_names_have_a_gender_and_unisex_names_none():
    from rashomon.mentions.coref import given_name_gender

    assert given_name_gender("Greta") == "f"
    assert given_name_gender("Tom") == "m"
    assert given_name_gender("Jordan") is None


def test_a_person_records_the_party_the_article_tags_them_with(pipeline):
    from rashomon.document import Document

    text = (
        "Sen. Lina Oster (D-Ost.) said the port would reopen. "
        "Rep. Anders Lind, R-Ost., said he would vote no. "
        "Greta Holm, a Republican from Brelka, said nothing. "
        "Republican Rep. Tomas Berg spoke next. "
        "Ivo Sand, a critic of the Democratic plan, left early."
    )
    items = pipeline.analyse(Document(id="t", text=text))
    people = {
        i.text: i.fields.get("party")
        for i in items
        if i.kind == "mentions" and i.fields.get("label") == "PERSON"
    }
    assert people["Lina Oster"] == "Democratic Party"
    assert people["Anders Lind"] == "Republican Party"
    assert people["Greta Holm"] == "Republican Party"
    assert people["Tomas Berg"] == "Republican Party"
    assert people.get("Ivo Sand") is None  # the party names his object, not him
    assert "R-Ost" not in people and "R-Ost." not in people  # a party tag is no name


def test_a_one_word_organisation_that_is_a_named_persons_surname_is_that_person(pipeline):
    from spacy.tokens import Span

    from rashomon.analysers.entities import surnames_as_people

    text = "Greta Holm spoke first. Holm, a critic of the plan, left. Holm Media told Holm."
    doc = pipeline.nlp(text)
    at = {t.idx: t.i for t in doc}
    full = Span(doc, 0, 2, label="PERSON")
    second = Span(doc, at[text.index("Holm,")], at[text.index("Holm,")] + 1, label="ORG")
    media = Span(doc, at[text.index("Holm Media")], at[text.index("Holm Media")] + 2, label="ORG")
    told = Span(doc, len(doc) - 2, len(doc) - 1, label="ORG")
    out = surnames_as_people([full, second, media, told])
    labels = [(e.text, e.label_) for e in out]
    # the subject is the person; the object of "told" may be the company the article names
    assert labels == [
        ("Greta Holm", "PERSON"),
        ("Holm", "PERSON"),
        ("Holm Media", "ORG"),
        ("Holm", "ORG"),
    ]
    later = pipeline.nlp("Holm, a critic of the plan, left. Greta Holm spoke.")
    early = [Span(later, 0, 1, label="ORG"), Span(later, len(later) - 4, len(later) - 2, "PERSON")]
    assert [e.label_ for e in surnames_as_people(early)] == ["ORG", "PERSON"]  # named later


def test_a_named_persons_surname_after_a_place_word_stays_a_person():
    from rashomon.analysers.entities import _places_everywhere
    from rashomon.document import Item

    text = "Greta Holm spoke. The crowd believed in Holm."
    items = [
        Item("mentions", 0, 10, "Greta Holm", {"label": "PERSON"}),
        Item("mentions", 40, 44, "Holm", {"label": "PERSON"}),
    ]
    assert text[40:44] == "Holm"
    _places_everywhere(text, items)
    assert items[1].fields["label"] == "PERSON"


def test_a_persons_affiliation_is_the_organisation_before_its_branchs_place(pipeline):
    from rashomon.document import Document

    text = (
        "“We will not sell,” said Greta Holm, president of the Chicago branch of the "
        "National Harbour League."
    )
    items = pipeline.analyse(Document(id="t", text=text))
    holm = next(i for i in items if i.kind == "mentions" and i.text == "Greta Holm")
    assert holm.fields["affiliation"]["text"] == "National Harbour League"
