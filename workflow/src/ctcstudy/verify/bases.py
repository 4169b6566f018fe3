"""The verdicts a published value can get and the bases it can rest on, in the order every summary
uses (standard library only: the report imports it on every build)."""

from __future__ import annotations

from collections import Counter

STATUSES = ("match", "mismatch", "synthetic", "not_reproducible")


CROSS_CHECKS = ("internal cross-check", "external check")  # the only bases that test a publication


OTHER_BASES = ("derived", "synthetic", "unknown")


def lead_sentence(claims: list[dict]) -> str:
    """The cross-checks and their results first, then the other bases: what the closing line, the
    verification summary and the report lead with."""

    def tally(part: list[dict]) -> str:
        counts = Counter(c["status"] for c in part)
        return ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s]) or "none"

    checks = [
        f"{len(part)} {b}s ({tally(part)})" for b in CROSS_CHECKS for part in [[c for c in claims if c["basis"] == b]]
    ]
    rest = [f"{sum(c['basis'] == b for c in claims)} {b}" for b in OTHER_BASES]
    return "cross-checks: " + ", ".join(checks) + "; then " + ", ".join(rest)
