"""The build steps' settings files: read into typed objects, anything else refused naming the setting."""

import json

import pytest

from ctcstudy.configuration import settings
from ctcstudy.errors import InputError


def load(tmp_path, document, kind=settings.Publish):
    path = tmp_path / "publish-0123456789ab.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path), lambda: settings.load(path, kind)


def test_a_settings_file_is_read_into_its_typed_object(tmp_path):
    _, read = load(tmp_path, {"copies": {"data/interim/a.csv": "data/processed/a.csv"}})
    assert read() == settings.Publish(copies={"data/interim/a.csv": "data/processed/a.csv"})


@pytest.mark.parametrize(
    "document, refusal",
    [
        ({"copies": {}, "copy": []}, "field copy: unknown setting (known: copies)"),
        ({}, "field copies: missing setting"),
        ({"copies": ["a=b"]}, "field copies: must be dict, not list"),
        ([], "the settings must be a mapping, not list"),
    ],
)
def test_a_wrong_setting_is_refused_naming_it(tmp_path, document, refusal):
    path, read = load(tmp_path, document)
    with pytest.raises(InputError) as refused:
        read()
    assert str(refused.value) == f"{path}: {refusal}"


def test_the_ingest_settings_inside_validate_are_checked_too(tmp_path):
    gate = {
        "datasets": {},
        "suites": "s",
        "parameters": {},
        "values_from": {},
        "out_dir": "o",
        "ingest": {"tables": {}, "interviews": [], "interview_codebook": "project", "panel": 3},
    }
    path, read = load(tmp_path, gate, settings.Validate)
    with pytest.raises(InputError) as refused:
        read()
    assert str(refused.value) == f"{path}: field ingest.panel: must be str, not int"
    gate["ingest"]["panel"] = "data/interim/panel/synthetic_panel.dta"
    _, read = load(tmp_path, gate, settings.Validate)
    assert read().ingest.panel == "data/interim/panel/synthetic_panel.dta" and read().ingest.out_dir == "data/interim"


def test_a_settings_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "verify.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"verify\.json: not a readable settings file"):
        settings.load(path, settings.Verify)
