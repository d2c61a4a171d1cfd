"""The Helm chart (helm/jisr), linted and rendered by Helm's own Go SDK, offline.

helm-python-sdk carries Helm v4's SDK as a shared library: `lint` and `render` are what `helm lint` and
`helm template` do, with no binary and no cluster. Each rendered object is then validated against the
Kubernetes OpenAPI schemas (kubernetes-validate, strict: an unknown or misspelt field fails) for the oldest
Kubernetes the chart declares and the newest the validator knows. The rest reads the rendered objects the way
the cluster would: what the probes send, how beat is replaced, when the migrations run, who the containers
run as. No database is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "jisr"
RELEASE = "jisr"
NAMESPACE = "jisr"

Manifest = dict[str, Any]

# Values of the third variant: no existing Secret, so the chart makes one (and the migration hook a copy).
INLINE_SECRETS: dict[str, Any] = {
    "secrets": {
        "existingSecret": "",
        "secretKey": "test-secret-key",
        "fieldEncryptionKeys": "test-fernet-key",
        "fieldHashKey": "test-hash-key",
        "emailUrl": "smtp+tls://user:pw@smtp.example.ma:587",
    },
    "postgresql": {"url": "postgres://jisr:pw@db.example.ma:5432/jisr"},
    "redis": {"url": "redis://cache.example.ma:6379/0"},
}

CONTAINER_TMP = "/tmp"  # noqa: S108 - a path inside the containers

# What every container of the chart must have (the issue's non-root security context).
CONTAINER_SECURITY = {
    "runAsNonRoot": True,
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
}


def values_file(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((CHART / name).read_text())
    return loaded


def render(values: dict[str, Any] | None) -> list[Manifest]:
    """`helm template` of the chart: every object of every template (NOTES.txt is text, not an object)."""
    with helm.Chart.load(CHART) as chart:
        rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE)
    return [
        document
        for path, text in sorted(rendered.items())
        if path.endswith((".yaml", ".yml"))
        for document in yaml.safe_load_all(text)
        if document
    ]


def notes(values: dict[str, Any] | None) -> str:
    with helm.Chart.load(CHART) as chart:
        rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE)
    return next(text for path, text in rendered.items() if path.endswith("NOTES.txt"))


@pytest.fixture(scope="module")
def default_objects() -> list[Manifest]:
    return render(None)


@pytest.fixture(scope="module")
def production_objects() -> list[Manifest]:
    return render(values_file("values-production.yaml"))


@pytest.fixture(scope="module")
def inline_secret_objects() -> list[Manifest]:
    return render(INLINE_SECRETS)


@pytest.fixture(scope="module", params=["default", "production", "inline-secrets"])
def objects(request: pytest.FixtureRequest) -> list[Manifest]:
    """Each variant of the chart's values, for the checks that hold for all of them."""
    fixture = {
        "default": "default_objects",
        "production": "production_objects",
        "inline-secrets": "inline_secret_objects",
    }
    loaded: list[Manifest] = request.getfixturevalue(fixture[request.param])
    return loaded


