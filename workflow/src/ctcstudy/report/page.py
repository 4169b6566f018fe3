"""One self-contained HTML page of every result: tables, figures, case pages, the verification
of published values, the validation results and the workflow's rule graph.

Everything is inlined (figures as data: URIs, the graph as SVG, styles in the page) and a
Content-Security-Policy forbids any other source, so the page works offline and cannot make a
request. Standard library only: the page is rendered on every build's critical path.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import re
from collections import Counter
from pathlib import Path

from ctcstudy.configuration.settings import Report
from ctcstudy.verify.bases import STATUSES, lead_sentence
from ctcstudy.writers import atomic_write

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
STYLE = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem 2rem;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}
section.output{border-top:1px solid #ddd;padding-top:.5rem;margin-top:1.5rem}
.caption{color:#444;font-size:.9rem}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.8rem;color:#fff}
.derived{background:#0072B2}.published{background:#009E73}.synthetic{background:#D55E00}
.match{background:#009E73}.mismatch{background:#CC79A7}.not_reproducible{background:#777}
.internal-cross-check,.external-check{background:#56B4E9;color:#000}.unknown{background:#999}
td.claimed{background:#f7f3e3;scroll-margin-top:40vh}
td.claimed a.claim{font-size:.7rem;margin-left:.3rem;text-decoration:none;padding:0 .25rem;border-radius:.2rem}
td.claimed.mismatch{background:#f6dcea;outline:2px solid #CC79A7}td.claimed.synthetic{background:#fbe3d3}
a.claim.match{color:#005a3c}a.claim.mismatch{color:#fff;background:#CC79A7}a.claim.synthetic{color:#fff;background:#D55E00}
td.claimed:target{outline:3px solid #D55E00;background:#ffe9a8}
td:target,tr:target{outline:3px solid #D55E00;background:#ffe9a8}
.summary td.num{text-align:right}
details{margin:.3rem 0}summary{cursor:pointer;font-weight:600}
.warning{border-left:4px solid #D55E00;padding:.3rem .8rem;background:#fff4ec}
img{max-width:100%;height:auto;border:1px solid #eee}
pre{background:#f8f8f8;padding:.5rem;overflow-x:auto;font-size:.8rem}
nav ul{columns:2;font-size:.85rem}
"""


def provenance(entry: dict, root: Path) -> str:
    """The output's provenance, computed from the records that enter it."""
    from ctcstudy.provenance import of_output

    return of_output(entry, root).overall


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return (rows[0], rows[1:]) if rows else ([], [])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def cell_anchor(output: str, row: str, column: str) -> str:
    """The id of a table cell a published value is compared with (row key, column name)."""
    return f"cell-{slug(output)}--{slug(row)}--{slug(column)}"


def html_table(
    header: list[str],
    rows: list[list[str]],
    status_column: str | None = None,
    claims: dict | None = None,
    output: str = "",
) -> str:
    """A table; cells that carry a published value get an anchor, a mark and a link to the claim."""
    index = header.index(status_column) if status_column in header else None
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for i, c in enumerate(row):
            text = f'<span class="badge {esc(c)}">{esc(c)}</span>' if i == index else esc(c)
            claim = (claims or {}).get((row[0], header[i])) if row else None
            if claim:  # the verdict in the cell itself: a mismatch or a synthetic value is visibly marked
                claim_id, status, published = claim
                verdict = VERDICTS.get(status, status)
                shown = f"{verdict} published {published}" if status == "mismatch" else verdict
                cells.append(
                    f'<td class="claimed {esc(status)}" id="{cell_anchor(output, row[0], header[i])}">{text}'
                    f'<a class="claim {esc(status)}" href="#claim-{slug(claim_id)}" title="{esc(status)}: '
                    f'compared with published value {esc(claim_id)}">{esc(shown)}</a></td>'
                )
            else:
                cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def caption_text(path: Path) -> str:
    """The report caption (reStructuredText) as plain text: ``literals`` lose their backquotes."""
    return re.sub(r"``([^`]*)``", r"\1", path.read_text(encoding="utf-8").strip()) if path.is_file() else ""


