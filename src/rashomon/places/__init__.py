"""Place names: normalise mentions against an offline gazetteer plus a user-extendable alias table."""

from rashomon.places.gazetteer import Gazetteer, Place, default_gazetteer

__all__ = ["Gazetteer", "Place", "default_gazetteer"]