def find(objects: list[Manifest], kind: str, name: str) -> Manifest:
    matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def pod_specs(objects: list[Manifest]) -> Iterator[tuple[str, Manifest]]:
    """(kind/name, pod spec) of every workload that makes pods."""
    for o in objects:
        if o["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "Job"}:
            yield f"{o['kind']}/{o['metadata']['name']}", o["spec"]["template"]["spec"]


def declared_kubernetes_floor() -> str:
    """The lowest version of the chart's kubeVersion constraint (">=1.29.0-0" -> "1.29.0")."""
    constraint = yaml.safe_load((CHART / "Chart.yaml").read_text())["kubeVersion"]
    match = re.fullmatch(r">=\s*v?(\d+\.\d+\.\d+)(?:-0)?", constraint.strip())
    assert match, f"kubeVersion {constraint!r} is not a plain lower bound"
    return match[1]


def hook_weight(o: Manifest) -> int:
    return int(o["metadata"].get("annotations", {}).get("helm.sh/hook-weight", "0"))


def hooks_of(o: Manifest) -> set[str]:
    return set(o["metadata"].get("annotations", {}).get("helm.sh/hook", "").split(",")) - {""}


# --- Helm itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("values_name", [None, "values-production.yaml"])
def test_chart_lints_clean_for_the_oldest_declared_kubernetes(values_name: str | None) -> None:
    values = values_file(values_name) if values_name else None
    report = helm.lint(CHART, values, strict=True, kube_version=f"v{declared_kubernetes_floor()}")
    # Severity 1 is information ("icon is recommended"); 2 is a warning, 3 an error.
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == []
    assert problems == []


def test_a_chart_made_secret_needs_every_required_key() -> None:
    values = {**INLINE_SECRETS, "secrets": {**INLINE_SECRETS["secrets"], "fieldEncryptionKeys": ""}}
    with pytest.raises(helm.HelmError, match=r"secrets\.fieldEncryptionKeys is required"):
        render(values)


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"web": {"replica": 3}}, "'replica' not allowed"),
        ({"ingress": {"tls": {"secretname": "tls"}}}, "'secretname' not allowed"),
        ({"platformDomain": "https://jisr.example.ma"}, "does not match pattern"),
        ({"migrations": {"activeDeadlineSeconds": 60}}, "minimum"),
    ],
)
def test_a_misspelt_or_impossible_value_is_refused_before_anything_is_installed(
    values: dict[str, Any], complaint: str
) -> None:
    # values.schema.json: Helm checks it at install, upgrade, lint and template.
    with pytest.raises(helm.HelmError, match=complaint):
        render(values)


# --- Kubernetes' own schemas ----------------------------------------------------------------------------


