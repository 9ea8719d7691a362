"""/plan/: the list of posts, a post's card, form and buttons; the campaigns."""

from django.urls import path

from otklik.plan.views import campaigns, images, post_buttons, posts

urlpatterns = [
    path("", posts.post_list, name="plan-list"),
    path("new/", posts.post_new, name="plan-new"),
    path("<int:pk>/", posts.post_detail, name="plan-post"),
    path("<int:pk>/edit/", posts.post_edit, name="plan-edit"),
    path("<int:pk>/image/", images.post_image, name="plan-image"),
    path("<int:pk>/submit/", post_buttons.submit, name="plan-submit"),
    path("<int:pk>/approve/", post_buttons.approve, name="plan-approve"),
    path("channels/<int:pk>/retry/", post_buttons.retry, name="plan-retry"),
    path("campaigns/", campaigns.campaign_list, name="plan-campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="plan-campaign-new"),
    path("campaigns/<slug:slug>/", campaigns.campaign_detail, name="plan-campaign"),
    path("campaigns/<slug:slug>/edit/", campaigns.campaign_edit, name="plan-campaign-edit"),
]
