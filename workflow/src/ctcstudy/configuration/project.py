"""One project as a notebook sees it: its config, case list and output registry, and the paths of
its tidy tables and outputs, all relative to the project folder. The build passes the effective
config (with any --config overrides); a notebook opened by hand reads config/config.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ctcstudy.configuration.caselist import load, load_yaml, pseudonyms

REGISTRY = "workflow/registry.yaml"


@dataclass(frozen=True)
class Project:
    root: Path
    config: dict
    cases: dict
    outputs: dict  # output id -> its registry entry

    @property
    def registry(self) -> Path:
        return self.root / REGISTRY

    @property
    def coalitions(self) -> list[str]:
        return pseudonyms(self.cases, "coalition")

    def table(self, name: str) -> Path:
        """A published tidy table (data/processed/<name>.csv)."""
        return self.root / "data/processed" / f"{name}.csv"

    def path(self, value: str) -> Path:
        """A file the config names (relative to the project folder)."""
        return self.root / value

    def output(self, output_id: str) -> Path:
        """Where the registry puts an output (a table's CSV, a figure's PNG, the case pages' folder)."""
        return self.root / self.outputs[output_id]["path"]

    def outputs_of(self, notebook: str) -> list[str]:
        """The output ids a notebook makes, in registry order."""
        return [i for i, e in self.outputs.items() if Path(e["notebook"]).stem == Path(notebook).stem]


def open_project(root: str | Path = "..", config_file: str | Path | None = None) -> Project:
    root = Path(root)
    config = load_yaml(Path(config_file) if config_file else root / "config/config.yaml")
    entries = load_yaml(root / REGISTRY)["outputs"]
    return Project(root, config, load(root / config["cases_file"]), {e["id"]: e for e in entries})
