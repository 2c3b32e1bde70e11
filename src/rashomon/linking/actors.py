"""Actors: merge entity mentions across the corpus into canonical actors."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rashomon.document import stable_id
from rashomon.linking.base import Linker
from rashomon.store.base import Actor, Store

LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "state",
    "NORP": "collective",
    "LOC": "place",
    "FAC": "place",
}


def normalise_name(name: str) -> str:
    """A matching key: lower case, no leading 'the', no possessive, single spaces."""
    key = re.sub(r"[’']s?$", "", name.strip())
    key = re.sub(r"^the\s+", "", key, flags=re.I)
    return re.sub(r"\s+", " ", key).lower()


class ActorLinker(Linker):
    """Group mentions that share a normalised name; the most common label gives the type."""

    name = "actors"
    version = "1"
    requires = ("mentions",)
    provides = ("actors",)

    def link(self, store: Store) -> None:
        """Rebuild all actors and mention links from the stored mentions."""
        groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for mention in store.items("mentions"):
            key = normalise_name(mention.text)
            groups[key].append((mention.id, mention.text, mention.fields.get("label", "")))
        actors, links = [], {}
        for key, members in sorted(groups.items()):
            actor_id = stable_id(key, prefix="a-")
            names = Counter(text for _, text, _ in members)
            labels = Counter(label for _, _, label in members)
            actors.append(
                Actor(
                    id=actor_id,
                    name=names.most_common(1)[0][0],
                    type=LABEL_TYPES.get(labels.most_common(1)[0][0], "other"),
                    aliases=sorted(names),
                    fields={"mention_count": len(members)},
                )
            )
            links.update({mention_id: actor_id for mention_id, _, _ in members})
        store.replace_actors(actors, links)
