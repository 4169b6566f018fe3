"""Figures, written deterministically (fixed SVG hash salt, no timestamps)."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

UNUSED_BY_SEABORN_HERE = ("scipy.stats", "scipy.cluster")


def _import_seaborn():
    """seaborn without scipy.stats and scipy.cluster, unless something already loaded them.

    seaborn imports scipy.stats (0.3 s, a quarter of a figure notebook's start-up) only for kernel
    density estimates, and scipy.cluster (0.17 s) only for clustermap's dendrograms; no figure
    here draws either, and seaborn falls back on its own code without them. The block is lifted
    at once, so later imports of scipy work as usual.
    """
    blocked = [name for name in UNUSED_BY_SEABORN_HERE if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # makes `from scipy.stats import ...` raise ImportError
    try:
        import seaborn
    finally:
        for name in blocked:
            del sys.modules[name]
    return seaborn


sns = _import_seaborn()

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
MEMBERSHIP = {
    "": ("neither", "#EEEEEE"),
    "M": ("member", "#0072B2"),
    "P": ("external partner", "#E69F00"),
    "M & P": ("member & partner", "#009E73"),
}
NOT_REPORTED = {"not reported": ("answer not reported", "#FFFFFF")}  # shown only where a case has one
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
# Set at save time: a notebook's inline backend resets rcParams after import.
# Fixed hash salt for reproducible SVG ids; text kept as text (searchable, scannable for leaks).
SAVE_RC = {"svg.hashsalt": "ctcstudy", "svg.fonttype": "none"}


MAX_WIDTH_IN = 24  # many cases: the grid is squeezed into this width, cells unlabelled beyond ANNOTATE_UP_TO
ANNOTATE_UP_TO = 40


def grid_width(columns: int, per_column: float = 1.4, margin: float = 3.5) -> float:
    return min(margin + per_column * columns, MAX_WIDTH_IN)


def membership_matrix(table1, title: str):
    """Heatmap of Table 1: NGO type by coalition, coloured by member / partner / both."""
    cells = table1.set_index("ngo_type")
    kinds = MEMBERSHIP | (NOT_REPORTED if cells.isin(list(NOT_REPORTED)).any().any() else {})
    codes = cells.apply(lambda col: col.map(list(kinds).index))
    many = cells.shape[1] > ANNOTATE_UP_TO
    fig, ax = plt.subplots(figsize=(grid_width(cells.shape[1]), 0.55 * len(cells) + 2.2))
    sns.heatmap(
        codes,
        ax=ax,
        cmap=ListedColormap([c for _, c in kinds.values()]),
        vmin=-0.5,
        vmax=len(kinds) - 0.5,
        cbar=False,
        linewidths=0 if many else 1,
        linecolor="white",
        annot=None if many else cells.values,
        fmt="",
        annot_kws={"fontsize": 10},
    )
    ax.set_yticklabels([textwrap.fill(t, 40) for t in cells.index], rotation=0, fontsize=9)
    if many:
        ax.set_xticks([])
        ax.set_xlabel(f"Coalition ({cells.shape[1]} cases; see the table for names)")
    else:
        ax.set_xticklabels([textwrap.fill(c, 12) for c in cells.columns], rotation=0, fontsize=10)
    ax.set_xlabel(ax.get_xlabel() if many else "Coalition")
    ax.set_ylabel("NGO type")
    ax.set_title(textwrap.fill(title, 55), fontsize=11)
    ax.legend(
        handles=[
            Patch(facecolor=c, edgecolor="grey", label=f"{k or '(empty)'} = {name}") for k, (name, c) in kinds.items()
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=2,
        frameon=False,
        fontsize=9,
    )
    fig.tight_layout()
    return fig


def save(fig, stem: str | Path) -> list[Path]:
    """Save as PNG at 300 dpi (Word, the report), SVG (the replication report, the leak scan) and
    PDF (pdflatex's \\includegraphics), none with a date or a tool's name in it; return the paths."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg"), stem.with_suffix(".pdf")]
    for ax in fig.axes:  # colorbars are drawn as an embedded bitmap by default: vector throughout instead
        for artist in ax.collections:
            colorbar = getattr(artist, "colorbar", None)
            if colorbar is not None and colorbar.solids is not None:
                colorbar.solids.set_rasterized(False)
    with matplotlib.rc_context(SAVE_RC):
        fig.savefig(paths[0], dpi=300, bbox_inches="tight", metadata={"Software": None})
        fig.savefig(paths[1], bbox_inches="tight", metadata={"Date": None, "Creator": None})
        fig.savefig(paths[2], bbox_inches="tight", metadata={"CreationDate": None, "Creator": None, "Producer": None})
    plt.close(fig)
    return paths


