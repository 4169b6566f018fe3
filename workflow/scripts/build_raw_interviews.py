"""Build the shipped coded interviews (REFI-QDA .qdpx) and their codebook (.qdc).

How the data package's interview records were made, kept so a reviewer can re-derive them;
the pipeline never runs it. The transcripts are confidential and the paper never ties a
quote to a coalition, so the sources are short paraphrased summaries written for this
package, one per leader (seven leaders, two or three per coalition), never the article's
sentences. Each coded paragraph carries its provenance in the selection's Description:

- ``derived``: the paper attributes the theme to this coalition (a profile paragraph, a
  table, or a statement about all leaders); which of the coalition's leaders said it is
  assigned here;
- ``synthetic``: the paper reports the theme without a coalition (or, for hopes and fears,
  as what NGO leaders in general told the authors), so its placement is invented.

Which coalition had three leaders is not published: the seventh leader goes to a coalition
drawn with ``random.Random(SEED)`` (synthetic). Coder A codes every interview; coder B
double-codes the first four, with the disagreements listed in ``CODER_B``.

Usage: python workflow/scripts/build_raw_interviews.py [--out data/raw/interviews]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from ctcstudy.readers.refiqda import codebook_xml, project_xml, stable_guid, write_qdpx

ROOT = Path(__file__).resolve().parents[2]
SEED = 2019  # draws the coalition of the seventh leader
S = "foot_sworn_alejano_steele_2019"  # the citation key in references.bib
LIT = f"{S}, §Literature review and research questions (hopes and fears reported by NGO leaders)"
FIND = f"{S}, §Findings, cross-sector engagement"
DISC = f"{S}, §Discussion (three noteworthy absences)"
COALITIONS = ["Covenant Alliance", "Community Nexus", "Sector Bridge"]
# Segment pointers never name the coalition: a pointer like "Covenant Alliance profile" next to a
# quote would attribute it, which the study withholds.
PROFILE = {c: f"{S}, §Findings, coalition profiles" for c in COALITIONS}

CODEBOOK = {
    "Hopes": (
        "What leaders hope engagement with government and business brings",
        LIT,
        ["Awareness", "Stability", "Legitimacy", "Safety", "Funding", "Effectiveness"],
    ),
    "Fears": (
        "What leaders fear engagement, especially funding, puts at risk",
        LIT,
        ["Independence", "Credibility", "Moral position"],
    ),
    "Challenges": (
        "Obstacles to engaging government agencies and businesses",
        f"{S}, §Findings",
        [
            "Political instability",
            "Corruption",
            "Government opposition to NGOs",
            "Late and selective government communication",
            "Business wariness",
            "Weak labour law",
            "Small unstable businesses",
        ],
    ),
    "Engagement practices": (
        "How the coalition engages government agencies and businesses",
        f"{S}, §Findings",
        [
            "Membership",
            "Partnership",
            "Task forces",
            "Inviting officials",
            "Modelling engagement",
            "Trust building",
            "Educating officials",
        ],
    ),
    "Absences": (
        "Themes the study looked for and found in no coalition",
        DISC,
        ["Government or business role in founding", "Coalition seen as temporary", "Lobbying government"],
    ),
}

# (code path, paraphrased statement, provenance, source) per leader; L07's coalition is drawn.
LEADERS = {
    "L01": (
        "Covenant Alliance",
        [
            (
                "Challenges/Political instability",
                "Frequent changes of government make it hard to keep working ties with ministries.",
                "derived",
                PROFILE["Covenant Alliance"],
            ),
            (
                "Engagement practices/Task forces",
                "Because the founding religious bodies are known to officials, the coalition is asked into government task-force meetings.",
                "derived",
                PROFILE["Covenant Alliance"],
            ),
            (
                "Engagement practices/Membership",
                "Nearly all members are churches or faith-inspired NGOs, with one small religious media business.",
                "derived",
                f"{S}, §Findings, Table 2",
            ),
            (
                "Hopes/Legitimacy",
                "Being seen beside government gives member groups a standing they lack alone.",
                "synthetic",
                LIT,
            ),
            (
                "Challenges/Business wariness",
                "Apart from media outlets, companies have shown little interest in the issue.",
                "derived",
                FIND,
            ),
        ],
    ),
    "L02": (
        "Covenant Alliance",
        [
            (
                "Engagement practices/Partnership",
                "The coalition is in two partnerships with outside bodies, one of them run by government.",
                "derived",
                PROFILE["Covenant Alliance"],
            ),
            (
                "Engagement practices/Trust building",
                "Good relations with officials come from patient relationship work over years.",
                "derived",
                FIND,
            ),
            ("Fears/Independence", "Taking government money could tie the coalition's hands.", "synthetic", LIT),
            (
                "Hopes/Stability",
                "Steady cooperation with the authorities would help the coalition outlast political turnover.",
                "synthetic",
                LIT,
            ),
        ],
    ),
    "L03": (
        "Community Nexus",
        [
            (
                "Challenges/Corruption",
                "Corruption among officials makes members reluctant to deal with state agencies.",
                "derived",
                PROFILE["Community Nexus"],
            ),
            (
                "Challenges/Government opposition to NGOs",
                "The government has turned against NGOs while civil society shrinks.",
                "derived",
                PROFILE["Community Nexus"],
            ),
            (
                "Engagement practices/Membership",
                "Only registered faith-based anti-trafficking groups with a child-protection policy may join; others are partners.",
                "derived",
                PROFILE["Community Nexus"],
            ),
            (
                "Engagement practices/Educating officials",
                "Officials often know little about trafficking, so the coalition briefs them.",
                "derived",
                FIND,
            ),
            (
                "Hopes/Funding",
                "Grants from intergovernmental bodies and companies could widen what the coalition can pay for.",
                "synthetic",
                LIT,
            ),
            (
                "Challenges/Late and selective government communication",
                "Ministry invitations come at the last minute and leave out groups that should be there.",
                "synthetic",
                FIND,
            ),
        ],
    ),
    "L04": (
        "Community Nexus",
        [
            (
                "Challenges/Weak labour law",
                "Labour protections exist on paper but are seldom enforced.",
                "derived",
                PROFILE["Community Nexus"],
            ),
            (
                "Challenges/Small unstable businesses",
                "Most firms are small and rise and fall with the political climate, so ties with them are fragile.",
                "derived",
                PROFILE["Community Nexus"],
            ),
            (
                "Engagement practices/Partnership",
                "Partners include offices of international NGOs, a shared victim helpline, researchers and agencies at several levels.",
                "derived",
                PROFILE["Community Nexus"],
            ),
            (
                "Engagement practices/Inviting officials",
                "Officials are routinely invited to the coalition's trainings and events.",
                "synthetic",
                FIND,
            ),
            (
                "Engagement practices/Modelling engagement",
                "Leaders deal openly with government so that nervous member groups see it can be done.",
                "synthetic",
                FIND,
            ),
            (
                "Fears/Credibility",
                "Closeness to a distrusted government could cost the coalition the trust of communities.",
                "synthetic",
                LIT,
            ),
            (
                "Engagement practices/Trust building",
                "Trust with agencies is earned over years of contact.",
                "derived",
                FIND,
            ),
        ],
    ),
    "L05": (
        "Sector Bridge",
        [
            (
                "Engagement practices/Task forces",
                "The coalition sits on national and provincial anti-trafficking task forces.",
                "derived",
                PROFILE["Sector Bridge"],
            ),
            (
                "Engagement practices/Modelling engagement",
                "When members speak badly of government, leaders steer them toward a more positive view.",
                "derived",
                PROFILE["Sector Bridge"],
            ),
            (
                "Engagement practices/Membership",
                "Businesses, agencies, media, researchers and individuals are members beside the NGOs.",
                "derived",
                PROFILE["Sector Bridge"],
            ),
            (
                "Hopes/Effectiveness",
                "Working across sectors should make the response to trafficking more effective.",
                "synthetic",
                LIT,
            ),
            (
                "Challenges/Business wariness",
                "Business people are unsure what taking on the issue would do to their companies.",
                "derived",
                FIND,
            ),
        ],
    ),
    "L06": (
        "Sector Bridge",
        [
            (
                "Engagement practices/Educating officials",
                "Government staff need a fuller picture of how trafficking works, and the coalition tries to give it.",
                "derived",
                FIND,
            ),
            (
                "Engagement practices/Partnership",
                "The coalition joins more than nine partnerships with non-members, some required by government.",
                "derived",
                PROFILE["Sector Bridge"],
            ),
            (
                "Challenges/Late and selective government communication",
                "Notices of government meetings come late and reach only some organizations.",
                "synthetic",
                FIND,
            ),
            (
                "Fears/Moral position",
                "Some members worry that business money would compromise their moral stance.",
                "synthetic",
                LIT,
            ),
            (
                "Engagement practices/Trust building",
                "Relationship building with officials is the core of the coalition's approach.",
                "derived",
                FIND,
            ),
            ("Hopes/Safety", "Recognition by the state could make frontline workers safer.", "synthetic", LIT),
        ],
    ),
    "L07": (
        None,
        [
            (
                "Hopes/Awareness",
                "Joint campaigns with government and companies could raise public awareness of trafficking.",
                "synthetic",
                LIT,
            ),
            (
                "Engagement practices/Trust building",
                "Time spent getting to know officials personally pays off.",
                "synthetic",
                FIND,
            ),
            (
                "Challenges/Business wariness",
                "Few companies want to be linked in public with trafficking.",
                "synthetic",
                FIND,
            ),
            (
                "Fears/Independence",
                "Depending on outside funders could pull the coalition away from its own priorities.",
                "synthetic",
                LIT,
            ),
        ],
    ),
}

# Coder B double-codes L01-L04: paragraph index -> the code B applied instead (None: not coded);
# paragraphs not listed get the same code as coder A.
CODER_B = {
    "L01": {2: "Engagement practices/Partnership"},
    "L02": {2: None},
    "L03": {5: "Challenges/Corruption"},
    "L04": {4: "Engagement practices/Inviting officials"},
}


def codes_tree() -> tuple[list[dict], dict[str, str]]:
    tree, guids = [], {}
    for theme, (description, source, children) in CODEBOOK.items():
        kids = []
        for name in children:
            path = f"{theme}/{name}"
            guids[path] = stable_guid("code", path)
            kids.append(
                {"guid": guids[path], "name": name, "description": f"{description}: {name.lower()}. Source: {source}"}
            )
        guids[theme] = stable_guid("code", theme)
        tree.append(
            {"guid": guids[theme], "name": theme, "description": f"{description}. Source: {source}", "children": kids}
        )
    return tree, guids


def source_text(leader: str, paragraphs: list[tuple]) -> tuple[str, list[tuple[int, int]]]:
    header = (
        f"Interview summary, leader {leader}: pseudonymized paraphrase written for this data package, not a transcript."
    )
    parts, spans, position = [header], [], len(header) + 2
    for _, text, _, _ in paragraphs:
        spans.append((position, position + len(text)))
        parts.append(text)
        position += len(text) + 2
    return "\n\n".join(parts) + "\n", spans


def build(out: Path) -> None:
    tree, code_guid = codes_tree()
    users = [{"guid": stable_guid("user", n), "name": n} for n in ("Coder A", "Coder B")]
    coder = {u["name"]: u["guid"] for u in users}
    variables = [{"guid": stable_guid("variable", n), "name": n} for n in ("coalition", "provenance", "source")]
    var = {v["name"]: v["guid"] for v in variables}
    seventh = random.Random(SEED).choice(COALITIONS)
    cases, sources, texts = [], [], {}
    for leader, (coalition, paragraphs) in LEADERS.items():
        drawn = coalition is None
        coalition = seventh if drawn else coalition
        source_guid = stable_guid("source", leader)
        text, spans = source_text(leader, paragraphs)
        texts[f"{source_guid}.txt"] = text
        selections = []
        for i, ((path, statement, provenance, pointer), (start, end)) in enumerate(zip(paragraphs, spans)):
            for name in ("Coder A", "Coder B"):
                if name == "Coder B" and leader not in CODER_B:
                    continue
                code = CODER_B[leader].get(i, path) if name == "Coder B" else path
                if code is None:
                    continue
                selections.append(
                    {
                        "guid": stable_guid("selection", leader, str(i), name),
                        "start": start,
                        "end": end,
                        "user": coder[name],
                        "name": statement if name == "Coder A" else None,
                        "description": f"provenance: {provenance}; source: {pointer}",
                        "codings": [
                            {
                                "guid": stable_guid("coding", leader, str(i), name),
                                "code": code_guid[code],
                                "user": coder[name],
                            }
                        ],
                    }
                )
        sources.append(
            {"guid": source_guid, "name": f"Interview {leader}", "file": f"{source_guid}.txt", "selections": selections}
        )
        cases.append(
            {
                "guid": stable_guid("case", leader),
                "name": leader,
                "sources": [source_guid],
                "values": {
                    var["coalition"]: coalition,
                    var["provenance"]: "synthetic" if drawn else "derived",
                    var["source"]: (
                        f"{S}, §Methods, data collection (two or three leaders per coalition; "
                        f"coalition of this leader drawn at random, random state {SEED})"
                    )
                    if drawn
                    else f"{S}, §Methods, data collection (two or three leaders per coalition)",
                },
            }
        )
    project = project_xml("CTC leader interviews (pseudonymized summaries)", users, tree, variables, cases, sources)
    out.mkdir(parents=True, exist_ok=True)
    write_qdpx(out / "leader_interviews.qdpx", project, texts)
    (out / "codebook.qdc").write_bytes(codebook_xml(tree))
    print(f"7 leaders; seventh leader drawn for {seventh}; {sum(len(s['selections']) for s in sources)} selections")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data/raw/interviews")
    build(parser.parse_args().out)
