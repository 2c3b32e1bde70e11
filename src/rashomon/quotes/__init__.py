"""Direct and indirect quotes: quote marks, speech cues, attribution and in-article coreference."""
