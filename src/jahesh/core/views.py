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


# -- notifications and attachments -------------------------------------------------------------------------

from django.core.paginator import Paginator  # noqa: E402
from django.http import FileResponse, Http404, HttpResponseRedirect  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.http import url_has_allowed_host_and_scheme  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

from .access import ALL_ROLES  # noqa: E402
from .models import Attachment, Notification  # noqa: E402
from .uploads import KINDS, may_download  # noqa: E402


@allow(*ALL_ROLES)
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first; unread ones marked."""
    items = Notification.objects.filter(user=request.user)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@allow(*ALL_ROLES)
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all of them read, then go to ``next`` (the notification's page)."""
    mine = Notification.objects.filter(user=request.user, read_at__isnull=True)
    pk = request.POST.get("id", "")
    if pk:
        mine = mine.filter(pk=int(pk)) if pk.isdigit() else mine.none()
    mine.update(read_at=timezone.now())
    target = request.POST.get("next") or "/notifications/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/notifications/"
    return HttpResponseRedirect(target)


@allow(*ALL_ROLES)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """One attachment, to a user the owning object's app lets see it; 404 to everyone else."""
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None or not may_download(request.user, attachment):
        raise Http404("No such attachment")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        handle,
        as_attachment=attachment.kind not in ("pdf", "png", "jpg", "jpeg"),
        filename=attachment.original_name,
        content_type=KINDS[attachment.kind][0],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
