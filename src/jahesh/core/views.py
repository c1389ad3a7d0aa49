from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.i18n import set_language

from .access import PUBLIC, allow, mark_public


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


login = mark_public(LoginView.as_view())
logout = mark_public(auth_views.LogoutView.as_view())
set_language_view = mark_public(set_language)


@allow(PUBLIC)
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