def output_section(entry: dict, root: Path, claims: dict | None = None, case_ids: list[str] | None = None) -> str:
    path = root / entry["path"]
    from ctcstudy.provenance import describe, of_output

    computed = of_output(entry, root)
    kind = computed.overall
    badge = (
        f'<span class="badge {esc(kind)}">{esc(kind)}</span>'
        if not computed.by_case
        else "".join(
            f'<span class="badge {esc(k)}" title="{esc(c)}">{esc(c)}: {esc(k)}</span> '
            for c, k in computed.by_case.items()
        )
    )
    made = f"rule <code>{esc(entry['rule'])}</code>, notebook <code>{esc(entry['notebook'])}</code>, file <code>{esc(entry['path'])}</code>"
    parts = [
        f'<section class="output {esc(entry["kind"])}" id="{esc(entry["id"])}">',
        f"<h3>{esc(entry['title'])} {badge}</h3>",
        f'<p class="caption">{esc(caption_text(root / entry["caption"]))}</p>',
        f'<p class="caption">{made}</p>',
        f'<p class="caption provenance">Computed from {esc(describe(computed))}.</p>',
    ]
    if entry["kind"] == "table":
        parts.append(html_table(*read_csv(path), status_column="provenance", claims=claims, output=entry["id"]))
    elif entry["kind"] == "figure":
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        parts.append(f'<img src="data:image/png;base64,{data}" alt="{esc(entry["title"])}">')
    else:  # one page per case of the case list (never a page left by a case no longer listed), as HTML
        pages = [path / f"{i}.md" for i in case_ids] if case_ids is not None else sorted(path.glob("*.md"))
        for page in pages:
            parts.append(
                f'<article class="case-page" id="case-{esc(page.stem)}">'
                f"{markdown_html(page.read_text(encoding='utf-8'), level=3)}</article>"
            )
    return "\n".join(parts + ["</section>"])


