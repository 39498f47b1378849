"""Security events that happen inside Django, django-allauth and django-axes.

The project sends no signals of its own (ENGINEERING rule 3); these libraries report logins,
failures, lock-outs and authenticator changes only through signals, so this module is the one place
that listens, and turns each into an audit event.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tugi.audit.models import EventKind
from tugi.audit.services import record

# A failed login names an account that may not exist: keep what was typed, bounded in length.
MAX_TYPED_USERNAME = 150


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("accounts.session.logged_in", actor=user, kind=EventKind.AUTH, obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("accounts.session.logged_out", actor=user, kind=EventKind.AUTH, obj=user)


def _record_typed_name(action: str, typed: str, data: dict[str, Any] | None = None) -> None:
    """A failure under a name someone typed: name the account (and so its agency) if it exists."""
    typed = str(typed)[:MAX_TYPED_USERNAME]
    user = get_user_model().objects.filter(username=typed).only("pk", "agency_id").first()
    record(action, actor=None, kind=EventKind.AUTH, obj=user, actor_label=typed, data=data)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    typed = credentials.get("username") or credentials.get("login") or ""
    _record_typed_name("accounts.session.login_failed", typed)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    _record_typed_name("accounts.session.locked_out", username, data={"ip": ip_address})


def _password_event(verb: str) -> Any:
    def handler(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        record(f"accounts.password.{verb}", actor=user, kind=EventKind.AUTH, obj=user)

    return handler


_password_changed = _password_event("changed")
_password_set = _password_event("set")
_password_reset = _password_event("reset")
account_signals.password_changed.connect(_password_changed, dispatch_uid="tugi_password_changed")
account_signals.password_set.connect(_password_set, dispatch_uid="tugi_password_set")
account_signals.password_reset.connect(_password_reset, dispatch_uid="tugi_password_reset")


def _authenticator_event(verb: str) -> Any:
    def handler(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
        if verb == "removed" and request is not None:
            # The MFA middleware remembers "has a factor" in the session; ask again after a removal.
            request.session.pop("tugi_mfa_ok", None)
        record(
            f"accounts.mfa.{verb}",
            actor=user,
            kind=EventKind.AUTH,
            obj=user,
            data={"type": str(authenticator.type)},
        )

    return handler


_mfa_added = _authenticator_event("added")
_mfa_removed = _authenticator_event("removed")
_mfa_reset = _authenticator_event("reset")
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="tugi_mfa_added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="tugi_mfa_removed")
mfa_signals.authenticator_reset.connect(_mfa_reset, dispatch_uid="tugi_mfa_reset")
