"""Places: documents placing the same kind of event in towns far apart."""

from __future__ import annotations

from rashomon.document import Item
from rashomon.events.scene import distance_km
from rashomon.linking.compare.base import (
    BLAME_MODALITIES,
    Comparison,
    StoryAccounts,
    differing,
    make_item,
)


class PlaceComparison(Comparison):
    """Towns more than ``settings.place_km`` apart for the same kind of event, neither document naming
    the other's town for it. Only gazetteer towns count (with coordinates): a country holds its
    towns, and two unknown names may be one place."""

    name = "place"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per document pair placing the event far apart."""
        coords = story.coords
        placed = [
            (event, event.fields["location"])
            for event in story.events
            if event.fields.get("location") in coords
            and event.fields.get("modality") in BLAME_MODALITIES
        ]
        found = []
        for a, b, pa, pb in differing(story, placed):
            (na, lat_a, lon_a), (nb, lat_b, lon_b) = coords[pa], coords[pb]
            km = distance_km(lat_a, lon_a, lat_b, lon_b)
            if km > story.settings.place_km:
                text = (
                    f"{story.outlet(a)} places it in {na}; {story.outlet(b)} in {nb} "
                    f"({km:.0f} km apart)"
                )
                fact = f"place of the {(a.fields.get('type') or 'event').lower()}"
                item = make_item(
                    story, "contradictions", self.name, [a, b], text, fact=fact, values=(na, nb)
                )
                found.append(item)
        return found
