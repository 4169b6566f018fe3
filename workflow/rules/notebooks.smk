# Parameterized notebooks run by papermill: one notebook per family of tables and figures. Each
# rule's outputs are the registry's entries naming the rule (workflow/registry.yaml), so an output
# id is written once, there. A notebook reads the config sections its rule names (with any
# --config overrides), from a settings file whose name carries their hash: a changed setting
# reruns exactly the notebooks that read it.
# Executed notebooks go to results/notebooks/.
# Priorities start the longest notebooks first, so both cores finish together (times from
# workflow/scripts/bench.py; a wrong guess costs a second, never a result).

# `ctcstudy notebook` writes the executed notebook once, at the end, and reports a failing cell in one line.
PAPERMILL = "python -m ctcstudy --log {log} notebook {input.notebook} {output.notebook} --parameters {input.parameters}"


QUESTIONNAIRE = "data/processed/questionnaire.csv"


rule membership_tables:
    input:
        package=PACKAGE,
        parameters=notebook_parameters("corrections"),
        notebook=notebook_of("membership_tables"),
        registry=REGISTRY_FILE,
        questionnaire=QUESTIONNAIRE,
        corrections=config["corrections"]["file"],
    output:
        *notebook_outputs("membership_tables"),
        notebook=executed("membership_tables"),
    log:
        "logs/notebooks/membership_tables.log",
    priority: 3
    shell:
        PAPERMILL


rule coalition_profiles:
    input:
        package=PACKAGE,
        parameters=notebook_parameters(),
        notebook=notebook_of("coalition_profiles"),
        registry=REGISTRY_FILE,
        questionnaire=QUESTIONNAIRE,
        profiles="data/processed/profiles.csv",
    output:
        *notebook_outputs("coalition_profiles"),
        notebook=executed("coalition_profiles"),
    log:
        "logs/notebooks/coalition_profiles.log",
    priority: 0
    shell:
        PAPERMILL


rule coded_interviews:
    input:
        package=PACKAGE,
        parameters=notebook_parameters("interviews"),
        notebook=notebook_of("coded_interviews"),
        registry=REGISTRY_FILE,
        tables=expand("data/processed/{table}.csv", table=INTERVIEW_TABLES),
    output:
        *notebook_outputs("coded_interviews"),
        notebook=executed("coded_interviews"),
    log:
        "logs/notebooks/coded_interviews.log",
    priority: 5
    shell:
        PAPERMILL


rule panel_tables:
    input:
        package=PACKAGE,
        parameters=notebook_parameters("panel", "study"),
        notebook=notebook_of("panel_tables"),
        registry=REGISTRY_FILE,
        panel="data/processed/panel.csv",
        published_values="data/processed/published_values.csv",
        references=config["study"]["references"],
    output:
        *notebook_outputs("panel_tables"),
        notebook=executed("panel_tables"),
    log:
        "logs/notebooks/panel_tables.log",
    priority: 4
    shell:
        PAPERMILL


rule single_organizations:
    input:
        package=PACKAGE,
        parameters=notebook_parameters(),
        notebook=notebook_of("single_organizations"),
        registry=REGISTRY_FILE,
        tables=expand(
            "data/processed/{t}.csv", t=["org_tactics", "tactic_codes", "org_timeline", "org_partner_conditions"]
        ),
    output:
        *notebook_outputs("single_organizations"),
        notebook=executed("single_organizations"),
    log:
        "logs/notebooks/single_organizations.log",
    priority: 2
    shell:
        PAPERMILL


rule cross_case:
    input:
        package=PACKAGE,
        parameters=notebook_parameters("case_selection", "qca"),
        notebook=notebook_of("cross_case"),
        registry=REGISTRY_FILE,
        cases=config["cases_file"],
        tables=expand(
            "data/processed/{t}.csv",
            t=[
                "questionnaire",
                "case_facts",
                "interview_segments",
                "interview_leaders",
                "interview_codes",
                "interview_coders",
                "org_tactics",
                "tactic_codes",
                "crosswalk",
                "documents",
                "profiles",
            ],
        ),
    output:
        *notebook_outputs("cross_case"),
        notebook=executed("cross_case"),
    log:
        "logs/notebooks/cross_case.log",
    priority: 1
    shell:
        PAPERMILL
