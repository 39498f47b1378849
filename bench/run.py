"""``python -m bench.run [--scale N] [--scenario NAME ...] [--repeat K]`` (``make bench BENCH_ARGS=…``).

Prepares ``tugi_bench`` at the scale (generating only what is missing), then measures each scenario
beside its SQL floor and prints a table, the audit query plans and the JSON list, which it also
writes to ``bench/results/<UTC time>-scale<N>.json``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import psycopg

from bench import db
from bench.scenarios import SCENARIOS


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="agency-years of data: 1 ≈ 100 000 audit events")
    parser.add_argument("--scenario", nargs="+", action="extend", choices=SCENARIOS, help="only these (default: all)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per scenario (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first (default 3)")
    parser.add_argument("--no-explain", action="store_true", help="skip EXPLAIN (ANALYZE) of the measured queries")
    parser.add_argument("--generate-only", action="store_true", help="prepare the data at the scale, measure nothing")
    parser.add_argument(
        "--no-generate",
        action="store_true",
        help="measure on the data already there (a partial generation is reported, not completed)",
    )
    args = parser.parse_args(argv)
    if args.scale < 1 or args.repeat < 1 or args.warmup < 0:
        parser.error("--scale and --repeat must be at least 1, --warmup at least 0")
    return args


def _check_rows(scenario: Any, result: dict[str, Any]) -> None:
    """The page should show the rows its floor fetched: a list page counted in its HTML."""
    if scenario.page_rows is None:
        return
    shown = scenario.page_rows(scenario.view().content.decode())
    result["rows_on_page"] = shown
    if shown != result["rows"]:
        print(f"  warning: {scenario.name} page shows {shown} rows, its floor {result['rows']}")


def _explain(scenario: Any, conn: psycopg.Connection[Any], result: dict[str, Any]) -> None:
    from bench.explain import audit_plan, case_plans

    if scenario.explain == "audit":
        explained = audit_plan(scenario)
        if explained:
            result["explain"] = {k: v for k, v in explained.items() if k != "sql"}
    elif scenario.explain == "floor":
        result["page_queries"], result["explain"] = case_plans(scenario, conn)


def _generation(url: str, scale: int) -> None:
    from bench.generate import generate

    print(f"Preparing {db.DB_NAME} at scale {scale} …", flush=True)
    summary = generate(db.conninfo(url), scale)
    if summary["generated_blocks"]:
        rate = summary["events"] / summary["events_seconds"] if summary["events_seconds"] else 0
        print(
            f"Generated blocks {summary['generated_blocks'][0]}–{summary['generated_blocks'][-1]}: "
            f"{summary['events']:,} audit events in {summary['events_seconds']:.1f} s ({rate:,.0f} events/s; "
            f"VACUUM ANALYZE {summary.get('vacuum_seconds', 0)} s)"
        )
    if summary["case_blocks"]:
        rate = summary["case_rows"] / summary["case_seconds"] if summary["case_seconds"] else 0
        print(
            f"Loaded cases of blocks {summary['case_blocks'][0]}–{summary['case_blocks'][-1]}: "
            f"{summary['case_rows']:,} rows (clients, cases, workers, intakes, statuses, timeline, tasks) in "
            f"{summary['case_seconds']:.1f} s ({rate:,.0f} rows/s; VACUUM ANALYZE "
            f"{summary.get('case_analyze_seconds', 0)} s)"
        )
    if not summary["generated_blocks"] and not summary["case_blocks"]:
        print(f"Data for scale {scale} already present: generation skipped.")
    blocks, rows, seconds = summary["case_totals"]
    print(
        f"{db.DB_NAME}: {summary['all_blocks_events']:,} generated audit events, generation took "
        f"{summary['all_blocks_seconds']:.1f} s in all; case data of {blocks} blocks: {rows:,} rows loaded in "
        f"{seconds:.1f} s (bench_meta, bench_cases_meta)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    names = args.scenario or SCENARIOS
    url = db.configure(args.scale)
    db.setup_django()
    if args.no_generate:
        print(f"Measuring {db.DB_NAME} as it is (--no-generate): the data may be short of scale {args.scale}.")
    else:
        _generation(url, args.scale)
    if args.generate_only:
        return 0

    from bench.report import measure, plans, table, write
    from bench.scenarios import build

    print("Note: every audit page writes one audit.trail.viewed event; that INSERT (hash chain) is in its time.")
    results = []
    with psycopg.connect(**db.conninfo(url), autocommit=True) as conn:
        for scenario in build(list(names)):
            if scenario.skipped:
                print(f"  {scenario.name}: skipped, {scenario.skipped}", flush=True)
                results.append({"scenario": scenario.name, "scale": args.scale, "skipped": scenario.skipped})
                continue
            print(f"  {scenario.name} …", flush=True)
            result = measure(scenario, conn, scale=args.scale, repeat=args.repeat, warmup=args.warmup)
            _check_rows(scenario, result)
            if not args.no_explain:
                _explain(scenario, conn, result)
            results.append(result)
    print()
    print(table(results))
    if not args.no_explain:
        print("\nQuery plans (EXPLAIN ANALYZE): the audit query each audit page ran; the floor queries and the")
        print("page's own SELECTs on big tables of each case page (page: slowest first):")
        print(plans(results))
    print()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nWritten to {write(results, args.scale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
