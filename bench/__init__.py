"""Benchmarks of Tugi (ENGINEERING, Benchmarks): synthetic data at a scale, pages beside their SQL floor."""
