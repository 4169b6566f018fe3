"""The project's own settings: the case list (config/cases.yaml) and the schemas config files are checked against."""
