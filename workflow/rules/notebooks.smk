# Parameterized notebooks run by papermill: one notebook per family of tables and figures.
# Parameters are one JSON mapping in a settings file whose name carries a hash of its content
# (common.smk, settings_file), so Snakemake reruns a notebook whenever any of them (case list,
# corrections, paths) changes. Executed notebooks go to results/notebooks/.
# Priorities start the longest notebooks first, so both cores finish together (times from
# workflow/scripts/bench.py; a wrong guess costs a second, never a result).

def papermill(name, parameters):
    """Run notebooks/<name>.ipynb with papermill (through `ctcstudy notebook`, which writes the
    executed notebook once, at the end, and reports a failing cell in one line); the parameters
    go through a settings file whose name carries their hash, so a changed one reruns the rule."""
    values = settings_file("notebook", json.dumps(parameters, indent=1, sort_keys=True) + "\n", ".json")
    return (f"{{PY}} -m ctcstudy --log {{log}} notebook notebooks/{name}.ipynb results/notebooks/{name}.ipynb "
            f"--parameters {values}")


QUESTIONNAIRE = "data/processed/questionnaire.csv"


rule membership_tables:
    input:
        package=PACKAGE,
        notebook="notebooks/01_membership_tables.ipynb",
        registry=REGISTRY_FILE,
        questionnaire=QUESTIONNAIRE,
        corrections=config["corrections"]["file"],
    output:
        *report_outputs("table1_ngo_types", "Tables"),
        *report_outputs("table2_member_types", "Tables"),
        *report_outputs("table3_partner_types", "Tables"),
        *report_outputs("fig1_membership_matrix", "Figures"),
        notebook="results/notebooks/01_membership_tables.ipynb",
    log:
        "logs/notebooks/membership_tables.log",
    priority: 3
    shell:
        papermill("01_membership_tables", {
            "questionnaire": QUESTIONNAIRE,
            "corrections_file": config["corrections"]["file"],
            "apply_corrections": config["corrections"]["apply"],
            "coalitions": config["coalitions"],
            "registry": REGISTRY_FILE,
            "table1": output_path("table1_ngo_types"),
            "table2": output_path("table2_member_types"),
            "table3": output_path("table3_partner_types"),
            "figure1": output_path("fig1_membership_matrix"),
        })


rule coalition_profiles:
    input:
        package=PACKAGE,
        notebook="notebooks/02_coalition_profiles.ipynb",
        registry=REGISTRY_FILE,
        questionnaire=QUESTIONNAIRE,
        profiles="data/processed/profiles.csv",
    output:
        *report_outputs("profile_word_table", "Tables"),
        *report_outputs("profile_word_table_sources", "Tables"),
        *report_outputs("coalition_structure", "Tables"),
        notebook="results/notebooks/02_coalition_profiles.ipynb",
    log:
        "logs/notebooks/coalition_profiles.log",
    priority: 0
    shell:
        papermill("02_coalition_profiles", {
            "questionnaire": QUESTIONNAIRE,
            "profiles": "data/processed/profiles.csv",
            "coalitions": config["coalitions"],
            "registry": REGISTRY_FILE,
            "word_table": output_path("profile_word_table"),
            "sources_table": output_path("profile_word_table_sources"),
            "structure_table": output_path("coalition_structure"),
        })


rule coded_interviews:
    input:
        package=PACKAGE,
        notebook="notebooks/03_coded_interviews.ipynb",
        registry=REGISTRY_FILE,
        tables=expand("data/processed/{table}.csv", table=INTERVIEW_TABLES),
    output:
        *report_outputs("interview_overview", "Coded interviews"),
        *report_outputs("interview_code_matrix", "Coded interviews"),
        *report_outputs("fig2_interview_codes", "Figures"),
        *report_outputs("interview_theme_comparison", "Coded interviews"),
        *report_outputs("interview_absences", "Coded interviews"),
        *report_outputs("intercoder_reliability", "Coded interviews"),
        notebook="results/notebooks/03_coded_interviews.ipynb",
    log:
        "logs/notebooks/coded_interviews.log",
    priority: 5
    shell:
        papermill("03_coded_interviews", {
            "segments": "data/processed/interview_segments.csv",
            "codes": "data/processed/interview_codes.csv",
            "leaders": "data/processed/interview_leaders.csv",
            "units": "data/processed/interview_units.csv",
            "coalitions": config["coalitions"],
            "studies": {c["pseudonym"]: c["study"] for c in CASES["cases"] if c["case_type"] == "coalition"},
            "bootstrap_samples": config["interviews"]["reliability"]["bootstrap_samples"],
            "random_state": config["interviews"]["reliability"]["seed"],
            "registry": REGISTRY_FILE,
            "overview_table": output_path("interview_overview"),
            "matrix_table": output_path("interview_code_matrix"),
            "comparison_table": output_path("interview_theme_comparison"),
            "absences_table": output_path("interview_absences"),
            "reliability_table": output_path("intercoder_reliability"),
            "figure2": output_path("fig2_interview_codes"),
        })


