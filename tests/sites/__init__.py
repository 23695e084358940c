"""Fixture clinic websites and the real HTTP server the fetch and audit tests run against."""
