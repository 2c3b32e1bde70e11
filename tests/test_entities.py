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
