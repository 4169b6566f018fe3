import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
CASES = yaml.safe_load((ROOT / CONFIG["cases_file"]).read_text(encoding="utf-8"))
COALITIONS = [c["pseudonym"] for c in CASES["cases"] if c["case_type"] == "coalition"]
CONFIG["coalitions"] = COALITIONS  # as workflow/rules/common.smk sets it from the cases
RAW_QUESTIONNAIRE = ROOT / CASES["cases"][0]["files"]["questionnaire"]
PUBLISHED = ROOT / CONFIG["study"]["published_values"]
PYTHON = sys.executable


@pytest.fixture(scope="session")
def coalitions():
    return COALITIONS


@pytest.fixture(scope="session")
def claims():
    from ctcstudy.published import load_claims

    return load_claims(PUBLISHED)


@pytest.fixture()
def responses():
    from ctcstudy.questionnaire import read_responses

    return read_responses(RAW_QUESTIONNAIRE)


def published_cells(claims: pd.DataFrame, output: str) -> dict[tuple[str, str], str]:
    """(row, column) -> published value, for one output, from the one published-values file."""
    part = claims[claims["output"].eq(output)]
    return {(r, c): v for r, c, v in zip(part["row"], part["column"], part["published"])}
