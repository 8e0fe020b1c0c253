"""Commitments, agreements, public commitments, progress, year-end re-rating and rates. Empty for now."""
