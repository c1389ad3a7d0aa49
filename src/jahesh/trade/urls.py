from django.urls import path

from . import views

urlpatterns = [
    path("exports/", views.exports_page, name="exports"),
    path("exports/product-space/", views.product_space_page, name="product-space"),
]
