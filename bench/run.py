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
    parser.add_argument("--no-explain", action="store_true", help="skip EXPLAIN (ANALYZE) of the audit queries")
    args = parser.parse_args(argv)
    if args.scale < 1 or args.repeat < 1 or args.warmup < 0:
        parser.error("--scale and --repeat must be at least 1, --warmup at least 0")
    return args


def _rows_on_page(response: Any) -> int:
    """Events listed on an audit page (each row shows its action in <code>)."""
    return response.content.decode().count("<code>")


def _generation(url: str, scale: int) -> None:
    from bench.generate import generate

    print(f"Preparing {db.DB_NAME} at scale {scale} …", flush=True)
    summary = generate(db.conninfo(url), scale)
    if summary["generated_blocks"]:
        rate = summary["events"] / summary["seconds"] if summary["seconds"] else 0
        print(
            f"Generated blocks {summary['generated_blocks'][0]}–{summary['generated_blocks'][-1]}: "
            f"{summary['events']:,} audit events in {summary['seconds']:.1f} s ({rate:,.0f} events/s, "
            f"including VACUUM ANALYZE {summary.get('vacuum_seconds', 0)} s)"
        )
    else:
        print(f"Data for scale {scale} already present: generation skipped.")
    print(
        f"{db.DB_NAME}: {summary['all_blocks_events']:,} generated audit events, generation took "
        f"{summary['all_blocks_seconds']:.1f} s in all (bench_meta)"
    )


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    names = args.scenario or SCENARIOS
    url = db.configure(args.scale)
    db.setup_django()
    _generation(url, args.scale)

    from bench.explain import audit_plan
    from bench.report import measure, plans, table, write
    from bench.scenarios import build

    print("Note: every audit page writes one audit.trail.viewed event; that INSERT (hash chain) is in its time.")
    results = []
    with psycopg.connect(**db.conninfo(url), autocommit=True) as conn:
        for scenario in build(list(names)):
            print(f"  {scenario.name} …", flush=True)
            result = measure(scenario, conn, scale=args.scale, repeat=args.repeat, warmup=args.warmup)
            if scenario.audited:
                shown = _rows_on_page(scenario.view())
                if shown != result["rows"]:
                    print(f"  warning: {scenario.name} page lists {shown} events, its floor {result['rows']}")
                if not args.no_explain:
                    explained = audit_plan(scenario)
                    if explained:
                        result["explain"] = {k: v for k, v in explained.items() if k != "sql"}
            results.append(result)
    print()
    print(table(results))
    if not args.no_explain:
        print("\nPlans of the audit queries (EXPLAIN ANALYZE of the SQL each page ran):")
        print(plans(results))
    print()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nWritten to {write(results, args.scale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
