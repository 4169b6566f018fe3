"""ro-crate-metadata.json: the deposit's provenance as a Workflow Run Crate (RO-Crate 1.1), written
with the rocrate package.

What it says, and from where:
- the workflow (Snakefile, Snakemake's version) and its inputs and outputs as formal parameters;
- one CreateAction for the build, and one per rule run, with the files it read and wrote, its
  start and end, and its command. These come from Snakemake's own record of each output
  (.snakemake/metadata: rule, inputs, start, end, shell command), so the crate says what ran, not
  what the rules would run. A deposited output without a record is named in the crate's
  description rather than credited to a rule;
- the software: the package, Python, Snakemake and every pinned direct dependency, with versions;
- every deposited file with its SHA-256 and size, and its access tier (ACCESS.md) as
  conditionsOfAccess; the confidential originals and the never-deposited material as contextual
  entities saying how they are requested or why they are absent.

Everything is read from the build, so two deposits of one build are the same bytes.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import platform
from collections import defaultdict
from pathlib import Path

RO_CRATE = "1.1"
PROFILES = {  # the Workflow Run Crate profile and the profiles it builds on, as it asks to be declared
    "https://w3id.org/ro/wfrun/process/0.5": "Process Run Crate",
    "https://w3id.org/ro/wfrun/workflow/0.5": "Workflow Run Crate",
    "https://w3id.org/workflowhub/workflow-ro-crate/1.0": "Workflow RO-Crate",
}
DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE = "https://spdx.org/licenses/MIT"
SHA256 = "https://w3id.org/ro/terms/workflow-run#sha256"  # the Workflow Run Crate terms' checksum
RECORDS = ".snakemake/metadata"
NOT_A_RUN = {"all", "deposit"}  # the default target and the deposit itself


def recorded_runs(root: Path) -> dict[str, dict]:
    """Output path -> Snakemake's record of the job that made it (rule, input, starttime, endtime,
    shellcmd). A record's file name is the output path in URL-safe base64, split into
    '@'-prefixed folders when longer than a file name may be."""
    folder = root / RECORDS
    found = {}
    for record in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if record.is_file():
            encoded = "".join(part.lstrip("@") for part in record.relative_to(folder).parts)
            try:
                path = base64.urlsafe_b64decode(encoded).decode("utf-8")
                found[path] = json.loads(record.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue  # not a record (a tool's stray file): nothing to credit
    return found


def jobs(runs: dict[str, dict]) -> list[dict]:
    """The rule runs that made today's outputs: outputs grouped by job (rule and job hash). Snakemake
    stamps each output with its own start and end, so a job runs from the earliest to the latest."""
    grouped = defaultdict(list)
    for path, record in runs.items():
        if record.get("rule") not in NOT_A_RUN and not record.get("incomplete") and record.get("endtime"):
            grouped[(record["rule"], record.get("job_hash"))].append(path)
    found = []
    for (rule, _), outputs in grouped.items():
        record = runs[outputs[0]]
        found.append(
            {
                "rule": rule,
                "start": min(runs[p]["starttime"] or runs[p]["endtime"] for p in outputs),
                "end": max(runs[p]["endtime"] for p in outputs),
                "inputs": sorted(record.get("input") or []),
                "outputs": sorted(outputs),
                "command": record.get("shellcmd") or "",
            }
        )
    return sorted(found, key=lambda job: (job["start"], job["rule"]))


def when(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).isoformat(timespec="seconds")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def software(crate, root: Path, project: dict) -> tuple:
    """The package (with its pinned direct dependencies), Python and Snakemake, as SoftwareApplications."""
    import snakemake

    from ctcstudy.report.replication import packages

    pinned = [  # each is on PyPI at its pinned version: that page is its identifier
        app(crate, f"https://pypi.org/project/{name}/{version}/", name, version, f"https://pypi.org/project/{name}/")
        for name, version in packages(root / "pyproject.toml", root / "requirements.lock")
    ]
    version = platform.python_version()
    python = app(
        crate,
        f"https://www.python.org/downloads/release/python-{version.replace('.', '')}/",
        "Python",
        version,
        "https://www.python.org",
    )
    engine = app(
        crate,
        f"https://pypi.org/project/snakemake/{snakemake.__version__}/",
        "Snakemake",
        snakemake.__version__,
        "https://snakemake.github.io",
    )
    package = app(crate, "#software/ctcstudy", project["name"], project["version"])
    package["description"] = project["description"]
    package["license"] = {"@id": CODE_LICENCE}
    package["softwareRequirements"] = [python, *pinned]
    return package, python, engine


def app(crate, identifier: str, name: str, version: str, url: str | None = None):
    from rocrate.model.contextentity import ContextEntity

    properties = {"@type": "SoftwareApplication", "name": name, "softwareVersion": version}
    if url:
        properties["url"] = url
    return crate.add(ContextEntity(crate, identifier, properties=properties))


def tiers(crate, entries: list, tier_list: list) -> dict:
    """The access tiers as the crate says them: the public statement on every deposited file
    (conditionsOfAccess), and the confidential and never-deposited material as contextual
    entities, since those files are not in the crate."""
    from rocrate.model.contextentity import ContextEntity

    from ctcstudy.configuration.data_files import plain

    statements = {t.name: plain(t.statement) for t in tier_list}
    absent = []
    for number, entry in enumerate(e for e in entries if e.access != "public"):
        properties = {
            "@type": "CreativeWork",
            "name": entry.title,
            "conditionsOfAccess": f"{entry.access}: {statements[entry.access]}",
            "isAccessibleForFree": False,
        }
        if entry.source != "-":
            properties["citation"] = entry.source
        absent.append(crate.add(ContextEntity(crate, f"#not-deposited-{number + 1}", properties=properties)))
    return {"public": f"public: {statements['public']}", "absent": absent}


def build(folder: Path, files: list[Path], root: Path):
    """The crate of the deposit folder (paths relative to it); root is the project that was built.
    Returns the crate, the number of rule runs and the deposited outputs no run is recorded for."""
    from rocrate.rocrate import ROCrate

    from ctcstudy.configuration import data_files
    from ctcstudy.deposit.package import project as project_table

    project = project_table(root)
    runs = recorded_runs(root)
    ran = jobs({path: record for path, record in runs.items() if (root / path).exists()})
    entries, tier_list = data_files.load(folder / data_files.LIST)
    crate = ROCrate(version=RO_CRATE)
    crate.metadata.extra_terms = {"sha256": SHA256}  # not a term of the RO-Crate 1.1 context
    access = tiers(crate, entries, tier_list)
    deposited = sorted(f.as_posix() for f in files)
    entities = file_entities(crate, folder, deposited, ran, access["public"])
    package, python, engine = software(crate, root, project)
    workflow = main_workflow(crate, project, package, python, entities)
    actions = [rule_run(crate, job, workflow, project, package, python, entities) for job in ran]
    unrecorded = without_run(deposited, ran)
    build_run = crate.add_action(
        workflow,
        identifier="#run/build",
        object=[entities[p] for p in deposited if p.startswith(("data/raw/", "config/"))],
        result=[entities[p] for p in deposited if p.startswith(("results/", "data/processed/"))],
        properties={
            "@type": "CreateAction",
            "name": "The build whose results are deposited (snakemake --cores 2)",
            "agent": {"@id": engine.id},
            "description": "snakemake --cores 2 (make build): every rule run below, in the order they started.",
            **(
                {"startTime": when(min(j["start"] for j in ran)), "endTime": when(max(j["end"] for j in ran))}
                if ran
                else {}
            ),
        },
    )
    describe_root(crate, project, folder, ran, unrecorded, [build_run, *actions, *access["absent"]])
    return crate, len(ran), unrecorded


def file_entities(crate, folder: Path, deposited: list[str], ran: list[dict], public: str) -> dict:
    """Every deposited file (checksum, size, format, access), and the folders a rule wrote whole."""
    entities = {}
    for relative in deposited:
        path = folder / relative
        entities[relative] = crate.add_file(
            dest_path=relative,
            properties={
                "name": relative,
                "sha256": sha256(path),
                "contentSize": str(path.stat().st_size),
                "encodingFormat": media_type(relative),
                "conditionsOfAccess": public,
            },
        )
    folders = {p for job in ran for p in job["outputs"]} | {"data/raw", "results"}
    for relative in sorted(folders - set(deposited)):
        if (folder / relative).is_dir() and any(d.startswith(f"{relative}/") for d in deposited):
            entities[relative] = crate.add_dataset(dest_path=f"{relative}/", properties={"name": relative})
    if "README.md" in entities:
        entities["README.md"]["about"] = crate.root_dataset
    return entities


def entity(crate, entities: dict, path: str):
    """A deposited file or folder, or a contextual entity for what the build makes and the deposit
    leaves out (data/interim: rebuilt by make build)."""
    from rocrate.model.contextentity import ContextEntity

    if path in entities:
        return entities[path]
    identifier = f"#made-not-deposited/{path}"
    return crate.get(identifier) or crate.add(
        ContextEntity(
            crate,
            identifier,
            properties={
                "@type": "CreativeWork",
                "name": path,
                "description": "An intermediate file of the build, not deposited; make build makes it again.",
            },
        )
    )


def main_workflow(crate, project: dict, package, python, entities: dict):
    """The Snakefile as the crate's main entity: language, version, licence, formal parameters."""
    import snakemake
    from rocrate.model.computerlanguage import snakemake as snakemake_language

    language = crate.add(snakemake_language(crate, version=snakemake.__version__))
    workflow = crate.add_workflow(
        dest_path="Snakefile",
        main=True,
        lang=language,
        properties={
            "name": "Snakefile",
            "version": project["version"],
            "encodingFormat": "text/plain",
            "conformsTo": {"@id": "https://bioschemas.org/profiles/ComputationalWorkflow/1.0-RELEASE"},
        },
    )
    workflow["softwareRequirements"] = [package, python]
    workflow["license"] = {"@id": CODE_LICENCE}
    parameters = formal_parameters(crate, entities)
    workflow["input"], workflow["output"] = parameters["input"], one_or_many(parameters["output"])
    return workflow


