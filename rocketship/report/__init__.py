"""Rendering: turn results into rich tables, JSON or CSV.  No model code here."""
