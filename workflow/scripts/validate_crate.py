"""Validate the deposit's ro-crate-metadata.json with roc-validator (rocrate-validator), offline.

Run with the validators' environment (make setup-validators):
    .venv-validators/bin/python workflow/scripts/validate_crate.py deposit/<name>-<version> \
        --context .venv/lib/python3.*/site-packages/rocrate/data/ro-crate.jsonld

The validator resolves the crate's JSON-LD @context over the network; this machine has none. It
has an offline mode that answers from its HTTP cache, so this script seeds a fresh cache with the
context file given (the RO-Crate context the rocrate package ships) under the crate's context
URL, then runs the validator's own command line offline against the Workflow Run Crate profile at
the REQUIRED level. The rocrate package ships the RO-Crate 1.3 context: its terms include every
term of 1.1, and the five whose IRIs changed since are set back to 1.1's (AS_IN_1_1).
tests/deposit/test_crate.py keeps the crate to terms the 1.1 context defines, so the substitute
cannot hide an undefined term. Exit status: the validator's (0 when the crate conforms).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROFILE = "workflow-run-crate-0.5"
CONTEXT_1_1 = "https://w3id.org/ro/crate/1.1/context"
# The terms whose IRIs the RO-Crate 1.3 context changed since 1.1 (bioschemas moved its terms under
# /terms/); restored so that the context served for 1.1 maps every term as 1.1 does.
AS_IN_1_1 = {
    "ComputationalWorkflow": "https://bioschemas.org/ComputationalWorkflow",
    "FormalParameter": "https://bioschemas.org/FormalParameter",
    "input": "https://bioschemas.org/ComputationalWorkflow#input",
    "output": "https://bioschemas.org/ComputationalWorkflow#output",
    "cite-as": "https://www.w3.org/ns/iana/link-relations/relation#cite-as",
}
ACCEPTS = (  # the Accept headers the validator sends for a JSON-LD context (two code paths)
    "application/ld+json, application/json",
    "application/ld+json, application/json, */*;q=0.1",
)


def context_urls(crate: Path) -> list[str]:
    context = json.loads((crate / "ro-crate-metadata.json").read_text(encoding="utf-8"))["@context"]
    return [c for c in (context if isinstance(context, list) else [context]) if isinstance(c, str)]


def seed(cache: Path, urls: list[str], context: bytes) -> None:
    import requests
    from requests_cache import CachedSession
    from urllib3 import HTTPResponse

    session = CachedSession(cache_name=str(cache), backend="sqlite", expire_after=-1)
    for url in urls:
        for accept in ACCEPTS:
            response = requests.Response()
            response.status_code, response.url, response._content = 200, url, context
            response.headers["Content-Type"] = "application/ld+json"
            response.encoding = "utf-8"
            response.request = requests.Request("GET", url, headers={"Accept": accept}).prepare()
            response.raw = HTTPResponse(  # what requests_cache stores besides the body
                body=io.BytesIO(context), headers=dict(response.headers), status=200, request_url=url
            )
            session.cache.save_response(response)
    session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("crate", type=Path, help="the deposit folder holding ro-crate-metadata.json")
    parser.add_argument("--context", type=Path, required=True, help="the JSON-LD context to serve")
    parser.add_argument("--output-file", type=Path, help="the validator's JSON report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "http_cache"
        urls = context_urls(args.crate)
        shipped = json.loads(args.context.read_text(encoding="utf-8"))
        if CONTEXT_1_1 in urls:
            shipped["@context"].update(AS_IN_1_1)
        seed(cache, urls, json.dumps(shipped).encode("utf-8"))
        command = [
            str(Path(sys.executable).with_name("rocrate-validator")),
            "--disable-color",
            "--no-interactive",
            "validate",
            "--offline",
            "--cache-path",
            str(cache),
            "--profile-identifier",
            PROFILE,
            "--requirement-severity",
            os.environ.get("CRATE_SEVERITY", "REQUIRED"),
            "--no-paging",
            "--verbose",
            *(["--output-format", "json", "--output-file", str(args.output_file)] if args.output_file else []),
            str(args.crate),
        ]
        return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main())
