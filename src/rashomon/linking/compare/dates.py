"""Dates: documents dating the same kind of event in the story on different days."""

from __future__ import annotations

from rashomon.document import Item
from rashomon.linking.compare.base import Comparison, StoryAccounts, day, differing, make_item


class DateComparison(Comparison):
    """Only events of one type are compared: a story may hold an offensive and, two days later,
    the shelling it provoked, and their dates differ without anyone contradicting anyone. An
    event dated only to a range ("last week's strike") contradicts no day."""

    name = "date"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per document pair whose commonest days differ, none shared."""
        dated = [
            (event, event.fields["date"][:10])
            for event in story.events
            if event.id in story.dated and day(event) is not None
        ]
        found = []
        for a, b, ma, mb in differing(story, dated):
            text = f"{story.outlet(a)} dates it {ma}; {story.outlet(b)} dates it {mb}"
            fact = f"date of the {(a.fields.get('type') or 'event').lower()}"
            item = make_item(
                story, "contradictions", self.name, [a, b], text, fact=fact, values=(ma, mb)
            )
            found.append(item)
        return found
