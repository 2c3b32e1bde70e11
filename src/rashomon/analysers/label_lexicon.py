"""The evaluative-label lexicon: words outlets use to characterise actors, with a polarity.

Polarity runs from -1 (delegitimising: "terrorists") to +1 (legitimising: "freedom fighters").
Each entry also names the class of actor it usually describes, so that a label with no named
head ("the regime") can be attached to the one actor of that class an article clearly means.
Entries are lower-case lemma sequences; hyphenated words are written with their hyphen.
"""

from __future__ import annotations

GROUP = "group"  # armed groups, movements, fighters
STATE = "state"  # governments, regimes, their forces
ANY = "any"

# label -> (polarity, actor class)
LEXICON: dict[str, tuple[float, str]] = {
    # delegitimising, armed groups
    "terrorist": (-1.0, GROUP),
    "terror group": (-1.0, GROUP),
    "jihadist": (-0.9, GROUP),
    "jihadist-led": (-0.9, GROUP),
    "extremist": (-0.9, GROUP),
    "militant": (-0.6, GROUP),
    "criminal gang": (-0.9, GROUP),
    "gang": (-0.8, GROUP),
    "mercenary": (-0.8, GROUP),
    "bandit": (-0.8, GROUP),
    "thug": (-0.9, GROUP),
    "insurgent": (-0.3, GROUP),
    "rebel": (-0.1, GROUP),
    "foreign-backed": (-0.6, ANY),
    "so-called": (-0.5, ANY),
    "murderer": (-1.0, ANY),
    "criminal": (-0.8, ANY),
    "hypocrite": (-0.8, ANY),
    "liar": (-0.9, ANY),
    "butcher": (-1.0, ANY),
    # delegitimising, states and governments
    "regime": (-0.6, STATE),
    "puppet regime": (-1.0, STATE),
    "puppet": (-0.9, STATE),
    "tyrannical": (-1.0, STATE),
    "tyrant": (-1.0, STATE),
    "dictator": (-1.0, STATE),
    "dictatorship": (-0.9, STATE),
    "junta": (-0.8, STATE),
    "imperialist": (-0.8, STATE),
    "occupier": (-0.8, STATE),
    "invader": (-0.8, STATE),
    "illegitimate": (-0.8, STATE),
    # legitimising
    "freedom fighter": (0.9, GROUP),
    "resistance fighter": (0.8, GROUP),
    "resistance": (0.5, GROUP),
    "heroic defender": (0.9, GROUP),
    "defender": (0.6, GROUP),
    "revolutionary": (0.6, GROUP),
    "liberator": (0.8, GROUP),
    "heroic": (0.9, ANY),
    "hero": (0.9, ANY),
    "brave": (0.7, ANY),
    "patriot": (0.7, ANY),
    "martyr": (0.8, ANY),
    "moderate": (0.3, GROUP),
    "legitimate government": (0.8, STATE),
    "legitimate": (0.7, STATE),
    "democratically elected": (0.8, STATE),
    "elected government": (0.6, STATE),
    "lawful": (0.6, STATE),
}

# Nouns that stand for a government or an armed group when no name is given.
STATE_HEADS = frozenset({"regime", "government", "junta", "administration", "authorities"})
GROUP_HEADS = frozenset(
    {
        "terrorist",
        "rebel",
        "militant",
        "gang",
        "fighter",
        "extremist",
        "insurgent",
        "defender",
        "mercenary",
        "revolutionary",
        "opposition",
        "coalition",
        "group",
    }
)


def entries() -> dict[tuple[str, ...], str]:
    """Token sequences (hyphens split off, as spaCy tokenises them) -> label."""
    table: dict[tuple[str, ...], str] = {}
    for label in LEXICON:
        parts: list[str] = []
        for word in label.split():
            pieces = word.split("-")
            for n, piece in enumerate(pieces):
                if n:
                    parts.append("-")
                parts.append(piece)
        table[tuple(parts)] = label
    return table
