"""Expectation suites (one per tidy table) and their validation with great-expectations."""
