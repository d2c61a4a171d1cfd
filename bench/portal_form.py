"""The portal's request form as the benchmarks' visitors fill it in (bench/locust_load.py, bench/locust_portal.py).

Imported by the locustfiles: locust puts their folder on the path.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CATEGORY = re.compile(r'<option value="(\d+)"')

# The fields of the request form (cases/portal/forms.py) that stay the same from one visitor to the next.
REQUEST = {
    "first_name": "Samira",
    "residence_country": "FR",
    "phone": "+33 6 12 34 56 78",
    "preferred_language": "fr",
    "description": "Je souhaite connaître l'état de mon dossier de permis de construire déposé en juillet.",
    "consent": "on",
}


def filled_in(
    form: str, choose: Callable[[list[str]], str] = lambda categories: categories[0]
) -> dict[str, str] | None:
    """The request form's fields for a new person (a name and e-mail of their own), the category picked by
    `choose` among the page's; None if `form` holds no request form."""
    token = TOKEN.search(form)
    categories = CATEGORY.findall(form)
    if token is None or not categories:
        return None
    unique = uuid.uuid4().hex[:8]
    return REQUEST | {
        "csrfmiddlewaretoken": token.group(1),
        "category": choose(categories),
        "last_name": f"Bench{unique}",
        "email": f"visitor-{unique}@example.org",
    }


def acknowledged(response: Any) -> bool:
    """Whether the answer to a submission is the acknowledgement page, with the request's reference."""
    return response.status_code == 200 and "portal-code" in response.text
