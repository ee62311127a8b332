"""Salary records: reading them (readers), counting and quantiles (statistics), percentile
bands built from them (calibrate) and how well a bands file fits them (backtest)."""
