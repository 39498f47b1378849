"""django-allauth behaviour for an agency system: no self sign-up; staff accounts come from admins."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

# "Signed in as …" / "You have signed out": written before the user's own language is known, and
# the page that follows says who is logged in anyway.
SILENT_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def add_message(
        self, request: HttpRequest, level: int, message_template: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        if message_template in SILENT_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        # django-axes finds the account of a failed login in the signal's credentials under
        # AXES_USERNAME_FORM_FIELD ("login"); allauth passes it as "username". Without the copy no
        # failure is counted and no account is ever locked (axes documents the same shim for allauth).
        if "username" in credentials:
            credentials.setdefault("login", credentials["username"])
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        return user


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def get_public_key_credential_rp_entity(self) -> dict[str, Any]:
        entity: dict[str, Any] = super().get_public_key_credential_rp_entity()
        entity["name"] = "Tugi"
        return entity