rule panel_tables:
    input:
        package=PACKAGE,
        notebook="notebooks/04_panel.ipynb",
        registry=REGISTRY_FILE,
        panel="data/processed/panel.csv",
        published_values="data/processed/published_values.csv",
        references=config["study"]["references"],
    output:
        *report_outputs("panel_activity_prevalence", "Panel"),
        *report_outputs("fig3_activity_prevalence", "Figures"),
        *report_outputs("panel_activity_change", "Panel"),
        *report_outputs("panel_sector_activity", "Panel"),
        *report_outputs("fig4_sector_activity", "Figures"),
        *report_outputs("panel_coalition_trend", "Panel"),
        *report_outputs("fig5_coalition_trend", "Figures"),
        *report_outputs("panel_transitions", "Panel"),
        *report_outputs("panel_balance", "Panel"),
        notebook="results/notebooks/04_panel.ipynb",
    log:
        "logs/notebooks/panel_tables.log",
    priority: 4
    shell:
        papermill("04_panel", {
            "panel_table": "data/processed/panel.csv",
            "published_values": "data/processed/published_values.csv",
            "references": config["study"]["references"],
            "sectors": config["panel"]["sectors"],
            "heatmap_year": config["panel"]["heatmap_year"],
            "change_classes": config["panel"]["change_classes"],
            "registry": REGISTRY_FILE,
            "prevalence_table": output_path("panel_activity_prevalence"),
            "change_table": output_path("panel_activity_change"),
            "sector_table": output_path("panel_sector_activity"),
            "trend_table": output_path("panel_coalition_trend"),
            "transitions_table": output_path("panel_transitions"),
            "balance_table": output_path("panel_balance"),
            "figure3": output_path("fig3_activity_prevalence"),
            "figure4": output_path("fig4_sector_activity"),
            "figure5": output_path("fig5_coalition_trend"),
        })


rule single_organizations:
    input:
        package=PACKAGE,
        notebook="notebooks/05_single_organizations.ipynb",
        registry=REGISTRY_FILE,
        tables=expand("data/processed/{t}.csv", t=["org_tactics", "tactic_codes", "org_timeline", "org_partner_conditions"]),
    output:
        *report_outputs("tactic_by_collaboration", "Single organizations"),
        *report_outputs("fig6_tactics_by_collaboration", "Figures"),
        *report_outputs("organization_timeline", "Single organizations"),
        *report_outputs("partner_conditions", "Single organizations"),
        notebook="results/notebooks/05_single_organizations.ipynb",
    log:
        "logs/notebooks/single_organizations.log",
    priority: 2
    shell:
        papermill("05_single_organizations", {
            "tactics": "data/processed/org_tactics.csv",
            "tactic_codes": "data/processed/tactic_codes.csv",
            "timeline": "data/processed/org_timeline.csv",
            "partner_conditions": "data/processed/org_partner_conditions.csv",
            "registry": REGISTRY_FILE,
            "tactic_table": output_path("tactic_by_collaboration"),
            "timeline_table": output_path("organization_timeline"),
            "conditions_table": output_path("partner_conditions"),
            "figure6": output_path("fig6_tactics_by_collaboration"),
        })


rule cross_case:
    input:
        package=PACKAGE,
        notebook="notebooks/06_cross_case.ipynb",
        registry=REGISTRY_FILE,
        cases=config["cases_file"],
        tables=expand("data/processed/{t}.csv", t=["questionnaire", "case_facts", "interview_segments", "interview_leaders",
                                                    "interview_codes", "interview_coders", "org_tactics", "tactic_codes",
                                                    "crosswalk", "documents", "profiles"]),
    output:
        *report_outputs("case_facts", "Across cases"),
        *report_outputs("case_selection", "Across cases"),
        *report_outputs("cross_case_dimensions", "Across cases"),
        *report_outputs("qca_truth_table", "Across cases"),
        *report_outputs("qca_solution", "Across cases"),
        *report_outputs("case_pages", "Case pages"),
        notebook="results/notebooks/06_cross_case.ipynb",
    log:
        "logs/notebooks/cross_case.log",
    priority: 1
    shell:
        papermill("06_cross_case", {
            "cases_file": config["cases_file"],
            **{t: f"data/processed/{f}.csv" for t, f in [("questionnaire", "questionnaire"), ("case_facts", "case_facts"),
               ("segments", "interview_segments"), ("leaders", "interview_leaders"), ("codes", "interview_codes"),
               ("tactics", "org_tactics"), ("tactic_codes", "tactic_codes"), ("crosswalk", "crosswalk"),
               ("documents", "documents"), ("profiles", "profiles")]},
            "case_selection_criteria": config["case_selection"],
            "qca_settings": config["qca"],
            "registry": REGISTRY_FILE,
            "facts_table": output_path("case_facts"),
            "selection_table": output_path("case_selection"),
            "dimensions_table": output_path("cross_case_dimensions"),
            "truth_table": output_path("qca_truth_table"),
            "solution_table": output_path("qca_solution"),
            "pages_folder": output_path("case_pages"),
        })
