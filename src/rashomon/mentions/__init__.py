"""Mentions of actors inside one document, shared by every layer that needs them.

``roles``: title, role and collective mentions ("the ambassador", "the spokesman", "the
people") and the named holder each is tied to. ``coref``: in-document coreference of pronouns
and role phrases to a named mention (``MentionIndex``). The entities, quotes and events
analysers and the actor linker read these; nothing here imports an analyser or a linker.
"""