def code_heatmap(matrix, coalitions: list[str], title: str):
    """Coded segments per code (rows, grouped by theme) and coalition (columns)."""
    counts = matrix.set_index("code_path")[[f"{c}: segments" for c in coalitions]]
    counts.columns = [textwrap.fill(c, 12) for c in coalitions]
    many = len(coalitions) > ANNOTATE_UP_TO
    fig, ax = plt.subplots(figsize=(grid_width(len(coalitions)), 0.32 * len(counts) + 2.0))
    sns.heatmap(
        counts,
        ax=ax,
        cmap="viridis",
        annot=not many,
        fmt="d",
        linewidths=0 if many else 0.5,
        linecolor="white",
        cbar_kws={"label": "coded segments", "ticks": range(int(counts.to_numpy().max()) + 1)},
    )
    ax.set_yticklabels(counts.index, rotation=0, fontsize=8)
    if many:
        ax.set_xticks([])
        ax.set_xlabel(f"Coalition ({len(coalitions)} cases; see the table for names)")
    else:
        ax.set_xticklabels(counts.columns, rotation=0, fontsize=9)
        ax.set_xlabel("Coalition")
    ax.set_ylabel("Code (theme/code)")
    ax.set_title(textwrap.fill(title, 55), fontsize=10)
    fig.tight_layout()
    return fig


# Okabe-Ito palette plus black: eight distinguishable lines; markers differ as well.
LINE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def prevalence_lines(prevalence, labels: dict[str, str], title: str):
    """Share of organizations claiming each activity, per panel wave."""
    fig, ax = plt.subplots(figsize=(8, 5))
    for (column, label), colour, marker in zip(labels.items(), LINE_COLOURS, MARKERS):
        ax.plot(prevalence["year"], prevalence[column], marker=marker, color=colour, label=label)
    ax.set_xticks(prevalence["year"])
    ax.set_xlabel("Panel wave")
    ax.set_ylabel("Organizations claiming the activity (%)")
    ax.set_ylim(0, 100)
    ax.set_title(textwrap.fill(title, 70), fontsize=10)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def sector_heatmap(table, title: str):
    """Sector by activity (%), one wave."""
    values = table.set_index("sector").drop(columns=["organizations", "provenance"], errors="ignore")
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(values) + 2.2))
    sns.heatmap(
        values.astype(float),
        ax=ax,
        cmap="viridis",
        vmin=0,
        vmax=100,
        annot=True,
        fmt=".0f",
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": "organizations claiming it (%)"},
    )
    ax.set_xticklabels([textwrap.fill(t.get_text(), 12) for t in ax.get_xticklabels()], rotation=0, fontsize=8)
    ax.set_ylabel("Sector")
    ax.set_xlabel("Activity")
    ax.set_title(textwrap.fill(title, 70), fontsize=10)
    fig.tight_layout()
    return fig


def coalition_trend(trend, published: dict[str, list[tuple[int, float, str]]], title: str):
    """Coalition building per wave, with published values drawn as reference marks."""
    waves = trend[trend["year"].str.fullmatch(r"\d{4}")]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for (column, label), colour, marker in zip(
        [("coalition_building", "claims coalition building"), ("named_coalition", "in a named coalition")],
        LINE_COLOURS,
        MARKERS,
    ):
        ax.plot(waves["year"].astype(int), waves[column].astype(float), marker=marker, color=colour, label=label)
        for year, value, source in published.get(column, []):
            ax.scatter([year], [value], marker="_", s=500, linewidths=3, color="black", zorder=5)
            ax.annotate(
                f"published {value:g}% ({source})",
                (year, value),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
            )
    ax.set_xticks(waves["year"].astype(int))
    ax.set_ylim(0, 100)
    ax.set_xlabel("Panel wave")
    ax.set_ylabel("Organizations (%)")
    ax.set_title(textwrap.fill(title, 60), fontsize=10)
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def tactic_grid(table, title: str):
    """Insider tactic by collaboration, coloured by role (none / secondary / primary)."""
    from ctcstudy.derive.tactics import ROLES

    cells = table.set_index("tactic").drop(columns="sources")
    codes = cells.apply(lambda col: col.map(lambda v: ROLES.index(v) if v in ROLES else -1))
    colours = ["#FFFFFF", "#EEEEEE", "#56B4E9", "#0072B2"]  # not coded, none, secondary, primary
    fig, ax = plt.subplots(figsize=(3.5 + 1.8 * cells.shape[1], 0.7 * len(cells) + 2.0))
    sns.heatmap(
        codes,
        ax=ax,
        cmap=ListedColormap(colours),
        vmin=-1.5,
        vmax=2.5,
        cbar=False,
        linewidths=1,
        linecolor="grey",
        annot=cells.values,
        fmt="",
        annot_kws={"fontsize": 10},
    )
    ax.set_yticklabels([textwrap.fill(t, 28) for t in cells.index], rotation=0, fontsize=9)
    ax.set_xticklabels([textwrap.fill(c, 18) for c in cells.columns], rotation=0, fontsize=9)
    ax.set_xlabel("Case: collaboration")
    ax.set_ylabel("Insider tactic")
    ax.set_title(textwrap.fill(title, 60), fontsize=10)
    fig.tight_layout()
    return fig
