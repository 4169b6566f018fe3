"""The published tables and figures rebuilt from the tidy tables, one module per concept."""