def test_every_rendered_object_is_valid_for_the_declared_and_the_newest_kubernetes(objects: list[Manifest]) -> None:
    versions = [declared_kubernetes_floor(), kubernetes_validate.utils.latest_version()]
    assert versions[0] in kubernetes_validate.utils.all_versions()
    for o in objects:
        for version in versions:
            try:
                kubernetes_validate.validate(o, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                path = ".".join(str(p) for p in error.path)
                pytest.fail(f"{o['kind']}/{o['metadata']['name']} for Kubernetes {version}: {path}: {error.message}")


# --- What the cluster will do ---------------------------------------------------------------------------


def test_web_probes_name_the_bare_domain_as_host(objects: list[Manifest]) -> None:
    domain = find(objects, "ConfigMap", RELEASE)["data"]["PLATFORM_DOMAIN"]
    web = find(objects, "Deployment", f"{RELEASE}-web")["spec"]["template"]["spec"]["containers"][0]
    paths = {}
    for probe_name in ("startupProbe", "livenessProbe", "readinessProbe"):
        probe = web[probe_name]["httpGet"]
        assert probe["port"] == "http"
        assert {"name": "Host", "value": domain} in probe["httpHeaders"], probe_name
        paths[probe_name] = probe["path"]
    # Liveness asks only whether the process answers; readiness also whether PostgreSQL and Redis do.
    assert paths == {"startupProbe": "/healthz", "livenessProbe": "/healthz", "readinessProbe": "/readyz"}


def test_beat_is_a_single_pod_replaced_by_recreate(objects: list[Manifest]) -> None:
    beat = find(objects, "Deployment", f"{RELEASE}-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert beat["spec"]["template"]["spec"]["containers"][0]["args"] == ["beat"]
    # Nothing may scale it or keep a drain from moving it.
    targets = [o["spec"]["scaleTargetRef"]["name"] for o in objects if o["kind"] == "HorizontalPodAutoscaler"]
    assert f"{RELEASE}-beat" not in targets
    budgets = [o for o in objects if o["kind"] == "PodDisruptionBudget"]
    assert all(b["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] != "beat" for b in budgets)


def test_migrations_run_as_a_pre_install_and_pre_upgrade_hook_with_a_long_deadline(objects: list[Manifest]) -> None:
    job = find(objects, "Job", f"{RELEASE}-migrate")
    annotations = job["metadata"]["annotations"]
    assert hooks_of(job) == {"pre-install", "pre-upgrade"}
    assert "before-hook-creation" in annotations["helm.sh/hook-delete-policy"]
    assert job["spec"]["activeDeadlineSeconds"] >= 3600
    assert job["spec"]["backoffLimit"] >= 1
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    # `migrate` is deploy/entrypoint.sh's `migrate_schemas --executor multiprocessing` (test_dockerfile.py).
    assert pod["containers"][0]["args"] == ["migrate"]


def test_the_migration_hook_finds_its_configuration_before_the_release_exists(objects: list[Manifest]) -> None:
    """A pre-install hook runs before the release's own ConfigMap, Secret and ServiceAccount are created: all
    the Job reads must be hooks of the same events created before it (lower weight), or made outside Helm."""
    job = find(objects, "Job", f"{RELEASE}-migrate")
    pod = job["spec"]["template"]["spec"]
    earlier_hooks = {
        (o["kind"], o["metadata"]["name"])
        for o in objects
        if hooks_of(o) >= hooks_of(job) and hook_weight(o) < hook_weight(job)
    }
    release_objects = {(o["kind"], o["metadata"]["name"]) for o in objects if not hooks_of(o)}
    needed = [("ServiceAccount", pod["serviceAccountName"])]
    for source in pod["containers"][0]["envFrom"]:
        if "configMapRef" in source:
            needed.append(("ConfigMap", source["configMapRef"]["name"]))
        if "secretRef" in source:
            needed.append(("Secret", source["secretRef"]["name"]))
    for kind, name in needed:
        if (kind, name) in earlier_hooks or (kind, name) == ("ServiceAccount", "default"):
            continue
        # Otherwise only a Secret the operator made before the install (secrets.existingSecret) will do.
        assert (kind, name) not in release_objects, f"the migration Job needs {kind} {name}, created after it"
        assert kind == "Secret", f"{kind} {name} does not exist at pre-install"


def test_the_hook_copy_of_the_configuration_equals_the_release_configuration(objects: list[Manifest]) -> None:
    release = find(objects, "ConfigMap", RELEASE)["data"]
    hook = find(objects, "ConfigMap", f"{RELEASE}-migrate")["data"]
    assert hook == release


def test_every_pod_runs_as_non_root_on_a_read_only_root_filesystem(objects: list[Manifest]) -> None:
    pods = list(pod_specs(objects))
    assert {name for name, _ in pods} >= {
        f"Deployment/{RELEASE}-web",
        f"Deployment/{RELEASE}-worker",
        f"Deployment/{RELEASE}-beat",
        f"Job/{RELEASE}-migrate",
    }
    for name, pod in pods:
        pod_context = pod["securityContext"]
        assert pod_context["runAsNonRoot"] is True, name
        assert pod_context["runAsUser"] > 0, name
        assert pod_context["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        tmp_volumes = {v["name"] for v in pod["volumes"] if "emptyDir" in v}
        for container in pod.get("initContainers", []) + pod["containers"]:
            where = f"{name} container {container['name']}"
            context = container["securityContext"]
            for field, expected in CONTAINER_SECURITY.items():
                assert context[field] is expected, f"{where}: {field}"
            assert context.get("runAsUser", pod_context["runAsUser"]) > 0, where
            assert context["capabilities"] == {"drop": ["ALL"]}, where
            assert context["seccompProfile"] == {"type": "RuntimeDefault"}, where
            # The root filesystem is read-only: /tmp is an emptyDir.
            tmp = [m["name"] for m in container["volumeMounts"] if m["mountPath"] == CONTAINER_TMP]
            assert tmp, f"{where}: /tmp"
            assert tmp[0] in tmp_volumes, f"{where}: /tmp"
            resources = container["resources"]
            for part in ("requests", "limits"):
                assert set(resources[part]) >= {"cpu", "memory"}, f"{where}: {part}"


def test_worker_autoscales_and_web_and_worker_have_disruption_budgets(objects: list[Manifest]) -> None:
    hpa = find(objects, "HorizontalPodAutoscaler", f"{RELEASE}-worker")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": f"{RELEASE}-worker"}
    assert 1 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
    worker = find(objects, "Deployment", f"{RELEASE}-worker")
    # The autoscaler owns the count: a replicas field would reset it at every upgrade.
    assert "replicas" not in worker["spec"]
    for component in ("web", "worker"):
        budget = find(objects, "PodDisruptionBudget", f"{RELEASE}-{component}")
        deployment = find(objects, "Deployment", f"{RELEASE}-{component}")
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert budget["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
        assert budget["spec"]["maxUnavailable"] >= 1


def test_the_web_service_and_ingress_reach_the_web_pods(objects: list[Manifest]) -> None:
    web = find(objects, "Deployment", f"{RELEASE}-web")
    service = find(objects, "Service", f"{RELEASE}-web")
    assert service["spec"]["selector"].items() <= web["spec"]["template"]["metadata"]["labels"].items()
    container_ports = {p["name"] for p in web["spec"]["template"]["spec"]["containers"][0]["ports"]}
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= container_ports
    ingress = find(objects, "Ingress", RELEASE)
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"] == {"name": f"{RELEASE}-web", "port": {"name": "http"}}


def test_every_pod_reads_the_same_configuration_and_rolls_when_it_changes(objects: list[Manifest]) -> None:
    for component in ("web", "worker", "beat"):
        template = find(objects, "Deployment", f"{RELEASE}-{component}")["spec"]["template"]
        container = template["spec"]["containers"][0]
        refs = {next(iter(source)): next(iter(source.values()))["name"] for source in container["envFrom"]}
        assert refs["configMapRef"] == RELEASE
        assert "checksum/config" in template["metadata"]["annotations"]


# --- The variants ---------------------------------------------------------------------------------------


def test_production_values_serve_both_hosts_with_tls_from_three_web_pods(production_objects: list[Manifest]) -> None:
    domain = values_file("values-production.yaml")["platformDomain"]
    ingress = find(production_objects, "Ingress", RELEASE)
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    assert hosts == [domain, f"*.{domain}"]
    assert ingress["spec"]["tls"] == [{"hosts": [domain, f"*.{domain}"], "secretName": "jisr-wildcard-tls"}]
    assert find(production_objects, "Deployment", f"{RELEASE}-web")["spec"]["replicas"] == 3


def test_production_values_use_external_postgresql_and_redis(production_objects: list[Manifest]) -> None:
    # No database or cache runs inside the release: the Secret made outside Helm holds their URLs.
    images = [c["image"] for _, pod in pod_specs(production_objects) for c in pod["containers"]]
    assert all("postgres" not in image and "redis" not in image for image in images)
    assert not [o for o in production_objects if o["kind"] in {"StatefulSet", "Secret"} and not hooks_of(o)]
    web = find(production_objects, "Deployment", f"{RELEASE}-web")["spec"]["template"]["spec"]["containers"][0]
    assert {"secretRef": {"name": "jisr-secrets"}} in web["envFrom"]


def test_default_values_ask_for_an_existing_secret_and_warn_about_plain_http() -> None:
    text = notes(None)
    assert "jisr-secrets" in text
    assert "WARNING: ingress.tls.enabled is false" in text
    assert "WARNING" not in notes(values_file("values-production.yaml"))


def test_inline_secrets_become_a_secret_and_a_hook_copy_for_the_migrations(
    inline_secret_objects: list[Manifest],
) -> None:
    secret = find(inline_secret_objects, "Secret", RELEASE)
    hook_copy = find(inline_secret_objects, "Secret", f"{RELEASE}-migrate")
    assert secret["data"] == hook_copy["data"]
    assert set(secret["data"]) == {
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "FIELD_HASH_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
    }
    assert hooks_of(hook_copy) == {"pre-install", "pre-upgrade"}
    # A changed secret rolls the pods, as a changed ConfigMap does.
    web = find(inline_secret_objects, "Deployment", f"{RELEASE}-web")
    assert "checksum/secret" in web["spec"]["template"]["metadata"]["annotations"]


def test_every_pod_has_a_network_policy_and_only_web_takes_connections(objects: list[Manifest]) -> None:
    policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
    for name, _ in pod_specs(objects):
        workload = next(o for o in objects if f"{o['kind']}/{o['metadata']['name']}" == name)
        labels = workload["spec"]["template"]["metadata"]["labels"]
        selecting = [p for p in policies if p["spec"]["podSelector"]["matchLabels"].items() <= labels.items()]
        assert len(selecting) == 1, name
        spec = selecting[0]["spec"]
        assert spec["policyTypes"] == ["Ingress"]
        if labels["app.kubernetes.io/component"] == "web":
            assert [rule["ports"] for rule in spec["ingress"]] == [[{"port": "http", "protocol": "TCP"}]]
        else:
            assert spec["ingress"] == [], f"{name} serves nothing"


def test_every_object_names_the_release_namespace(objects: list[Manifest]) -> None:
    # `helm template | kubectl apply` then lands where `helm install -n` would.
    for o in objects:
        assert o["metadata"]["namespace"] == NAMESPACE, f"{o['kind']}/{o['metadata']['name']}"