def rule_run(crate, job: dict, workflow, project: dict, package, python, entities: dict):
    """One job of the build: the rule as the tool, the files it read and wrote, when, and its command."""
    from rocrate.model.contextentity import ContextEntity

    rule = crate.add(
        ContextEntity(
            crate,
            f"#rule/{job['rule']}",
            properties={
                "@type": "SoftwareApplication",
                "name": f"Snakemake rule {job['rule']}",
                "isPartOf": {"@id": workflow.id},
                "softwareVersion": project["version"],  # the rules are the package's
                "softwareRequirements": [{"@id": package.id}, {"@id": python.id}],
            },
        )
    )
    return crate.add_action(
        rule,
        identifier=f"#run/{job['rule']}/{job['start']:.3f}",
        object=one_or_many([entity(crate, entities, p) for p in job["inputs"]]),
        result=one_or_many([entity(crate, entities, p) for p in job["outputs"]]),
        properties={
            "@type": "CreateAction",
            "name": f"Run of rule {job['rule']}",
            "startTime": when(job["start"]),
            "endTime": when(job["end"]),
            "description": job["command"],
        },
    )


def without_run(deposited: list[str], ran: list[dict]) -> list[str]:
    """Deposited outputs no recorded job wrote (placed by hand or by another tool)."""
    made = {p for job in ran for p in job["outputs"]}
    return [
        p
        for p in deposited
        if p.startswith(("results/", "data/processed/"))
        and p not in made
        and not any(p.startswith(f"{m}/") for m in made)
        and Path(p).name != ".gitkeep"
    ]


