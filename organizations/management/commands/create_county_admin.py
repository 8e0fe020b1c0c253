"""The first county administrator (docs/rules.md §1): creates the county root if it is missing and an account
holding the county administrator role on it. From then on, county accounts are managed in the app
(组织与账号 → 账号), not in /admin/.

    python manage.py create_county_admin --county 晋安县委组织部 --username admin --full-name "张管理"

The password is read from the environment variable JINWEI_ADMIN_PASSWORD, else asked for twice.
"""
from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.audit import audit_record
from organizations.choices import OrgKind, Role
from organizations.models import Organization, OrgRole
from organizations.services import organization_create_root


class Command(BaseCommand):
    help = "Create the county root (if missing) and its first county administrator account."

    def add_arguments(self, parser):
        parser.add_argument("--county", required=True, help="name of the county organisation department (the root)")
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", default="")

    def handle(self, *args, county: str, username: str, full_name: str, **options):
        User = get_user_model()
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"用户名 {username} 已被使用。")
        password = os.environ.get("JINWEI_ADMIN_PASSWORD") or self._ask()
        user = User(username=username, first_name=full_name[:150])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from None
        with transaction.atomic():
            root = Organization.objects.filter(parent=None, name=county).first()
            if root is None:
                if Organization.objects.filter(parent=None, kind=OrgKind.COUNTY).exists():
                    self.stdout.write(f"注意：已有其他县级根组织，另建“{county}”。")
                root = organization_create_root(name=county)
                self.stdout.write(f"已创建县级组织：{root.name}")
            user.set_password(password)
            user.save()
            grant = OrgRole.objects.create(user=user, organization=root, role=Role.COUNTY_ADMIN)
            audit_record(actor=None, action="role.grant", obj=grant, organization=root,
                         after={"user": username, "role": Role.COUNTY_ADMIN}, reason="create_county_admin")
        self.stdout.write(self.style.SUCCESS(f"已创建县级管理员 {username}（{root.name}）。请登录后在“账号”页面添加县委组织部审核人。"))

    def _ask(self) -> str:
        first = getpass.getpass("密码：")
        if first != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致。")
        return first
