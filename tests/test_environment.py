"""environment.yml (conda users) lists the same packages and versions as pyproject and the lock file."""

import re
import tomllib

import yaml

from conftest import ROOT


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            pins[normalize(name)] = version.strip()
    return pins


def test_environment_yml_matches_pyproject_and_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = {normalize(p.split("==")[0]): p.split("==")[1] for p in pip_section if "==" in p}
    direct = {normalize(re.split(r"[<>=!~ ]", d)[0]) for d in
              tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    assert set(env_pins) == direct
    locked = lock()
    assert {name: locked[name] for name in env_pins} == env_pins
    assert "python=3.11" in env["dependencies"]
