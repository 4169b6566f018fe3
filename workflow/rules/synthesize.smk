# Synthetic records calibrated to published aggregates, where the record-level data are not public.
# Written under data/interim/ (never data/raw/); every row says provenance = synthetic.

SYNTHESIZE = settings(
    "synthesize_panel",
    **{k: config["panel"][k] for k in ("generator", "waves", "sectors", "regions")},
    out=SYNTHETIC_PANEL,
)


rule synthesize_panel:
    input:
        settings=SYNTHESIZE,
        package=PACKAGE,
    output:
        SYNTHETIC_PANEL,
    log:
        "logs/synthesize_panel.log",
    shell:
        "python -m ctcstudy --log {log} synthesize-panel {input.settings}"
