"""The close of a survey round seals its online answers (docs/rules.md §14).

While a round is open, PostgreSQL's system columns tell more than the schema does: a response row and the
code row marked used by the same submission carry the same transaction id (``xmin``), and ids come from a
sequence in the order of submission. At close, inside the close's transaction, every online response is
therefore written again: the old rows are deleted, and their contents are inserted anew in a random order,
with fresh ids and the close's date. Every new row (responses and answers), and every code row
(``core.codes.codes_settle``), then carries the close's transaction id; ids follow the shuffle, not the
order of submission. Paper and Excel questionnaires were typed in by staff (their rows say who, and an
audit row says when): they are left as they are.
"""
from __future__ import annotations

import datetime
import random
from collections import defaultdict

from .models import Answer, Response, SurveyRound

_shuffle = random.SystemRandom().shuffle


def responses_reshuffle(round_: SurveyRound, *, on: datetime.date) -> int:
    """Write the round's online responses again in a random order (call inside the close's transaction,
    after the round row is locked). Returns how many were rewritten."""
    from .services import insert_answer_rows  # the bulk insert the Excel import uses

    online = Response.objects.filter(round=round_, channel="online")
    old = list(online.values_list("pk", "category", "label"))
    if not old:
        return 0
    answers: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for response_id, question_id, value, text in (Answer.objects.filter(response__in=online)
                                                  .values_list("response_id", "question_id", "value", "text")):
        answers[response_id].append((question_id, value, text))
    Answer.objects.filter(response__in=online).delete()
    online.delete()
    _shuffle(old)
    new = Response.objects.bulk_create([
        Response(round_id=round_.pk, category=category, label=label, channel="online", entered_on=on)
        for _pk, category, label in old
    ])
    if any(r.pk is None for r in new):  # a backend that returns no ids from a bulk insert
        raise RuntimeError("the database did not return the new response ids")
    insert_answer_rows([(r.pk, q, v, t) for r, (old_pk, _c, _l) in zip(new, old) for q, v, t in answers[old_pk]])
    return len(new)
