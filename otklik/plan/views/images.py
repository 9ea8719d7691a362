"""A post's image, only to the press service (never through MEDIA_URL)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from otklik.accounts.permissions import require
from otklik.plan import actions
from otklik.plan.actions import images
from otklik.plan.models import Post


@require(actions.can_plan)
def post_image(request: HttpRequest, pk: int) -> FileResponse:
    post = get_object_or_404(Post.objects.only("pk", "image"), pk=pk)
    path = images.stored_path(post.image)
    if path is None:
        raise Http404("у поста нет изображения")
    response = FileResponse(path.open("rb"), content_type=images.content_type(path))
    response["Content-Disposition"] = f'inline; filename="post-{post.pk}{path.suffix}"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
