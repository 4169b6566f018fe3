import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
RAW_QUESTIONNAIRE = ROOT / CONFIG["raw"]["questionnaire"]
PUBLISHED = ROOT / CONFIG["study"]["published_values"]
PYTHON = sys.executable


@pytest.fixture(scope="session")
def coalitions():
    return CONFIG["coalitions"]


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
