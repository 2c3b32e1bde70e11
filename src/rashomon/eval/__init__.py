"""Evaluation against gold annotations: one module per kind of output."""