def describe_root(crate, project: dict, folder: Path, ran: list[dict], unrecorded: list[str], mentions: list) -> None:
    """The crate as a whole: name, description, licence, authors, date, profiles, what it mentions."""
    from rocrate.model.contextentity import ContextEntity

    root_dataset = crate.root_dataset
    root_dataset["name"] = f"{project['name']} {project['version']}: replication package and deposit"
    root_dataset["description"] = project["description"] + (
        f" Outputs with no recorded run (placed by hand or by another tool): {', '.join(unrecorded)}."
        if unrecorded
        else ""
    )
    root_dataset["license"] = {"@id": DATA_LICENCE}
    root_dataset["author"] = authors(crate, folder)
    root_dataset["datePublished"] = when(max(j["end"] for j in ran)) if ran else "1980-01-01T00:00:00+00:00"
    root_dataset["conformsTo"] = [
        crate.add(ContextEntity(crate, uri, properties={"@type": "CreativeWork", "name": name}))
        for uri, name in PROFILES.items()
    ]
    root_dataset["mentions"] = mentions
    crate.add(ContextEntity(crate, DATA_LICENCE, properties={"@type": "CreativeWork", "name": "CC BY 4.0"}))
    crate.add(ContextEntity(crate, CODE_LICENCE, properties={"@type": "CreativeWork", "name": "MIT License"}))


