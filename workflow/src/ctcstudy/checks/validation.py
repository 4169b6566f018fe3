"""One great-expectations run over every tidy dataset: the gate before anything is derived.

great_expectations is imported here only (it costs seconds), once per build.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ctcstudy.errors import place
from ctcstudy.forked import balanced, forked_map

if TYPE_CHECKING:  # pandas only for annotations: the CLI's light commands must not import it
    import pandas as pd

VOLATILE_META = ("batch_markers", "run_id", "validation_time", "checkpoint_id")


@dataclass
class Dataset:
    name: str
    table: pd.DataFrame
    raw_path: str  # the raw file(s) the table was read from, for messages
    suite: dict
    files: list[str] | None = None  # the raw file of each row, when the table joins several files


def stable(result: dict) -> dict:
    """Drop fields that change from run to run (ids, times), so results can be compared."""
    result = dict(result)
    result.pop("id", None)
    result["meta"] = {k: v for k, v in result.get("meta", {}).items() if k not in VOLATILE_META}
    result["results"] = sorted(result["results"], key=lambda r: json.dumps(r["expectation_config"], sort_keys=True))
    for r in result["results"]:
        r["expectation_config"].pop("id", None)
        r["result"].pop("unexpected_index_query", None)
    return result


def failing(result: dict, keys: list[str]) -> list[dict]:
    """The key values of the failing records, when GX reports them."""
    return [
        index
        for index in result.get("unexpected_index_list") or []
        if isinstance(index, dict) and all(k in index for k in keys)
    ]


def records(result: dict, keys: list[str]) -> str:
    """'respondent_id=R02' style names of the failing records."""
    names = [",".join(f"{k}={index[k]}" for k in keys) for index in failing(result, keys)]
    return "; ".join(dict.fromkeys(names)) or "-"


def holding_files(dataset: Dataset, result: dict, keys: list[str]) -> str:
    """The raw file(s) holding the failing records: only those, not every file of the dataset."""
    if not dataset.files or len(dataset.files) != len(dataset.table) or not keys:
        return dataset.raw_path
    found = []
    for index in failing(result, keys):
        match = dataset.table[keys].astype(str).eq({k: str(index[k]) for k in keys}).all(axis=1)
        found += [dataset.files[i] for i in match.to_numpy().nonzero()[0]]
    return ", ".join(dict.fromkeys(found)) or dataset.raw_path


def case_list_hint(kwargs: dict, parameters: dict) -> str:
    """For a value that should be a case's pseudonym: what the case list names, and where it is, so
    a typo in the case list (every record then 'wrong') is found there."""
    listed = parameters.get("cases_file")
    names = kwargs.get("value_set")
    if not listed or names not in (parameters.get("coalitions"), parameters.get("cases")):
        return ""
    return f"; the case list {listed} names: {', '.join(names)} (a typo there, or here?)"


def describe(dataset: Dataset, outcome: dict, parameters: dict | None = None) -> str:
    """One line naming the file, the record, the field and what is wrong."""
    config = outcome["expectation_config"]
    kwargs, result = config["kwargs"], outcome["result"]
    field = kwargs.get("column") or kwargs.get("column_A") or ",".join(kwargs.get("column_list", [])) or "-"
    what = config["type"].removeprefix("expect_").replace("_", " ")
    if config["type"] == "expect_table_columns_to_match_set":
        mismatched = result.get("details", {}).get("mismatched", {})
        missing, extra = mismatched.get("missing", []), mismatched.get("unexpected", [])
        field = ", ".join(missing + extra) or field
        detail = "; ".join(
            p for p in (missing and f"missing column(s) {missing}", extra and f"unexpected column(s) {extra}") if p
        )
        return f"{dataset.raw_path}: {place(field=field)}{detail or what} [dataset {dataset.name}]"
    if outcome.get("exception_info", {}).get("raised_exception"):
        message = outcome["exception_info"].get("exception_message", "")
        return f"{dataset.raw_path}: {place(field=field)}could not check '{what}' ({message}) [dataset {dataset.name}]"
    bad = result.get("partial_unexpected_list") or result.get("observed_value")
    keys = dataset.suite.get("meta", {}).get("key", [])
    meta = config.get("meta", {})
    criterion = meta.get("criterion") or meta.get("rule")
    reason = f"{what} failed" + (f" ({criterion})" if criterion else "")
    return (
        f"{holding_files(dataset, result, keys)}: {place(records(result, keys), field)}{reason}; "
        f"bad values {bad}{case_list_hint(kwargs, parameters or {})} [dataset {dataset.name}]"
    )


def validate(datasets: list[Dataset], parameters: dict, jobs: int = 1) -> tuple[dict[str, dict], list[str]]:
    """Validate every dataset; return stable JSON results and failure lines, in dataset order.

    great_expectations is imported once, here; with jobs > 1 the datasets are then split into
    batches of about equal numbers of expectations, each validated in a forked copy of this
    process, so the import is paid once and the checks use every core.
    """
    import_great_expectations()  # before forking: the children share it
    batches = balanced_batches([part for d in datasets for part in parts(d, jobs)], jobs)
    outcomes = forked_map(lambda batch: validate_batch(batch, parameters), batches)
    found: dict[str, list[dict]] = {}
    for outcome in outcomes:
        for name, result in outcome.items():
            found.setdefault(name, []).append(result)
    results = {d.name: joined(found[d.name]) for d in datasets}
    by_name = {d.name: d for d in datasets}
    failures = [
        describe(by_name[name], r, parameters)
        for name, result in results.items()
        for r in result["results"]
        if not r["success"]
    ]
    return results, failures


def import_great_expectations():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every batch by hashing all its values (0.4 s for a million rows, once per
    # suite part); the fingerprint goes only into the result's batch markers, which `stable` drops.
    pandas_execution_engine.HASH_THRESHOLD = 0
    return great_expectations


SPLIT_ROWS = 100_000  # a table this long has its suite checked in parts, one per core


def parts(dataset: Dataset, jobs: int) -> list[Dataset]:
    """A long table's suite in `jobs` parts (every jobs-th expectation), so that a million-row
    panel is checked on every core instead of on one while the others wait."""
    expectations = dataset.suite.get("expectations", [])
    count = min(jobs, len(expectations))
    if count < 2 or len(dataset.table) < SPLIT_ROWS:
        return [dataset]
    return [replace(dataset, suite={**dataset.suite, "expectations": expectations[i::count]}) for i in range(count)]


def joined(results: list[dict]) -> dict:
    """One dataset's result from the results of its suite's parts, as one run would give it."""
    if len(results) == 1:
        return results[0]
    outcomes = [r for result in results for r in result["results"]]
    passed = sum(r["success"] for r in outcomes)
    statistics = {
        "evaluated_expectations": len(outcomes),
        "success_percent": 100 * passed / len(outcomes),
        "successful_expectations": passed,
        "unsuccessful_expectations": len(outcomes) - passed,
    }
    return stable({**results[0], "results": outcomes, "statistics": statistics, "success": passed == len(outcomes)})


def balanced_batches(datasets: list[Dataset], jobs: int) -> list[list[Dataset]]:
    """Heaviest suites first, each to the batch with the least work so far. A suite's work grows
    with its expectations and with its table's rows (a panel of a million rows weighs more than
    the 123 expectations of a three-row questionnaire)."""

    def work(dataset: Dataset) -> float:
        return len(dataset.suite.get("expectations", [])) * (1 + len(dataset.table) / ROWS_PER_EXPECTATION)

    return [rejoined(b) for b in balanced(datasets, work, jobs)]


def rejoined(batch: list[Dataset]) -> list[Dataset]:
    """Parts of one suite that fell into the same batch, made one again (a batch checks each
    dataset once, under its own name)."""
    by_name: dict[str, Dataset] = {}
    for dataset in batch:
        if dataset.name in by_name:
            first = by_name[dataset.name]
            expectations = first.suite["expectations"] + dataset.suite["expectations"]
            by_name[dataset.name] = replace(first, suite={**first.suite, "expectations": expectations})
        else:
            by_name[dataset.name] = dataset
    return list(by_name.values())


ROWS_PER_EXPECTATION = 20_000  # rows whose checking costs about one expectation's fixed overhead


def validate_batch(datasets: list[Dataset], parameters: dict) -> dict[str, dict]:
    """One ephemeral great-expectations context over some datasets: stable JSON results by name."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("tidy_tables")
    results = {}
    for dataset in datasets:
        batch = (
            source.add_dataframe_asset(dataset.name)
            .add_batch_definition_whole_dataframe("whole")
            .get_batch(batch_parameters={"dataframe": dataset.table})
        )
        keys = [k for k in dataset.suite.get("meta", {}).get("key", []) if k in dataset.table.columns]
        suite = gx.ExpectationSuite(**dataset.suite)
        outcome = batch.validate(
            suite,
            expectation_parameters=parameters,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": keys},
        )
        results[dataset.name] = stable(outcome.to_json_dict())
    return results
