"""Request-wide behaviour: session limits, the user's language, required MFA."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

SESSION_LOGIN_AT = "tugi_login_at"


class SessionLimitsMiddleware:
    """Ends a session 12 h (setting) after login whatever the activity; the idle limit is the cookie age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_LOGIN_AT)
            now = time.time()
            if started is None:
                request.session[SESSION_LOGIN_AT] = now
            elif now - float(started) > settings.TUGI_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session reached its time limit. Please log in again."))
                return redirect(settings.LOGIN_URL)
        response = self.get_response(request)
        # The clock starts at login itself (this request logged the user in), not at their next click.
        if request.user.is_authenticated and SESSION_LOGIN_AT not in request.session:
            request.session[SESSION_LOGIN_AT] = time.time()
        return response


class UserLanguageMiddleware:
    """A logged-in user's chosen language wins over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = getattr(request.user, "language", None)
        if request.user.is_authenticated and language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        return response


class MfaRequiredMiddleware:
    """Staff must set up a second factor before they can use anything but the MFA pages.

    Demo accounts are exempt only while TUGI_DEMO is on (never in production).
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.TUGI_MFA_REQUIRED
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not getattr(user, "mfa_exempt", False)
        ):
            from allauth.mfa.models import Authenticator

            # Remember a positive answer in the session: one query per session, not per request.
            if request.session.get("tugi_mfa_ok"):
                return self.get_response(request)
            if Authenticator.objects.filter(user_id=user.pk).exists():
                request.session["tugi_mfa_ok"] = True
            else:
                messages.warning(request, _("Set up a second factor (authenticator app or passkey) to continue."))
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
