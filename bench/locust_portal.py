"""Locust visitors of bench/portal_load.py: open the request form, submit it, again.

Run by bench/portal_load.py in its own process (locust brings gevent, which must
not patch the platform's process).
"""

from __future__ import annotations

import os
import re
import uuid

from locust import HttpUser, between, task

HOST = os.environ.get("JISR_BENCH_HOST", "")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CATEGORY = re.compile(r'<option value="(\d+)"')


class Visitor(HttpUser):
    wait_time = between(0.5, 1.5)  # a person reads before submitting

    def on_start(self) -> None:
        self.client.headers["Host"] = HOST

    @task
    def submit_a_request(self) -> None:
        page = self.client.get("/portal/request/", name="open the form")
        token = TOKEN.search(page.text)
        category = CATEGORY.search(page.text)
        if token is None or category is None:
            page.failure("no form on the page")  # type: ignore[attr-defined]
            return
        unique = uuid.uuid4().hex[:8]
        data = FORM | {
            "csrfmiddlewaretoken": token.group(1),
            "category": category.group(1),
            "last_name": f"Bench{unique}",
            "email": f"visitor-{unique}@example.org",
        }
        # The platform's cookies are Secure (production settings); over the loopback's plain
        # HTTP the client would not send them back by itself.
        cookie = "; ".join(f"{name}={value}" for name, value in page.cookies.items())
        with self.client.post(
            "/portal/request/",
            data=data,
            headers={"Cookie": cookie},
            name="submit a request",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "portal-code" not in response.text:
                response.failure(f"status {response.status_code}, no reference on the page")


# The fields of the request form (cases/portal/forms.py).
FORM = {
    "first_name": "Samira",
    "residence_country": "FR",
    "phone": "+33 6 12 34 56 78",
    "preferred_language": "fr",
    "description": "Je souhaite connaître l'état de mon dossier de permis de construire déposé en juillet.",
    "consent": "on",
}
