from django.urls import path

from tugi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.me, name="me"),
    path("manage/users/", views.user_list, name="user_list"),
    path("manage/users/new/", views.user_new, name="user_new"),
    path("manage/users/<int:pk>/", views.user_detail, name="user_detail"),
    path("manage/users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("manage/users/<int:pk>/deactivate/", views.user_set_active, {"active": False}, name="user_deactivate"),
    path("manage/users/<int:pk>/activate/", views.user_set_active, {"active": True}, name="user_activate"),
    path("manage/users/<int:pk>/roles/add/", views.role_add, name="role_add"),
    path("manage/users/<int:pk>/roles/<int:assignment_pk>/remove/", views.role_remove, name="role_remove"),
    path("manage/org/", views.org, name="org"),
    path("manage/org/new/", views.org_new, name="org_new"),
    path("manage/org/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("manage/regions/new/", views.region_new, name="region_new"),
]
