"""The case list (config/cases.yaml): checks and lookups, without heavy imports.

Read by the Snakefile on every run, so it imports nothing beyond the standard library:
a no-op rebuild stays close to Snakemake's own floor.
"""

from __future__ import annotations

from pathlib import Path

from ctcstudy.errors import InputError


def check(document: dict, where: str, root: Path = Path(".")) -> None:
    """Refuse a case list with a repeated case, an unknown coding scheme or a missing file, naming
    the line of the value to change."""
    from ctcstudy.configuration.datasets import companions_needed, required_files

    def refuse(problem: str, record: str, field: str = "-", keys: list | None = None):
        raise InputError(
            where,
            problem,
            record=record,
            field=field,
            line=line_of(where, keys) if keys and Path(where).is_file() else None,
        )

    schemes = document.get("coding_schemes", {})
    seen: dict[str, set] = {"id": set(), "pseudonym": set()}
    for index, case in enumerate(document["cases"]):
        for key in seen:
            if case[key] in seen[key]:
                refuse(f"case listed twice ({key} {case[key]!r})", f"case {case['id']}", key, ["cases", index, key])
            seen[key].add(case[key])
        if case["coding_scheme"] not in schemes:
            refuse(
                f"unknown coding scheme {case['coding_scheme']!r}; known: {', '.join(sorted(schemes))}",
                f"case {case['id']}",
                "coding_scheme",
                ["cases", index, "coding_scheme"],
            )
        for kind in required_files(case["case_type"]):  # from the register of raw datasets
            if case["files"].get(kind) is None:
                refuse(
                    f"a {case['case_type']} case needs a {kind} file",
                    f"case {case['id']}",
                    f"files.{kind}",
                    ["cases", index, "files"],
                )
        for kind, companion in companions_needed(case["files"]):
            refuse(
                companion["refusal"], f"case {case['id']}", f"files.{companion['key']}", ["cases", index, "files", kind]
            )
        for kind, paths in case["files"].items():
            for path in [paths] if isinstance(paths, str) else paths:
                if not (root / path).is_file():
                    refuse(
                        f"file not found: {path}",
                        f"case {case['id']}",
                        f"files.{kind}",
                        ["cases", index, "files", kind],
                    )
    for name, scheme in schemes.items():
        if scheme["codebook"] != "project" and not (root / scheme["codebook"]).is_file():
            refuse(
                f"file not found: {scheme['codebook']}",
                f"coding scheme {name}",
                "codebook",
                ["coding_schemes", name, "codebook"],
            )
    interview_files = set(files(document, "interviews"))
    for project, settings in (document.get("interview_projects") or {}).items():
        if project not in interview_files:
            refuse(
                f"{project} is not the interviews file of any case",
                f"interview_projects.{project}",
                keys=["interview_projects", project],
            )
        if settings.get("mapping") and not (root / settings["mapping"]).is_file():
            refuse(
                f"file not found: {settings['mapping']}",
                f"interview_projects.{project}",
                "mapping",
                ["interview_projects", project, "mapping"],
            )
    coalitions = [(i, c) for i, c in enumerate(document["cases"]) if c["case_type"] == "coalition"]
    schemes_used = sorted({c["coding_scheme"] for _, c in coalitions})
    if len(schemes_used) > 1:
        first = coalitions[0][1]["coding_scheme"]
        index, other = next((i, c) for i, c in coalitions if c["coding_scheme"] != first)
        refuse(
            f"coalition cases use different coding schemes {schemes_used}: the theme tables compare coalitions "
            f"within one codebook. Give case {other['id']} coding_scheme: {first}; the codes its export has and "
            "the codebook lacks are then accepted and listed with code_differences: accept on the scheme (or "
            'codebook: project takes every export\'s own codes). README, "Adding a case"',
            f"case {other['id']}",
            "coding_scheme",
            ["cases", index, "coding_scheme"],
        )


def files(document: dict, kind: str, case_type: str | None = None) -> list[str]:
    """The distinct files of one kind across cases, in case order (cases may share a file)."""
    paths = []
    for case in document["cases"]:
        if kind in case["files"] and (case_type is None or case["case_type"] == case_type):
            given = case["files"][kind]
            paths += [given] if isinstance(given, str) else given  # interviews: one export per coder
    return list(dict.fromkeys(paths))


def interview_projects(document: dict) -> list[dict]:
    """Each interview export with its settings (mapping file, offset_unit), in case order."""
    settings = document.get("interview_projects") or {}
    return [{"file": path, **settings.get(path, {})} for path in files(document, "interviews")]


def interview_inputs(document: dict) -> list[str]:
    """Every file the interview tables are read from: the exports and their mapping files."""
    projects = interview_projects(document)
    return [p["file"] for p in projects] + [p["mapping"] for p in projects if p.get("mapping")]


