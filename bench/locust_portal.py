"""Locust visitors of bench/portal_load.py: open the request form, submit it, again.

Run by bench/portal_load.py in its own process (locust brings gevent, which must
not patch the platform's process).
"""

from __future__ import annotations

import os

from locust import HttpUser, between, task
from portal_form import acknowledged, filled_in

HOST = os.environ.get("JISR_BENCH_HOST", "")


class Visitor(HttpUser):
    wait_time = between(0.5, 1.5)  # a person reads before submitting

    def on_start(self) -> None:
        self.client.headers["Host"] = HOST

    @task
    def submit_a_request(self) -> None:
        page = self.client.get("/portal/request/", name="open the form")
        data = filled_in(page.text)
        if data is None:
            page.failure("no form on the page")  # type: ignore[attr-defined]
            return
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
            if not acknowledged(response):
                response.failure(f"status {response.status_code}, no reference on the page")
