"""Quote-mark scanning: apostrophes, plural possessives, split and paragraph-continued quotes."""

from rashomon.quotes.quote_marks import find_quotes


def _texts(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_apostrophes_never_close_a_quote():
    text = "He said: ‘We don’t know the group’s plans.’ Then he left."
    assert _texts(text) == ["‘We don’t know the group’s plans.’"]


def test_plural_possessive_before_a_word_is_not_a_closer():
    text = "‘The terrorist groups’ history shows it was no accident,’ he said."
    assert _texts(text) == [text[: text.index(",’") + 2]]


def test_plural_possessive_outside_quotes_opens_nothing():
    text = "The workers' movement and the United States' allies met. 'Hot' wars followed."
    assert _texts(text) == ["'Hot'"]


def test_scare_quote_after_s_closes_when_no_later_closer():
    text = "Their ‘allies’ were warned off by the ‘moderates’ of the region."
    assert _texts(text) == ["‘allies’", "‘moderates’"]


def test_unclosed_quote_continues_in_next_paragraph():
    text = "“First part, she said. More.\n\n“Second paragraph ends here.”\n\nNot quoted."
    quotes = find_quotes(text)
    assert len(quotes) == 1 and len(quotes[0].parts) == 2
    assert text[quotes[0].start : quotes[0].end].endswith("ends here.”")


def test_unclosed_quote_without_reopening_stops_at_paragraph_end():
    text = "“Never closed here\n\nPlain paragraph."
    quotes = find_quotes(text)
    assert len(quotes) == 1 and not quotes[0].closed
    assert text[quotes[0].start : quotes[0].end] == "“Never closed here"


def test_guillemets_and_straight_doubles():
    text = 'He said «yes», and "no, never," she replied.'
    assert _texts(text) == ["«yes»", '"no, never,"']


def test_stretches_overlap_and_contains_match_a_full_scan() -> None:
    from rashomon.quotes.quote_marks import Stretches

    spans = [(0, 5), (10, 40), (12, 14), (50, 52), (90, 100)]
    index = Stretches(spans)
    for start in range(0, 105, 3):
        for end in range(start, 110, 7):
            full = sum(max(0, min(b, end) - max(a, start)) for a, b in spans)
            assert index.overlap(start, end) == full
        assert index.contains(start) == any(a <= start < b for a, b in spans)
    assert Stretches([]).overlap(0, 10) == 0 and not Stretches([]).contains(3)


def test_outermost_reports_match_the_all_pairs_test() -> None:
    import random

    from rashomon.quotes.indirect import Indirect, outermost

    rng = random.Random(3)
    for _ in range(50):
        found = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 200)
            cue = rng.randint(0, 220)
            found.append(
                Indirect(
                    start, start + rng.randint(1, 60), (cue, cue + 4), None, rng.random() < 0.3
                )
            )
        slow = [
            f
            for f in found
            if not any(o is not f and not o.hosted and o.start <= f.cue[0] < o.end for o in found)
        ]
        assert outermost(found) == slow


def test_a_curly_opener_closed_by_a_straight_mark_stops_before_the_attribution():
    text = '“The bridge will open in May," Lina Oster said. “The cranes are fixed.”'
    assert _texts(text) == ['“The bridge will open in May,"', "“The cranes are fixed.”"]


def test_a_straight_opener_closed_by_a_curly_mark_stops_before_the_attribution():
    text = '"The bridge will open in May,” Lina Oster said. "The cranes are fixed."'
    assert _texts(text) == ['"The bridge will open in May,”', '"The cranes are fixed."']


def test_an_opening_curly_mark_typed_as_closer_ends_the_quote():
    text = "“The port stays closed until spring,“ said Tom Brekke, the harbour chief."
    assert _texts(text) == ["“The port stays closed until spring,“"]


def test_a_straight_quote_nested_in_curly_marks_does_not_close_it():
    text = '“He told me "never" on Monday,” Lina Oster said.'
    assert _texts(text) == ['“He told me "never" on Monday,”']


def test_two_apostrophes_stand_for_a_double_mark():
    text = "''We will reopen in May, when the 'new' cranes work,'' Ms. Holm said. ''I am sure.''"
    assert _texts(text) == [
        "''We will reopen in May, when the 'new' cranes work,''",
        "''I am sure.''",
    ]
    assert _texts("The rebels'' view was plain.") == []
