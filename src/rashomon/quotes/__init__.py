"""Direct and indirect quotes: quote marks, speech cues, attribution and speakers (mentions and
in-document coreference live in ``rashomon.mentions``)."""
