# Parameterized notebooks run by papermill: one notebook per family of tables and figures.
# The executed notebooks are kept under results/notebooks/.


def papermill(notebook, executed, parameters):
    """The papermill command: explicit kernel, parameters as one YAML (JSON) mapping."""
    yaml_params = json.dumps(parameters).replace("'", "'\\''")
    return (f"{PY} -m papermill {notebook} {executed} -k python3 --no-progress-bar "
            f"--log-level WARNING -y '{yaml_params}'")


rule membership_tables:
    input:
        notebook="notebooks/01_membership_tables.ipynb",
        registry="workflow/registry.yaml",
        questionnaire="data/processed/questionnaire.csv",
        corrections=config["corrections"]["file"],
    output:
        *report_outputs("table1_ngo_types", "Tables"),
        *report_outputs("table2_member_types", "Tables"),
        *report_outputs("table3_partner_types", "Tables"),
        *report_outputs("fig1_membership_matrix", "Figures"),
        notebook="results/notebooks/01_membership_tables.ipynb",
    log:
        "logs/notebooks/membership_tables.log",
    params:
        command=lambda wildcards, input, output: papermill(input.notebook, output.notebook, {
            "questionnaire": input.questionnaire,
            "corrections_file": input.corrections,
            "apply_corrections": config["corrections"]["apply"],
            "coalitions": config["coalitions"],
            "table1": output_path("table1_ngo_types"),
            "table2": output_path("table2_member_types"),
            "table3": output_path("table3_partner_types"),
            "figure1": output_path("fig1_membership_matrix"),
            "registry": input.registry,
        }),
    shell:
        "{params.command} " + on_error("{log}")


rule coalition_profiles:
    input:
        notebook="notebooks/02_coalition_profiles.ipynb",
        registry="workflow/registry.yaml",
        questionnaire="data/processed/questionnaire.csv",
        profiles="data/processed/profiles.csv",
    output:
        *report_outputs("profile_word_table", "Tables"),
        *report_outputs("coalition_structure", "Tables"),
        *report_outputs("case_selection", "Tables"),
        notebook="results/notebooks/02_coalition_profiles.ipynb",
    log:
        "logs/notebooks/coalition_profiles.log",
    params:
        command=lambda wildcards, input, output: papermill(input.notebook, output.notebook, {
            "questionnaire": input.questionnaire,
            "profiles": input.profiles,
            "coalitions": config["coalitions"],
            "case_selection_criteria": config["case_selection"],
            "word_table": output_path("profile_word_table"),
            "structure_table": output_path("coalition_structure"),
            "selection_table": output_path("case_selection"),
            "registry": input.registry,
        }),
    shell:
        "{params.command} " + on_error("{log}")
