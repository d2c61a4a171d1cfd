"""Sample data for a demo office: a visitor register, cases at every step, referrals, campaigns.

`seed_office` fills the schema the connection is in (jisr.demo.seed sets it for
each demo commune). Everything goes through the office's services, so the
references, due dates, timelines and audit log are the ones the product
writes; the services stamp rows with the real clock, and a story spread over
nine months needs them in the past, so `Clock` moves them back afterwards.
Those direct updates are the demo's only writes outside the services.

Each office writes in its working language (jisr.demo.WORKING_LANGUAGES): an
office of Souss-Massa keeps its register in Arabic, Nador's in French, each in
its own varied words (scenarios, wording); the language changes the words only,
never the story a seed tells, so the figures are the same in either.

The people are synthetic: names drawn from lists, phone numbers made from the
numbering plans' example numbers, e-mail addresses at example.org.
"""

from cases.demo.calendar import HISTORY_DAYS
from cases.demo.office import has_sample_data, seed_office

__all__ = ["HISTORY_DAYS", "has_sample_data", "seed_office"]
