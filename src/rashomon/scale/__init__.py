"""Scale-out analysis: Ray workers writing Parquet partitions (``rashomon analyze --engine ray``).

``layout`` (pyarrow only) is the store's file format; ``engine`` needs the ``scale`` extra's Ray.
"""
