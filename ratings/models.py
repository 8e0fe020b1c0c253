"""Scoring sheets, the four-step classification, ballots and star levels. Empty for now."""
