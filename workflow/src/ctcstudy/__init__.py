"""Data package and pipeline library for the counter-trafficking coalition (CTC) case studies.

Readers turn raw instrument files into tidy tables, derivations rebuild the published
tables from them, and verification compares every regenerated value with the published one.
"""

__version__ = "0.1.0"

PROVENANCES = ("published", "derived", "synthetic")
