"""The 14 persuasion techniques of the Propaganda Techniques Corpus, with one-line definitions."""

from __future__ import annotations

# Names exactly as the PTC label files spell them; definitions in our own words.
TECHNIQUES: dict[str, str] = {
    "Appeal_to_Authority": "Claims something is true because an authority or expert says so.",
    "Appeal_to_fear-prejudice": "Builds support by stoking fear or existing prejudice.",
    "Bandwagon,Reductio_ad_hitlerum": (
        "Urges joining what 'everyone' does, or rejects an idea because a hated group holds it."
    ),
    "Black-and-White_Fallacy": "Presents two options as the only ones when more exist.",
    "Causal_Oversimplification": "Gives one simple cause for an outcome that has many.",
    "Doubt": "Questions the credibility of someone or something without support.",
    "Exaggeration,Minimisation": "Makes something seem much larger or much smaller than it is.",
    "Flag-Waving": "Appeals to national or group pride to justify an idea.",
    "Loaded_Language": "Uses words with strong emotional charge to sway the reader.",
    "Name_Calling,Labeling": "Attaches a loaded label to the target, to be feared, hated or loved.",
    "Repetition": "Repeats the same message over and over so that it sticks.",
    "Slogans": "A short, striking phrase standing in for an argument.",
    "Thought-terminating_Cliches": "A stock phrase that discourages further thought or debate.",
    "Whataboutism,Straw_Men,Red_Herring": (
        "Deflects: accuses the opponent of hypocrisy, distorts their view, or changes the subject."
    ),
}

NAMES: tuple[str, ...] = tuple(sorted(TECHNIQUES))


def describe(name: str) -> str:
    """The one-line definition of a technique (KeyError for an unknown name)."""
    return TECHNIQUES[name]
