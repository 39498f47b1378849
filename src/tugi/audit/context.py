"""Who and where of the current request, for audit events written deep inside loaders and services."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("tugi_audit_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(RequestContext(ip=request.META.get("REMOTE_ADDR") or None))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