def pseudonyms(document: dict, case_type: str | None = None) -> list[str]:
    return [c["pseudonym"] for c in document["cases"] if case_type is None or c["case_type"] == case_type]


def schema(path: str | Path = "workflow/schemas/cases.schema.yaml") -> dict:
    """The case list's schema, its `files:` from the register of raw datasets."""
    from ctcstudy.configuration.datasets import files_schema

    document = load_yaml(path)
    document["properties"]["cases"]["items"]["properties"]["files"] = files_schema()
    return document


def load(path: str | Path) -> dict:
    """The case list as the pipeline reads it (config/cases.yaml)."""
    return load_yaml(path)


def load_yaml(path: str | Path):
    """Safe YAML, with libyaml's C loader when PyYAML has it (the Snakefile reads YAML on every run).

    A syntax error is refused in one line naming the file, line and column."""
    import yaml

    if not Path(path).is_file():
        raise InputError(path, "file not found")
    with open(path, encoding="utf-8") as handle:
        try:
            text = handle.read()
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            refuse_alias_bomb(path, text, data)
            return data
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = " ".join(p for p in (exc.context, exc.problem) if p)
            raise InputError(
                path,
                f"YAML syntax error: {problem}",
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            ) from exc
        except yaml.YAMLError as exc:
            raise InputError(path, f"YAML syntax error: {exc}") from exc
        except UnicodeDecodeError as exc:
            from ctcstudy.errors import undecodable

            raise undecodable(path, Path(path).read_bytes(), exc) from exc


def line_of(path: str | Path, keys: list) -> int | None:
    """The 1-based line of a value in a YAML file (keys: mapping keys and list indexes), so a
    refusal of a configured value names where to change it; None where the file does not hold it."""
    import yaml

    try:
        node = yaml.compose(
            Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    mark = node.start_mark if node is not None else None
    for key in keys:  # the line of the key itself (of the item, in a list)
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            node, mark = (pair[1], pair[0].start_mark) if pair else (None, None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            mark = node.start_mark
        else:
            node = None
        if node is None:
            return None
    return mark.line + 1 if mark else None


ALIAS_EXPANSION_LIMIT = 100_000  # values a document may hold once its aliases are expanded


def refuse_alias_bomb(path, text: str, data) -> None:
    """YAML aliases (*name) are accepted (PyYAML writes them for repeated values) up to a bound:
    expanded, a few lines of nested aliases hold billions of values (an alias bomb), which the
    consumers of a configuration (Snakemake, the schema check, JSON) would all expand."""
    import yaml

    if "*" not in text:  # every alias starts with '*': most files are spared the count
        return
    expanded = expanded_size(data, {})
    if expanded <= ALIAS_EXPANSION_LIMIT:
        return
    alias = next(
        e
        for e in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if isinstance(e, yaml.AliasEvent)
    )
    raise InputError(
        path,
        f"YAML aliases expand to {expanded:,} values, more than {ALIAS_EXPANSION_LIMIT:,}: an alias "
        "bomb? write the values out",
        line=alias.start_mark.line + 1,
        column=alias.start_mark.column + 1,
    )


def expanded_size(value, seen: dict) -> int:
    """Values in a loaded document with every alias expanded; each shared object counted once, so
    this takes as long as the document is written, not as long as it expands."""
    if not isinstance(value, (dict, list)):
        return 1
    if id(value) not in seen:
        seen[id(value)] = 0  # a recursive alias counts as itself once
        children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        seen[id(value)] = 1 + sum(expanded_size(child, seen) for child in children)
    return seen[id(value)]


def refuse_and_exit(check, *args):
    """Run a check while the workflow is read; a refusal ends the build with its one line."""
    import sys

    from ctcstudy.errors import InputErrors, bounded

    try:
        return check(*args)
    except InputError as exc:
        for line in exc.lines() if isinstance(exc, InputErrors) else [str(exc)]:
            print(bounded(f"ERROR: {line}"), file=sys.stderr)
        raise SystemExit(1) from None


def suite_parameters(config: dict, output_ids: list[str], document: dict) -> dict:
    """Values for the expectation suites' $PARAMETERs, all from the validated config."""
    return {
        "coalitions": pseudonyms(document, "coalition"),
        "cases_file": config["cases_file"],  # named in a refusal of a value that is no case's pseudonym
        # coalitions whose case lists a document inventory: each needs one document or more
        "documented_coalitions": [
            c["pseudonym"] for c in document["cases"] if c["case_type"] == "coalition" and "documents" in c["files"]
        ],
        "cases": pseudonyms(document),
        "outputs": ["", *output_ids],
        "tolerances": ["", "more_than", *config["verification"]["tolerances"]],
        "panel_waves": config["panel"]["waves"],
        "panel_sectors": config["panel"]["sectors"],
        "panel_regions": config["panel"]["regions"],
    }