def inline(text: str) -> str:
    """Escaped text with `code` spans (the only inline markup the case pages use)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))


def markdown_html(text: str, level: int = 0) -> str:
    """The Markdown the case pages are written in (headings, paragraphs, lists, pipe tables) as
    HTML; headings moved down by level so a page sits inside the report's outline."""
    html, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            depth = min(len(line) - len(line.lstrip("#")) + level, 6)
            html.append(f"<h{depth}>{inline(line.lstrip('#').strip())}</h{depth}>")
        elif line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append([c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", lines[i].strip())[1:-1]])
                i += 1
            body = [r for r in block[1:] if not all(set(c) <= set("-: ") for c in r)]
            html.append(
                "<table><thead><tr>"
                + "".join(f"<th>{inline(c)}</th>" for c in block[0])
                + "</tr></thead><tbody>"
                + "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
                + "</tbody></table>"
            )
            continue
        elif line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{inline(lines[i][2:])}</li>")
                i += 1
            html.append(f"<ul>{''.join(items)}</ul>")
            continue
        elif line.strip():
            html.append(f"<p>{inline(line)}</p>")
        i += 1
    return "\n".join(html)


def read_records(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


VERDICTS = {"match": "\u2713 match", "mismatch": "\u2717 mismatch:", "synthetic": "~ synthetic"}


def claimed_cells(claims: list[dict]) -> dict[str, dict]:
    """Output id -> {(row key, column): (claim id, status, published)} for every value compared
    with a table cell."""
    cells: dict[str, dict] = {}
    for c in claims:
        if c["output"] and c["status"] != "not_reproducible":
            cells.setdefault(c["output"], {})[(c["row"], c["column"])] = (c["claim_id"], c["status"], c["published"])
    return cells


def reference_link(key: str, references: dict[str, dict], text: str | None = None) -> str:
    ref = references.get(key)
    if not ref:
        return esc(text or key)
    return f'<a href="#ref-{slug(key)}">{esc(text or ref["short"])}</a>'


def claim_rows(claims: list[dict], references: dict[str, dict], registry_titles: dict[str, str]) -> str:
    """Claims as table rows: id (an anchor), citation, the cell compared, values, status, basis, note."""
    rows = []
    for c in claims:
        target = (
            f'<a href="#{cell_anchor(c["output"], c["row"], c["column"])}">{esc(registry_titles.get(c["output"], c["output"]))}'
            f": {esc(c['row'])} / {esc(c['column'])}</a>"
            if c["output"] and c["status"] != "not_reproducible"
            else esc(c["output"] or "no output regenerates it")
        )
        cites = f"; citing {reference_link(c['cites'], references)}" if c.get("cites") else ""
        basis = (
            (
                f'<span class="badge {slug(c["basis"])}" title="{esc(c.get("basis_why", ""))}">{esc(c["basis"])}</span>'
                f"<br><small>{esc(c.get('basis_why', ''))}</small>"
            )
            if c["basis"]
            else ""
        )
        rows.append(
            f'<tr id="claim-{slug(c["claim_id"])}"><td><code>{esc(c["claim_id"])}</code></td>'
            f"<td>{reference_link(c['publication'], references, c['citation'])}{cites}</td><td>{target}</td>"
            f"<td>{esc(c['published'])}</td><td>{esc(c['regenerated'])}</td>"
            f'<td><span class="badge {esc(c["status"])}">{esc(c["status"])}</span></td><td>{basis}</td>'
            f"<td>{esc(c['note'])}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("value", "source", "compared with", "published", "regenerated", "status", "basis", "explanation")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def verification_section(claims_path: Path, references: dict[str, dict], registry: list[dict]) -> tuple[str, Counter]:
    """For a reviewer: the summary by status and publication, then what needs attention, then the
    rest grouped by publication and table. Every value links to the cell it was compared with."""
    claims = read_records(claims_path)
    counts = Counter(c["status"] for c in claims)
    titles = {e["id"]: e["title"] for e in registry}
    publications = list(dict.fromkeys(c["publication"] for c in claims))
    per_pub = {p: Counter(c["status"] for c in claims if c["publication"] == p) for p in publications}
    bases = Counter(c["basis"] for c in claims if c["basis"])
    summary_rows = "".join(
        f"<tr><td>{reference_link(p, references)}</td>"
        + "".join(f'<td class="num">{per_pub[p].get(s, 0)}</td>' for s in STATUSES)
        + f'<td class="num">{sum(per_pub[p].values())}</td></tr>'
        for p in publications
    )
    head = "".join(f'<th><span class="badge {s}">{s}</span></th>' for s in STATUSES)
    attention = [c for c in claims if c["status"] in ("mismatch", "not_reproducible")]
    attention.sort(key=lambda c: STATUSES.index(c["status"]))
    rest = [c for c in claims if c not in attention]
    glance = at_a_glance(rest, titles)
    groups = []
    for p in publications:
        mine = [c for c in rest if c["publication"] == p]
        if not mine:
            continue
        inner = []
        for output in dict.fromkeys(c["output"] for c in mine):
            part = [c for c in mine if c["output"] == output]
            tally = ", ".join(f"{n} {s}" for s, n in Counter(c["status"] for c in part).items())
            inner.append(
                f"<details><summary>{esc(titles.get(output, output or 'not regenerated'))} ({tally})</summary>"
                f"{claim_rows(part, references, titles)}</details>"
            )
        groups.append(f"<h4>{reference_link(p, references)}</h4>" + "".join(inner))
    text = (
        '<section id="verification"><h2>Verification of published values</h2>'
        f'<p class="lead">{len(claims)} published values; {esc(lead_sentence(claims))}.</p>'
        f"<p>By status: "
        + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
        + ". By basis: "
        + ", ".join(f'{n} <span class="badge {slug(b)}">{esc(b)}</span>' for b, n in sorted(bases.items()))
        + ".</p>"
        '<p class="caption"><em>internal cross-check</em>: computed from other published values (Table 2 and 3 '
        "counts from Table 1's cells), so a match or mismatch tests the publication. <em>external check</em>: "
        "compared with data outside the publication. <em>derived</em>: the records were typed from the very value "
        "they are compared with, so a match shows consistency only. <em>synthetic</em>: generated records; "
        "agreement verifies nothing. <em>unknown</em>: nothing in the package regenerates or checked it. Each "
        "value says why it has its basis. Mismatches are reported, never hidden.</p>"
        f'<table class="summary"><thead><tr><th>publication</th>{head}<th>all</th></tr></thead><tbody>{summary_rows}'
        "</tbody></table>"
        f'<h3 id="attention">Mismatches and values that cannot be reproduced ({len(attention)})</h3>'
        "<p>Each with its explanation; follow a value to the table cell it was compared with.</p>"
        + claim_rows(attention, references, titles)
        + f'<h3 id="other-values">All other values ({len(rest)}), by publication and table</h3>'
        + glance
        + "".join(groups)
        + "</section>"
    )
    return text, counts


def at_a_glance(claims: list[dict], titles: dict[str, str]) -> str:
    """Counts by status per output, open, before the collapsed lists of values."""
    outputs = list(dict.fromkeys(c["output"] for c in claims))
    rows = "".join(
        f"<tr><td>{esc(titles.get(o, o or 'not regenerated'))}</td>"
        + "".join(
            f'<td class="num">{sum(1 for c in claims if c["output"] == o and c["status"] == s)}</td>' for s in STATUSES
        )
        + "</tr>"
        for o in outputs
    )
    head = "".join(f'<th><span class="badge {s}">{s}</span></th>' for s in STATUSES)
    return f'<table class="summary glance"><thead><tr><th>output</th>{head}</tr></thead><tbody>{rows}</tbody></table>'


def references_section(references: dict[str, dict]) -> str:
    items = "".join(
        f'<li id="ref-{slug(k)}"><code>{esc(k)}</code>: {esc(r["full"])}'
        + (f' <a href="{esc(r["link"])}">{esc(r["link"])}</a>' if r["link"] else "")
        + "</li>"
        for k, r in references.items()
    )
    return (
        f'<section id="references"><h2>References</h2><p>Every source pointer in the package reads '
        f"<code>&lt;key&gt;, &lt;locator&gt;</code> with one of these keys.</p><ul>{items}</ul></section>"
    )


def validation_section(folder: Path) -> str:
    rows, failed = [], []
    for path in sorted(folder.glob("*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        stats = result["statistics"]
        rows.append(
            [
                path.stem,
                str(stats["evaluated_expectations"]),
                str(stats["successful_expectations"]),
                "passed" if result["success"] else "FAILED",
            ]
        )
        failed += [
            [path.stem, r["expectation_config"]["type"], json.dumps(r["expectation_config"]["kwargs"])]
            for r in result["results"]
            if not r["success"]
        ]
    body = html_table(["dataset", "expectations", "met", "result"], rows)
    if failed:
        body += "<h3>Failed expectations</h3>" + html_table(["dataset", "expectation", "arguments"], failed)
    return (
        f'<section id="validation"><h2>Validation (great-expectations)</h2><p>{len(rows)} tidy datasets checked '
        f"before anything was derived.</p>{body}</section>"
    )


def rule_graph_svg(edges: list[tuple[str, str]]) -> str:
    """The rules as boxes in layers (each rule below everything it needs), edges as lines."""
    nodes = sorted({n for edge in edges for n in edge})
    needs = {n: sorted(a for a, b in edges if b == n) for n in nodes}
    layer: dict[str, int] = {}

    def depth(node: str) -> int:
        if node not in layer:
            layer[node] = 1 + max((depth(n) for n in needs[node]), default=-1)
        return layer[node]

    rows: dict[int, list[str]] = {}
    for node in nodes:
        rows.setdefault(depth(node), []).append(node)
    box_w, box_h, gap_x, gap_y = 170, 28, 20, 46
    width = max(len(r) for r in rows.values()) * (box_w + gap_x) + gap_x
    place = {}
    for y, names in rows.items():
        left = (width - len(names) * (box_w + gap_x) + gap_x) / 2
        for x, name in enumerate(names):
            place[name] = (left + x * (box_w + gap_x), 10 + y * (box_h + gap_y))
    lines = [
        f'<line x1="{place[a][0] + box_w / 2:.0f}" y1="{place[a][1] + box_h:.0f}" '
        f'x2="{place[b][0] + box_w / 2:.0f}" y2="{place[b][1]:.0f}" stroke="#999" marker-end="url(#arrow)"/>'
        for a, b in edges
    ]
    boxes = [
        f'<g><rect x="{x:.0f}" y="{y:.0f}" width="{box_w}" height="{box_h}" rx="5" fill="#eef4fa" stroke="#0072B2"/>'
        f'<text x="{x + box_w / 2:.0f}" y="{y + 18:.0f}" text-anchor="middle" font-size="12">{esc(n)}</text></g>'
        for n, (x, y) in place.items()
    ]
    height = 10 + len(rows) * (box_h + gap_y)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" role="img" '
        f'aria-label="rule graph"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        f'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#999"/></marker></defs>'
        + "".join(lines)
        + "".join(boxes)
        + "</svg>"
    )


def numbers_section(index: Path) -> str:
    header, rows = read_csv(index)
    return (
        f'<section id="numbers"><h2>Numbers for manuscripts</h2><p>{len(rows)} regenerated values quoted in the '
        "text of the papers, one file each in <code>results/numbers/</code>, and as <code>\\ctcnum{&lt;claim id&gt;}"
        "</code> after <code>\\input{results/numbers/numbers}</code>.</p>"
        + html_table(header, rows, status_column="status")
        + "</section>"
    )


def manuscript_section(checks: list[Path]) -> str:
    """Each listed paper's check (differs first), or how to list one."""
    if not checks:
        return (
            '<section id="manuscripts"><h2>Manuscript checks</h2><p>No paper is listed in config '
            "<code>manuscripts</code>. List one there to check it on every build, or check one now with "
            "<code>make check-manuscript FILE=paper.docx</code>.</p></section>"
        )
    pages = [markdown_html(path.read_text(encoding="utf-8"), level=1) for path in checks]
    return '<section id="manuscripts"><h2>Manuscript checks</h2>' + "\n".join(pages) + "</section>"


def render(
    registry: list[dict],
    root: Path,
    claims: Path,
    validation: Path,
    edges: list[tuple[str, str]],
    study: str,
    numbers: Path | None = None,
    references: Path | None = None,
    case_ids: list[str] | None = None,
    manuscript_checks: list[Path] | None = None,
) -> tuple[str, Counter]:
    """The page, and the verification counts by status (for the build's closing summary)."""
    refs = {r["key"]: r for r in read_records(references)} if references else {}
    verification, counts = verification_section(claims, refs, registry)
    cells = claimed_cells(read_records(claims))
    synthetic = [e["title"] for e in registry if provenance(e, root) == "synthetic"]
    kinds = Counter(e["kind"] for e in registry)
    nav = "".join(f'<li><a href="#{esc(e["id"])}">{esc(e["title"])}</a></li>' for e in registry)
    body = [
        f"<h1>{esc(study)}</h1>",
        f"<p>{kinds['table']} tables, {kinds['figure']} figures and {kinds.get('pages', 0)} set(s) of case pages, "
        "rebuilt from the records in <code>data/raw/</code>; each carries the provenance of the records it is computed "
        'from (<span class="badge published">published</span> <span class="badge derived">derived</span> '
        '<span class="badge synthetic">synthetic</span>).</p>',
        f'<p class="warning">{len(synthetic)} outputs are computed from synthetic records, calibrated to published '
        "aggregates where the original records are confidential: they illustrate the method and verify nothing.</p>",
        verification,
        '<nav><h2>Contents</h2><ul><li><a href="#verification">Verification</a></li><li><a href="#attention">'
        'Mismatches and values that cannot be reproduced</a></li><li><a href="#references">References</a></li>'
        '<li><a href="#validation">Validation</a></li><li><a href="#workflow">Workflow</a></li>'
        f'<li><a href="#numbers">Numbers for manuscripts</a></li><li><a href="#manuscripts">Manuscript checks</a></li>'
        f"{nav}</ul></nav>",
        '<h2 id="outputs">Tables, figures and case pages</h2>',
        *(output_section(entry, root, cells.get(entry["id"]), case_ids) for entry in registry),
        numbers_section(numbers) if numbers else "",
        manuscript_section(manuscript_checks or []),
        references_section(refs),
        validation_section(validation),
        f'<section id="workflow"><h2>Workflow</h2><p>The rules of the Snakemake workflow and what each needs.</p>'
        f"{rule_graph_svg(edges)}</section>",
    ]
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{esc(study)}</title><style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
    return page, counts


def closing_summary(registry: list[dict], claims: list[dict], report_path: str) -> str:
    kinds = Counter(e["kind"] for e in registry)
    return f"{kinds['table']} tables, {kinds['figure']} figures; verification: {lead_sentence(claims)}; report: {report_path}"


def selection_warning(selection_csv) -> str | None:
    """One line for the build's closing summary naming every case that fails a criterion."""
    with open(selection_csv, newline="", encoding="utf-8") as handle:
        failing = [
            f"{row['case']} ({row['failed_criteria']})"
            for row in csv.DictReader(handle)
            if row["selected"] == "no" and "=" in row["failed_criteria"]
        ]
    if not failing:
        return None
    return (
        "Warning: case selection: "
        + "; ".join(failing)
        + " fail(s) a criterion: reported in case_selection, not enforced (config case_selection.enforce)"
    )


def interview_use(segments_csv: Path, leaders_csv: Path) -> list[str]:
    """One line per coalition with coded interviews for the build's closing summary: the segments
    the theme tables count (and whose), and those left out with the reason."""
    if not (Path(segments_csv).is_file() and Path(leaders_csv).is_file()):
        return []
    roster = {r["source_guid"]: r for r in read_records(Path(leaders_csv))}
    use: dict[str, Counter] = {}
    coders: dict[str, dict[str, dict]] = {}
    for row in read_records(Path(segments_csv)):
        leader = roster.get(row["source_guid"])
        if leader is None:
            continue
        kind = "counted" if row["coder"] == leader["primary_coder"] else "second"
        use.setdefault(leader["coalition"], Counter())[kind] += 1
        coders.setdefault(leader["coalition"], {"counted": {}, "second": {}})[kind][row["coder"]] = None
    for leader in roster.values():
        use.setdefault(leader["coalition"], Counter())["twice"] += int(leader["exported_twice"] or 0)
    lines = []
    for coalition, count in use.items():
        named = coders.get(coalition, {"counted": {}, "second": {}})
        left = [
            f"{count['second']} by second coder(s) {', '.join(named['second'])}, for reliability only"
            if count["second"]
            else "",
            f"{count['twice']} exported twice, counted once" if count["twice"] else "",
        ]
        left = [part for part in left if part]
        lines.append(
            f"Interviews: {coalition}: {count['counted']} coded segments counted "
            f"(primary coder {', '.join(named['counted']) or 'none'}); "
            + (f"left out: {'; '.join(left)}" if left else "none left out")
        )
    return lines


def write_report(s: Report, edges_file: str) -> None:
    """The one HTML page of every result (standard library only: it runs on every build)."""
    from ctcstudy.configuration.caselist import load_yaml

    registry = load_yaml(s.registry)["outputs"]
    text, counts = render(
        registry,
        Path("."),
        Path(s.claims),
        Path(s.validation),
        [tuple(e) for e in json.loads(Path(edges_file).read_text(encoding="utf-8"))],
        s.study,
        Path(s.numbers),
        Path(s.references) if s.references else None,
        [c["id"] for c in load_yaml(s.cases_file)["cases"]] if s.cases_file else None,
        [Path(p) for p in s.manuscript_checks],
    )
    atomic_write(Path(s.out), text)
    for line in interview_use(Path(s.segments), Path(s.leaders)) if s.segments else []:
        print(line)
    selection = next((e["path"] for e in registry if e["id"] == "case_selection"), None)
    if selection and Path(selection).is_file():
        warning = selection_warning(selection)
        if warning:
            print(warning)
    print(closing_summary(registry, read_records(Path(s.claims)), s.out))
