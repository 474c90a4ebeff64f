#!/usr/bin/env python3
"""Checks the OpenAPI document of a running server: the same document under /api/v3 and /api/internal,
valid OpenAPI 3.1 by openapi-spec-validator, and documenting what a sample of real requests answer
(status, media type, JSON body against the documented schema, query parameters).

Usage: check_openapi.py BASE_URL USERNAME PASSWORD   (the user needs the edit_reports permission)
Needs the Python of scripts/setup's test environment (openapi-spec-validator and jsonschema)."""

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import jsonschema
from openapi_spec_validator import validate

BASE, USERNAME, PASSWORD = sys.argv[1:4]
failures = []
last_headers = {}


def call(method, path, body=None, cookie=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def value_ref_parts(ref):
    assert ref.startswith("#/"), ref
    return [part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/")]


def follow(spec, value):
    """The object that `value` is or refers to."""
    while isinstance(value, dict) and "$ref" in value:
        target = spec
        for part in value_ref_parts(value["$ref"]):
            target = target[part]
        value = target
    return value


def operation_for(spec, method, path):
    """The documented operation and path template for a concrete path, by the templates' segments."""
    segments = path.split("?")[0].split("/")
    candidates = []
    for template, item in spec["paths"].items():
        parts = template.split("/")
        if len(parts) != len(segments) or method.lower() not in item:
            continue
        if all(p == s or (p.startswith("{") and s) for p, s in zip(parts, segments)):
            # Concrete templates win over templated ones, as in the router.
            candidates.append((sum(p.startswith("{") for p in parts), template, item[method.lower()]))
    if not candidates:
        return None, None
    _, template, op = min(candidates, key=lambda c: c[0])
    return template, op


def check(spec, method, path, expected_status, body=None, cookie=None):
    """Sends the request and checks the answer against the document; returns the parsed JSON (or None)."""
    global last_headers
    status, headers, raw = call(method, path, body, cookie)
    last_headers = headers
    where = f"{method} {path} -> {status}"
    if status != expected_status:
        failures.append(f"{where}: expected {expected_status}: {raw[:300]!r}")
        return None
    template, op = operation_for(spec, method, path)
    if op is None:
        failures.append(f"{where}: no documented operation")
        return None
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    documented = {follow(spec, p)["name"] for p in op.get("parameters", []) if follow(spec, p)["in"] == "query"}
    for name in query:
        if name not in documented:
            failures.append(f"{where}: query parameter {name} not documented for {template}")
    response = op["responses"].get(str(status))
    if response is None:
        failures.append(f"{where}: status {status} not documented for {method} {template}")
        return None
    response = follow(spec, response)
    media_type = headers.get("Content-Type", "").split(";")[0].strip()
    content = response.get("content", {})
    if media_type not in content:
        failures.append(f"{where}: media type {media_type} not documented (documented: {list(content)})")
        return None
    if media_type != "application/json":
        print(f"ok {where} {media_type} ({len(raw)} bytes)")
        return None
    answer = json.loads(raw)
    schema = dict(content[media_type]["schema"], components=spec["components"])
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(answer), key=lambda e: list(e.path))
    for error in errors[:5]:
        failures.append(f"{where}: {'/'.join(map(str, error.path))}: {error.message[:300]}")
    if not errors:
        print(f"ok {where} matches {content[media_type]['schema'].get('$ref', 'its schema')}")
    return answer


def main():
    status, headers, v3 = call("GET", "/api/v3/openapi.json")
    assert status == 200, status
    status, _, internal = call("GET", "/api/internal/openapi.json")
    assert status == 200, status
    if v3 != internal:
        failures.append("/api/v3/openapi.json and /api/internal/openapi.json differ")
    spec = json.loads(v3)
    validate(spec)  # raises on an invalid document; picks the 3.1 validator from "openapi"
    operations = sum(1 for item in spec["paths"].values() for key in item if key in ("get", "put", "post", "delete"))
    print(f"openapi-spec-validator: valid OpenAPI {spec['openapi']} document, {operations} operations")
    # The schema check below can fail: a success body is no error body.
    error_schema = {"$ref": "#/components/schemas/Error", "components": spec["components"]}
    assert list(jsonschema.Draft202012Validator(error_schema).iter_errors({"ok": True})), "Error schema accepts anything"

    check(spec, "GET", "/api/v3/server", 200)
    check(spec, "GET", "/api/v3/public_key", 200)
    check(spec, "GET", "/api/v3/datamodel", 200)
    check(spec, "GET", "/api/v3/logo/sonarqube", 200)
    check(spec, "GET", "/api/v3/openapi.json", 200)
    check(spec, "GET", "/api/v3/nr_measure", 200)
    check(spec, "GET", "/api/internal/reports_overview", 200)
    check(spec, "GET", "/api/v3/changelog/10", 200)
    check(spec, "GET", "/api/v3/changelog/ten", 400)
    check(spec, "GET", "/api/v3/settings", 401)
    check(spec, "POST", "/api/internal/report/new", 401)
    check(spec, "POST", "/api/v3/login", 200, {"username": "nobody-openapi", "password": "wrong"})

    check(spec, "POST", "/api/v3/login", 200, {"username": USERNAME, "password": PASSWORD})
    cookie = last_headers.get("Set-Cookie", "").split(";")[0]  # a new login ends the user's earlier session
    if not cookie.startswith("session_id="):
        failures.append(f"login as {USERNAME} set no session cookie")
        return
    report_uuid = check(spec, "POST", "/api/v3/report/new", 200, None, cookie)["new_report_uuid"]
    subject_uuid = check(spec, "POST", f"/api/v3/subject/new/{report_uuid}", 200, {"type": "software"}, cookie)[
        "new_subject_uuid"]
    metric_uuid = check(spec, "POST", f"/api/v3/metric/new/{subject_uuid}", 200, {"type": "violations"}, cookie)[
        "new_metric_uuid"]
    check(spec, "POST", f"/api/v3/report/{report_uuid}/attribute/title", 200, {"title": "OpenAPI check"}, cookie)
    check(spec, "POST", f"/api/v3/metric/{metric_uuid}/attribute/name", 200, {"name": "Checked"}, cookie)
    check(spec, "POST", f"/api/v3/metric/{metric_uuid}/attribute/name", 400, [], cookie)
    check(spec, "GET", f"/api/v3/report/{report_uuid}", 200)
    check(spec, "GET", f"/api/internal/report/{report_uuid}?report_date=2999-01-01", 200)
    check(spec, "GET", "/api/v3/report", 200)
    check(spec, "GET", f"/api/v3/report/{report_uuid}/metric_status_summary", 200)
    check(spec, "GET", "/api/v3/report/no-such-report/metric_status_summary", 404)
    check(spec, "GET", f"/api/v3/changelog/report/{report_uuid}/5", 200)
    check(spec, "GET", f"/api/v3/measurements/{metric_uuid}", 200)
    check(spec, "GET", "/api/v3/settings", 200, None, cookie)
    check(spec, "PUT", "/api/v3/settings", 200, {"hidden_columns": ["trend"]}, cookie)
    check(spec, "POST", "/api/v3/report/search", 200, {"title": "OpenAPI check"})
    check(spec, "GET", f"/api/v3/report/{report_uuid}/json", 200, None, cookie)
    check(spec, "GET", f"/api/v3/report/{report_uuid}/pdf?metrics_to_hide=all&hidden_columns=trend,comment"
                       f"&nr_dates=2&date_interval=14&report_url=https://quality-time.example.org/{report_uuid}", 200)
    check(spec, "GET", f"/api/v3/report/{report_uuid}/pdf?date_interval=3", 400)
    check(spec, "DELETE", f"/api/v3/report/{report_uuid}", 200, None, cookie)
    check(spec, "POST", "/api/v3/logout", 200, None, cookie)


try:
    main()
except Exception as error:  # a failed step leaves later steps without their uuids: report what failed before
    failures.append(f"stopped: {error!r}")
for failure in failures:
    print("FAIL " + failure)
print(f"{len(failures)} problems")
sys.exit(1 if failures else 0)
