"""``path("api/v1/", include("jahesh.api.urls"))``: the API's URLs in the ``api-v1`` namespace."""

from .main import api

urlpatterns, app_name, _namespace = api.urls