def one_or_many(entities: list):
    """A single value where there is one (RO-Crate 1.1 prefers it to a list of one)."""
    return entities[0] if len(entities) == 1 else entities


def authors(crate, folder: Path) -> list:
    """The package's authors as config/citation.yaml names them (a person with given and family
    names, else an organization)."""
    from rocrate.model.contextentity import ContextEntity

    from ctcstudy.configuration.caselist import load_yaml

    found = []
    for number, author in enumerate(load_yaml(folder / "config/citation.yaml")["authors"], start=1):
        person = "family-names" in author
        name = " ".join(author[k] for k in ("given-names", "family-names") if k in author) if person else author["name"]
        properties = {"@type": "Person" if person else "Organization", "name": name}
        identifier = author.get("orcid") or f"#author-{number}"
        found.append(crate.add(ContextEntity(crate, identifier, properties=properties)))
    return one_or_many(found)


def formal_parameters(crate, entities: dict) -> dict:
    """The workflow's inputs (the config, the raw data) and output (the results) as formal
    parameters, each with the deposited example of it."""
    slots = {
        "input": [
            ("config", "File", "config/config.yaml", "The study's settings (validated against its schema)."),
            ("raw-data", "Dataset", "data/raw", "The raw records, checked against data/raw/MANIFEST.sha256."),
        ],
        "output": [("results", "Dataset", "results", "Every table, figure and check of the build.")],
    }
    found = {"input": [], "output": []}
    for direction, listed in slots.items():
        for name, kind, example, description in listed:
            parameter = crate.add_formal_parameter(
                name, kind, identifier=f"#parameter/{name}", description=description, valueRequired=True
            )
            if example in entities:
                parameter["workExample"] = entities[example]
                entities[example]["exampleOfWork"] = parameter
            found[direction].append(parameter)
    return found


MEDIA = {
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".tex": "application/x-tex",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".sav": "application/x-spss-sav",
    ".dta": "application/x-stata-dta",
    ".ipynb": "application/x-ipynb+json",
    ".py": "text/x-python",
    ".txt": "text/plain",
    ".xml": "application/xml",
    ".zip": "application/zip",
}


def media_type(relative: str) -> str:
    return MEDIA.get(Path(relative).suffix.lower(), "application/octet-stream")


def write(folder: Path, files: list[Path], root: Path = Path(".")) -> tuple[int, list[str]]:
    """Writes <folder>/ro-crate-metadata.json; returns the rule runs described and the deposited
    outputs no run is recorded for."""
    from ctcstudy.writers import atomic_write

    crate, runs, unrecorded = build(folder, files, root)
    document = crate.metadata.generate()
    atomic_write(folder / "ro-crate-metadata.json", json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return runs, unrecorded
