"""This app's part of /api/v1/ (mounted by jahesh.api.main)."""

from ninja import Router

router = Router()
