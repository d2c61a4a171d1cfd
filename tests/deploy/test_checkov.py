"""checkov, the policy scanner, finds no misconfiguration in the rendered chart and the Dockerfiles.

checkov cannot live in the project's environment (3.3 pins `packaging<24`; kombu and pytest need newer), so
`python3 dev.py test` installs it into a virtual environment of its own, kept in the user's cache between runs
(jisr.cli.ensure_checkov), and names it in CHECKOV. It runs offline (`--skip-download`): without a Prisma
Cloud key it reports no severities, so every failed check fails the test, whatever its severity, except the
few skipped below on purpose.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.test_helm import INLINE_SECRETS, ROOT, render, values_file

# Checks the chart does not follow, on purpose:
ACCEPTED = {
    # Pull policy Always / image by digest: releases use immutable version tags with IfNotPresent; a digest
    # can be given (image.digest) and then wins.
    "CKV_K8S_15": "immutable tags, IfNotPresent",
    "CKV_K8S_43": "immutable tags; image.digest supported",
    # Secrets as environment variables: the settings are read from the environment only (twelve-factor),
    # from a Secret, never written in the chart's values in production (existingSecret).
    "CKV_K8S_35": "settings come from the environment",
    # Liveness/readiness probes: web has both (tests/deploy/test_helm.py); worker and beat serve no port, and
    # a broker ping as liveness would restart every worker during a Redis outage, which they ride out.
    "CKV_K8S_8": "worker and beat have no port; web's probes are tested",
    "CKV_K8S_9": "worker and beat have no port; web's probes are tested",
}


def checkov() -> str:
    found = os.environ.get("CHECKOV") or shutil.which("checkov")
    assert found, "checkov is missing: `python3 dev.py test` installs it (jisr.cli.ensure_checkov)"
    return found


def scan(*arguments: str) -> dict[str, Any]:
    """checkov's JSON report (one framework at a time: one report)."""
    done = subprocess.run(
        [checkov(), *arguments, "--skip-download", "--quiet", "--compact", "--output", "json",
         "--skip-check", ",".join(sorted(ACCEPTED))],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-3000:]  # 1: some check failed
    report = json.loads(done.stdout)
    reports = report if isinstance(report, list) else [report]
    merged: dict[str, Any] = {"passed": 0, "failed": []}
    for item in reports:
        merged["passed"] += item.get("summary", {}).get("passed", 0)
        merged["failed"] += item.get("results", {}).get("failed_checks", [])
    return merged


def failures(report: dict[str, Any]) -> list[str]:
    return [f"{check['check_id']} {check['check_name']} in {check['resource']}" for check in report["failed"]]


@pytest.mark.parametrize("variant", ["default", "production", "inline-secrets"])
def test_the_rendered_chart_passes_every_kubernetes_check(variant: str, tmp_path: Path) -> None:
    values = {"default": None, "production": values_file("values-production.yaml"), "inline-secrets": INLINE_SECRETS}
    manifests = render(values[variant])
    (tmp_path / "manifests.yaml").write_text(yaml.safe_dump_all(manifests))
    report = scan("--directory", str(tmp_path), "--framework", "kubernetes")
    assert failures(report) == []
    assert report["passed"] > 100  # it did look: hundreds of checks over the chart's objects


@pytest.mark.parametrize("dockerfile", ["deploy/Dockerfile", "deploy/caddy/Dockerfile"])
def test_the_dockerfiles_pass_every_check(dockerfile: str) -> None:
    report = scan("--file", str(ROOT / dockerfile), "--framework", "dockerfile")
    assert failures(report) == []
    assert report["passed"] > 10
