"""Shared fixtures: the demo county and the same actors in every view test.

Actors (STYLE.md): county reviewer, township staff, branch secretary, the secretary of another branch
of the same township, and an outsider (logged in, no role); plus anonymous visitors.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@dataclass
class Demo:
    ctx: Any
    county: Any
    township: Any
    township2: Any
    branch: Any
    branch2: Any
    other_township_branch: Any
    users: dict[str, Any]

    def org(self, name: str) -> Any:
        return self.ctx.orgs[name]


@pytest.fixture
def demo(db) -> Demo:
    """The demo county of `make run` (core.demo.seed_demo), with an extra user who holds no role."""
    from core.demo import TOWNSHIP_1, TOWNSHIP_2, seed_demo

    ctx = seed_demo()
    User = get_user_model()
    outsider = User.objects.create_user("outsider", password="jinwei2026-outsider")
    users = dict(ctx.users)
    users["outsider"] = outsider
    return Demo(
        ctx=ctx, county=ctx.county, township=ctx.orgs[TOWNSHIP_1], township2=ctx.orgs[TOWNSHIP_2],
        branch=ctx.orgs["东方村党支部"], branch2=ctx.orgs["红旗村党支部"],
        other_township_branch=ctx.orgs["柳河村党支部"], users=users,
    )


ACTORS = ("anonymous", "county", "township", "branch", "branch2", "outsider")


@pytest.fixture
def client_for(demo):
    """client_for("township") → a Django test client logged in as that demo user."""

    def make(username: str) -> Client:
        client = Client()
        if username != "anonymous":
            client.force_login(demo.users[username])
        return client

    return make
