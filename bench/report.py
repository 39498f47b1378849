"""Timing of a scenario beside its floor, and the output: a table, a JSON list and a results file.

A benchmark is not a test: nothing here compares a time with a limit. Numbers are reported.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from bench.scenarios import Scenario

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def percentile(samples: list[float], q: int) -> float:
    """The q-th percentile (inclusive method); the sample itself when there is only one."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def measure(
    scenario: Scenario, conn: psycopg.Connection[Any], *, scale: int, repeat: int, warmup: int
) -> dict[str, Any]:
    """Alternates page and floor so both see the same cache and the same neighbours on the machine."""
    for _ in range(warmup):
        scenario.view()
        scenario.floor(conn)
    views: list[float] = []
    floors: list[float] = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        scenario.view()
        views.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        rows = scenario.floor(conn)
        floors.append((time.perf_counter() - started) * 1000)
    p50, floor_p50 = statistics.median(views), statistics.median(floors)
    return {
        "scenario": scenario.name,
        "scale": scale,
        "rows": rows,
        "p50_ms": round(p50, 3),
        "p95_ms": round(percentile(views, 95), 3),
        "sql_floor_p50_ms": round(floor_p50, 3),
        "sql_floor_p95_ms": round(percentile(floors, 95), 3),
        "ratio": round(p50 / floor_p50, 1) if floor_p50 else None,
        "n": repeat,
        "measures": scenario.measures,
        "sql_floor": scenario.floor_note,
        "writes_audit_event": scenario.audited,
    }


def table(results: list[dict[str, Any]]) -> str:
    head = (
        f"{'scenario':<18} {'rows':>5} {'p50 ms':>9} {'p95 ms':>9} "
        f"{'floor p50':>10} {'floor p95':>10} {'ratio':>7} {'n':>4}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        if r.get("skipped"):
            lines.append(f"{r['scenario']:<18} skipped: {r['skipped']}")
            continue
        lines.append(
            f"{r['scenario']:<18} {r['rows']:>5} {r['p50_ms']:>9.2f} {r['p95_ms']:>9.2f} "
            f"{r['sql_floor_p50_ms']:>10.3f} {r['sql_floor_p95_ms']:>10.3f} {r['ratio'] or 0:>7.1f} {r['n']:>4}"
        )
    return "\n".join(lines)


def plans(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        explained = r.get("explain")
        if isinstance(explained, dict):
            warn = "  <-- SEQ SCAN on audit_auditevent" if explained["seq_scan"] else ""
            lines.append(f"{r['scenario']}: {explained['plan']} ({explained['ms']} ms){warn}")
        elif explained:
            lines.append(f"{r['scenario']} ({r.get('page_queries', '?')} queries on the page):")
            for p in explained:
                warn = f"  <-- SEQ SCAN on {', '.join(p['seq_scans'])}" if p["seq_scans"] else ""
                thrown = ", ".join(f"{t}: {n:,}" for t, n in p.get("filtered_out", {}).items())
                warn += f"  <-- ROWS FILTERED OUT ({thrown})" if thrown else ""
                lines.append(f"  {p['source']:<5} {p['plan']} ({p['ms']} ms){warn}")
    return "\n".join(lines)


def write(results: list[dict[str, Any]], scale: int) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}-scale{scale}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
