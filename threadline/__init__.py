"""threadline's pure core: parsing thread files, tagging countries and dates.

Nothing in this package imports Dagster; the assets call into it.
"""
