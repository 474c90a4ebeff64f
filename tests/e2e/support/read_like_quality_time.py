#!/usr/bin/python3
"""Reads a report from the database with pymongo, the way Quality-time's own code reads it, and checks the
field names and Python types that its collector, notifier and API server rely on.

Usage: read_like_quality_time.py DATABASE_URL REPORT_UUID. Prints "ok", or each problem, and exits 1.
"""

import sys

import pymongo


def check(problems, condition, message):
    if not condition:
        problems.append(message)


def main(database_url, report_uuid):
    database = pymongo.MongoClient(database_url, serverSelectionTimeoutMS=5000).quality_time_db
    problems = []
    # As shared code's latest_reports() and the collector read them.
    reports = list(database.reports.find({"last": True, "deleted": {"$exists": False}}))
    report = next((r for r in reports if r["report_uuid"] == report_uuid), None)
    if report is None:
        print(f"report {report_uuid} is not among the latest reports")
        return 1
    check(problems, report["last"] is True, "last is not the boolean True")
    check(problems, isinstance(report["timestamp"], str) and report["timestamp"].endswith("+00:00"), "timestamp")
    delta = report["delta"]
    check(problems, list(delta.keys()) == ["description", "email", "uuids"], f"delta keys {list(delta)}")
    check(problems, all(isinstance(uuid, str) for uuid in delta["uuids"]), "delta uuids")
    check(problems, delta["uuids"] == sorted(delta["uuids"]), "delta uuids are not sorted")
    check(problems, isinstance(report["subjects"], dict), "subjects is not a dict")
    for subject in report["subjects"].values():
        check(problems, isinstance(subject["metrics"], dict), "metrics is not a dict")
        for metric in subject["metrics"].values():
            check(problems, isinstance(metric["type"], str), "metric type")
            check(problems, isinstance(metric["sources"], dict), "sources is not a dict")
            check(problems, isinstance(metric.get("accept_debt", False), bool), "accept_debt is not a bool")
            check(problems, isinstance(metric.get("tags", []), list), "tags is not a list")
            for key in ("target", "near_target"):
                check(problems, metric.get(key) is None or isinstance(metric[key], str), f"{key} is not a string")
            for source in metric["sources"].values():
                check(problems, isinstance(source["parameters"], dict), "parameters is not a dict")
    for destination in report.get("notification_destinations", {}).values():
        check(problems, type(destination["sleep_duration"]) is int, "sleep_duration is not an int")
    overview = database.reports_overviews.find_one({}, sort=[("timestamp", pymongo.DESCENDING)])
    check(problems, isinstance(overview["title"], str), "reports overview title")
    session = database.sessions.find_one({})
    if session:
        check(problems, hasattr(session["session_expiration_datetime"], "year"), "session expiry is not a date")
    print("\n".join(problems) or "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
