"""django-allauth behaviour for an agency system: no self sign-up; staff accounts come from admins."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def get_public_key_credential_rp_entity(self) -> dict[str, Any]:
        entity: dict[str, Any] = super().get_public_key_credential_rp_entity()
        entity["name"] = "Tugi"
        return entity
