"""Questionnaires, survey rounds, one-time codes and responses (issue: the big survey). Empty for now."""
